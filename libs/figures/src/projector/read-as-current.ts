import { type EventSchema, LEDGER_EVENT_SCHEMAS, upcast } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { ProjectionError } from './projection-error';

/**
 * The events of a batch as their current schema versions, through the domain's upcasters: definitions read one
 * shape per event type (their `consumes` lists the current version), whatever version a build wrote. The stored
 * events never change; only what the definitions are handed does. An older version this build has no upcaster for
 * stops the projector (a figure over a misread history would be worse than a stale one).
 */
export function readAsCurrent(
  events: readonly RecordedEvent[],
  schemas: Readonly<Record<string, EventSchema>> = LEDGER_EVENT_SCHEMAS,
): RecordedEvent[] {
  return events.map((event) => {
    // A version newer than this build's passes as it is: each figure consuming the type refuses it, naming itself.
    if (!Object.prototype.hasOwnProperty.call(schemas, event.type) || event.schemaVersion >= schemas[event.type].current) return event;
    try {
      const current = upcast(event, schemas);
      return { ...event, schemaVersion: current.schemaVersion, data: current.data };
    } catch (error) {
      throw new ProjectionError(undefined, event, (error as Error).message, error);
    }
  });
}
