import { requireText } from '../../shared/validation';
import type { IncidentReversed } from '../incident.events';
import { requireIncident } from '../incident.rules';
import type { IncidentState } from '../incident.state';
import type { ReverseIncident } from './reverse-incident.command';

export function reverseIncident(command: ReverseIncident, state: IncidentState): [IncidentReversed] {
  const { incidentId, reason } = command.data;
  requireIncident(incidentId, state);
  requireText('reason', reason, 1000);
  return [{ type: 'IncidentReversed', schemaVersion: 1, data: { incidentId, reason, reversedAt: command.context.now } }];
}
