import { requireCited } from '../../shared/citations';
import { conflict } from '../../shared/domain-error';
import { canonical, decimal, MAX_USD_DECIMALS, sum } from '../../shared/money';
import { isNotBefore, requireAggregateId, requireDecimal, requirePastTime } from '../../shared/validation';
import type { FundsRecovered } from '../incident.events';
import { requireIncident } from '../incident.rules';
import type { IncidentState } from '../incident.state';
import type { RecordRecovery } from './record-recovery.command';

export function recordRecovery(command: RecordRecovery, state: IncidentState): [FundsRecovered] {
  const { incidentId, usdValue, recoveredAt, freezeId } = command.data;
  const incident = requireIncident(incidentId, state);
  requireDecimal('usdValue', usdValue, MAX_USD_DECIMALS, { positive: true });
  requirePastTime('recoveredAt', recoveredAt, command.context.now);
  if (freezeId !== undefined)
    requireCited(command.context, { field: 'freezeId', category: 'freeze', id: requireAggregateId('freezeId', freezeId) });
  if (!isNotBefore(recoveredAt, incident.reportedAt)) {
    throw conflict(
      'incident.recovered_before_reported',
      `recoveredAt ${recoveredAt} is before the theft was reported (${incident.reportedAt}); expected a time at or after it`,
      {
        recoveredAt,
        reportedAt: incident.reportedAt,
      },
    );
  }
  const recoveredUsd = sum([incident.recoveredUsd, usdValue]);
  if (recoveredUsd.greaterThan(incident.stolenUsd)) {
    const left = canonical(decimal(incident.stolenUsd).minus(incident.recoveredUsd));
    throw conflict(
      'incident.recovery_exceeds_stolen',
      `recovering ${usdValue} USD would bring the total recovered to ${canonical(recoveredUsd)} USD, more than the ${incident.stolenUsd} USD stolen; at most ${left} USD is left to recover`,
      { usdValue, stolenUsd: incident.stolenUsd, recoveredUsd: incident.recoveredUsd, left },
    );
  }
  const data: FundsRecovered['data'] =
    freezeId === undefined ? { incidentId, usdValue, recoveredAt } : { incidentId, usdValue, recoveredAt, freezeId };
  return [{ type: 'FundsRecovered', schemaVersion: 1, data }];
}
