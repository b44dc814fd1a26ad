import type { DomainEvent } from '@ledger/domain';
import { NOW } from '../decider/decider-spec';

type Data<E extends DomainEvent> = E['data'] & object;

/**
 * A builder of one event type: a valid event from sensible defaults, any field overridden by name, e.g.
 * `fundsFrozen({ country: 'AR' })`. Every event is built at its current schema version.
 */
export function eventBuilder<E extends DomainEvent<string, object, 1>>(
  type: E['type'],
  defaults: Data<E>,
): (overrides?: Partial<Data<E>>) => E {
  // The spread of a Partial over a full data object is the full data type; TypeScript cannot see it through the generic.
  return (overrides = {}) => ({ type, schemaVersion: 1, data: { ...defaults, ...overrides } }) as E;
}

/** When corrections and reversals are decided by default: the decision time of `context()`. */
export const DECIDED_AT = NOW;

/** What every category's correction carries besides its id: nothing changed yet, a reason, decided at DECIDED_AT. */
export const correctionOf = (reason: string) => ({ changes: {}, replaces: {}, reason, correctedAt: DECIDED_AT });

/** What every category's reversal carries besides its id. */
export const REVERSAL = { reason: 'recorded in error', reversedAt: DECIDED_AT };
