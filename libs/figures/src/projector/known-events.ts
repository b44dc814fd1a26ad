import { FREEZE_EVENT_TYPES, INCIDENT_EVENT_TYPES, LE_REQUEST_EVENT_TYPES, TRAINING_EVENT_TYPES } from '@ledger/domain';

/** Corrections and reversals of requests, freezes and incidents, and supplementary answers (libs/domain adds them
 *  to its category lists too; the set keeps one of each). The version 2 figures consume them. */
export const CORRECTION_EVENT_TYPES = [
  'LawEnforcementRequestCorrected',
  'LawEnforcementRequestReversed',
  'LawEnforcementRequestAnswerSupplemented',
  'FreezeCorrected',
  'FreezeReversed',
  'IncidentCorrected',
  'IncidentReversed',
] as const;

/**
 * Every event type the ledger records. An event outside this list stops the projector: it may be a fact some
 * figure should count, and a figure that silently leaves it out would publish a wrong number.
 */
export const LEDGER_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...CORRECTION_EVENT_TYPES,
  ...TRAINING_EVENT_TYPES,
  ...LE_REQUEST_EVENT_TYPES,
  ...FREEZE_EVENT_TYPES,
  ...INCIDENT_EVENT_TYPES,
]);
