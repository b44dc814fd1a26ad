import { FREEZE_EVENT_TYPES, INCIDENT_EVENT_TYPES, LE_REQUEST_EVENT_TYPES, TRAINING_EVENT_TYPES } from '@ledger/domain';

/**
 * Every event type the ledger records. An event outside this list stops the projector: it may be a fact some
 * figure should count, and a figure that silently leaves it out would publish a wrong number.
 */
export const LEDGER_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...TRAINING_EVENT_TYPES,
  ...LE_REQUEST_EVENT_TYPES,
  ...FREEZE_EVENT_TYPES,
  ...INCIDENT_EVENT_TYPES,
]);
