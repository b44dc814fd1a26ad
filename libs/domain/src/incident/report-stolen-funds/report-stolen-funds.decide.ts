import { conflict } from '../../shared/domain-error';
import { MAX_USD_DECIMALS } from '../../shared/money';
import { requireAggregateId, requireCountry, requireDecimal, requireOneOf, requirePastTime } from '../../shared/validation';
import { INCIDENT_KINDS, type StolenFundsReported } from '../incident.events';
import type { IncidentState } from '../incident.state';
import type { ReportStolenFunds } from './report-stolen-funds.command';

export function reportStolenFunds(command: ReportStolenFunds, state: IncidentState): [StolenFundsReported] {
  const { incidentId, usdValue, reportedAt, kind, country } = command.data;
  if (state.status !== 'none') throw conflict('incident.already_reported', `incident ${incidentId} is already reported; record recoveries against it instead`);
  requireAggregateId('incidentId', incidentId);
  requireDecimal('usdValue', usdValue, MAX_USD_DECIMALS, { positive: true });
  requirePastTime('reportedAt', reportedAt, command.context.now);
  requireOneOf('kind', kind, INCIDENT_KINDS);
  requireCountry('country', country);
  // Only the known fields go into the fact: an event is kept (and hashed) forever.
  return [{ type: 'StolenFundsReported', schemaVersion: 1, data: { incidentId, usdValue, reportedAt, kind, country } }];
}
