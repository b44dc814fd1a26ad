import type { Command } from '../../shared/domain-event';
import type { IncidentDetails } from '../incident.events';

export type CorrectIncident = Command<
  'CorrectIncident',
  { readonly incidentId: string; readonly changes: Partial<IncidentDetails>; readonly reason: string }
>;
