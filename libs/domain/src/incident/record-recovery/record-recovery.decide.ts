import { conflict, notFound } from '../../shared/domain-error';
import { canonical, decimal, MAX_USD_DECIMALS, sum } from '../../shared/money';
import { isNotBefore, requireAggregateId, requireDecimal, requirePastTime } from '../../shared/validation';
import type { FundsRecovered } from '../incident.events';
import type { IncidentState } from '../incident.state';
import type { RecordRecovery } from './record-recovery.command';

export function recordRecovery(command: RecordRecovery, state: IncidentState): [FundsRecovered] {
  const { incidentId, usdValue, recoveredAt, freezeId } = command.data;
  if (state.status === 'none') throw notFound('incident.not_found', `incident ${incidentId} does not exist; report the stolen funds first`);
  requireDecimal('usdValue', usdValue, MAX_USD_DECIMALS, { positive: true });
  requirePastTime('recoveredAt', recoveredAt, command.context.now);
  if (freezeId !== undefined) requireAggregateId('freezeId', freezeId);
  if (!isNotBefore(recoveredAt, state.reportedAt)) {
    throw conflict('incident.recovered_before_reported', `recoveredAt ${recoveredAt} is before the theft was reported (${state.reportedAt}); expected a time at or after it`, {
      recoveredAt,
      reportedAt: state.reportedAt,
    });
  }
  const recoveredUsd = sum([state.recoveredUsd, usdValue]);
  if (recoveredUsd.greaterThan(state.stolenUsd)) {
    const left = canonical(decimal(state.stolenUsd).minus(state.recoveredUsd));
    throw conflict(
      'incident.recovery_exceeds_stolen',
      `recovering ${usdValue} USD would bring the total recovered to ${canonical(recoveredUsd)} USD, more than the ${state.stolenUsd} USD stolen; at most ${left} USD is left to recover`,
      { usdValue, stolenUsd: state.stolenUsd, recoveredUsd: state.recoveredUsd, left },
    );
  }
  const data: FundsRecovered['data'] = freezeId === undefined ? { incidentId, usdValue, recoveredAt } : { incidentId, usdValue, recoveredAt, freezeId };
  return [{ type: 'FundsRecovered', schemaVersion: 1, data }];
}
