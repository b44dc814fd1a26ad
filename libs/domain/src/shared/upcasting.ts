import { conflict } from './domain-error';
import type { DomainEvent } from './domain-event';

/** Turns the data of one schema version of an event into the next version's. Pure; the stored event never changes. */
export type Upcaster = (data: unknown) => unknown;

/** What the code knows of an event type: its current version and, per older version v, how to read v as v + 1. */
export interface EventSchema {
  readonly current: number;
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/** A recorded event as stored: any version this or an earlier build wrote. */
export interface StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * Reads a stored event as its current version, applying the upcasters from its version up. An event of an unknown
 * type passes as it is (its decider ignores or refuses it); one of a version this build cannot read is refused,
 * since deciding on a misread history would be worse than not deciding.
 */
export function upcast(event: StoredEvent, schemas: Readonly<Record<string, EventSchema>>): DomainEvent {
  const schema = Object.prototype.hasOwnProperty.call(schemas, event.type) ? schemas[event.type] : undefined;
  if (schema === undefined || event.schemaVersion === schema.current)
    return { type: event.type, schemaVersion: event.schemaVersion, data: event.data };
  let data = event.data;
  for (let version = event.schemaVersion; version < schema.current; version++) {
    const up = schema.upcasters?.[version];
    if (up === undefined) break;
    data = up(data);
    if (version + 1 === schema.current) return { type: event.type, schemaVersion: schema.current, data };
  }
  throw conflict(
    'event.unknown_schema_version',
    `${event.type} schema version ${event.schemaVersion} cannot be read by this build (current version ${schema.current})`,
    {
      type: event.type,
      schemaVersion: event.schemaVersion,
      current: schema.current,
    },
  );
}
