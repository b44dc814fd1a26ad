import { cite } from '../shared/citations';
import { assertNever, exhaustive, type Decider } from '../shared/domain-event';
import { requireAggregateId } from '../shared/validation';
import { correctIncident } from './correct-incident/correct-incident.decide';
import type { CorrectIncident } from './correct-incident/correct-incident.command';
import type { IncidentEvent } from './incident.events';
import { evolveIncident, initialIncidentState, type IncidentState } from './incident.state';
import { recordRecovery } from './record-recovery/record-recovery.decide';
import type { RecordRecovery } from './record-recovery/record-recovery.command';
import { reverseIncident } from './reverse-incident/reverse-incident.decide';
import type { ReverseIncident } from './reverse-incident/reverse-incident.command';
import { reportStolenFunds } from './report-stolen-funds/report-stolen-funds.decide';
import type { ReportStolenFunds } from './report-stolen-funds/report-stolen-funds.command';

export type IncidentCommand = ReportStolenFunds | RecordRecovery | CorrectIncident | ReverseIncident;
export const INCIDENT_COMMAND_TYPES = exhaustive<IncidentCommand['type']>()([
  'ReportStolenFunds',
  'RecordRecovery',
  'CorrectIncident',
  'ReverseIncident',
]);

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  category: 'incident',
  commandTypes: INCIDENT_COMMAND_TYPES,
  aggregateIdOf: (command) => requireAggregateId('incidentId', command.data.incidentId),
  /** A recovery cites the freeze the recovered funds came through. */
  citationsOf: (command) =>
    command.type === 'RecordRecovery' ? cite('freezeId', 'freeze', (command.data as { freezeId?: unknown }).freezeId) : [],
  initialState: initialIncidentState,
  evolve: evolveIncident,
  decide(command, state) {
    switch (command.type) {
      case 'ReportStolenFunds':
        return reportStolenFunds(command, state);
      case 'RecordRecovery':
        return recordRecovery(command, state);
      case 'CorrectIncident':
        return correctIncident(command, state);
      case 'ReverseIncident':
        return reverseIncident(command, state);
      default:
        return assertNever(command, 'incident command');
    }
  },
};
