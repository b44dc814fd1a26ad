import { assertNever, type Decider } from '../shared/domain-event';
import type { IncidentEvent } from './incident.events';
import { evolveIncident, initialIncidentState, type IncidentState } from './incident.state';
import { recordRecovery } from './record-recovery/record-recovery.decide';
import type { RecordRecovery } from './record-recovery/record-recovery.command';
import { reportStolenFunds } from './report-stolen-funds/report-stolen-funds.decide';
import type { ReportStolenFunds } from './report-stolen-funds/report-stolen-funds.command';

export type IncidentCommand = ReportStolenFunds | RecordRecovery;
export const INCIDENT_COMMAND_TYPES = ['ReportStolenFunds', 'RecordRecovery'] as const satisfies readonly IncidentCommand['type'][];

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  category: 'incident',
  initialState: initialIncidentState,
  evolve: evolveIncident,
  decide(command, state) {
    switch (command.type) {
      case 'ReportStolenFunds':
        return reportStolenFunds(command, state);
      case 'RecordRecovery':
        return recordRecovery(command, state);
      default:
        return assertNever(command, 'incident command');
    }
  },
};
