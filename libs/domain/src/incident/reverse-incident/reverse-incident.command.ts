import type { Command } from '../../shared/domain-event';

/** Reverses an incident recorded in error: it and its recoveries drop out of every figure. */
export type ReverseIncident = Command<'ReverseIncident', { readonly incidentId: string; readonly reason: string }>;
