import { conflict } from '../../shared/domain-error';
import { requireAggregateId } from '../../shared/validation';
import type { StolenFundsReported } from '../incident.events';
import { checkIncidentDetails } from '../incident.rules';
import type { IncidentState } from '../incident.state';
import type { ReportStolenFunds } from './report-stolen-funds.command';

export function reportStolenFunds(command: ReportStolenFunds, state: IncidentState): [StolenFundsReported] {
  const { incidentId, usdValue, reportedAt, kind, country } = command.data;
  if (state.status !== 'none')
    throw conflict('incident.already_reported', `incident ${incidentId} is already reported; record recoveries against it instead`);
  requireAggregateId('incidentId', incidentId);
  checkIncidentDetails(command.data, command.context.now);
  // Only the known fields go into the fact: an event is kept (and hashed) forever.
  return [{ type: 'StolenFundsReported', schemaVersion: 1, data: { incidentId, usdValue, reportedAt, kind, country } }];
}
