import type { LedgerEvent, LedgerEventType } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { type Applied, type FigureDefinition, ProjectionRuleError } from './figure-definition';

/** What a definition reads of an event besides its type, version and data: its stream, position and metadata. */
export type EventEnvelope = Omit<RecordedEvent, 'type' | 'schemaVersion' | 'data'>;

/**
 * A recorded event of one of the types `T`, with the domain's data for its type: a union on `type`, so
 * `switch (event.type)` narrows `data` (emmett narrows a projection's events the same way, by the types it handles).
 */
export type FigureEvent<T extends LedgerEventType = LedgerEventType> = EventEnvelope & Extract<LedgerEvent, { readonly type: T }>;

/** The schema versions a figure reads, for each type it reads: exactly the types `T`, each with a version it has. */
export type Consumes<T extends LedgerEventType> = {
  readonly [K in T]: readonly Extract<LedgerEvent, { readonly type: K }>['schemaVersion'][];
};

/**
 * A figure definition as it is written: what it consumes is keyed by the domain's event types, and `entityOf` and
 * `apply` get the event narrowed to those types. `defineFigure` turns it into the FigureDefinition the projector runs.
 */
export interface TypedFigureDefinition<T extends LedgerEventType, S> extends Omit<
  FigureDefinition<S>,
  'consumes' | 'entityOf' | 'relatedOf' | 'apply'
> {
  /** Event types and schema versions this figure reads (the projector hands events as their current version). */
  readonly consumes: Consumes<T>;
  /** The entity whose state an event needs and updates (e.g. the request id). */
  entityOf(event: FigureEvent<T>): string;
  /** Other entities the event reads and may change (FigureDefinition.relatedOf). */
  relatedOf?(event: FigureEvent<T>, state: S | undefined): readonly string[];
  /** Pure: the event applied to the entity's state, and to the related entities' states. Throws when the event
   *  cannot be applied. */
  apply(event: FigureEvent<T>, state: S | undefined, related?: ReadonlyMap<string, S | undefined>): Applied<S>;
}

/** Whether a figure that consumes these types and versions reads the event: the one check behind every narrowing. */
export function readsEvent<T extends LedgerEventType>(consumes: Consumes<T>, event: RecordedEvent): event is FigureEvent<T> {
  const versions: Readonly<Partial<Record<string, readonly number[]>>> = consumes;
  return Object.prototype.hasOwnProperty.call(versions, event.type) && versions[event.type]!.includes(event.schemaVersion);
}

/**
 * The definition the projector runs (`consumes` by type name, `entityOf` and `apply` of any recorded event): each
 * event is narrowed here, once, and one the figure does not read is refused rather than misread.
 */
export function defineFigure<T extends LedgerEventType, S>(definition: TypedFigureDefinition<T, S>): FigureDefinition<S> {
  const narrow = (event: RecordedEvent): FigureEvent<T> => {
    if (readsEvent(definition.consumes, event)) return event;
    throw new ProjectionRuleError(`${definition.name} does not read ${event.type} (schema version ${event.schemaVersion})`);
  };
  const consumes: Readonly<Record<string, readonly number[]>> = definition.consumes;
  return {
    ...definition,
    consumes,
    entityOf: (event) => definition.entityOf(narrow(event)),
    ...(definition.relatedOf === undefined ? {} : { relatedOf: (event, state) => definition.relatedOf!(narrow(event), state) }),
    apply: (event, state, related) => definition.apply(narrow(event), state, related),
  };
}
