import type { Citation, CitationStatus } from './shared/citations';
import { exhaustive, type Decider } from './shared/domain-event';
import { upcast, type EventSchema, type StoredEvent } from './shared/upcasting';
import { invalid } from './shared/domain-error';
import { requireAggregateId } from './shared/validation';
import { TRAINING_COMMAND_TYPES, trainingDecider, type TrainingCommand } from './training/training.decider';
import { TRAINING_EVENT_SCHEMAS, TRAINING_EVENT_TYPES, type TrainingEvent } from './training/training.events';
import { LE_REQUEST_COMMAND_TYPES, leRequestDecider, type LeRequestCommand } from './le-request/le-request.decider';
import { LE_REQUEST_EVENT_SCHEMAS, LE_REQUEST_EVENT_TYPES, type LeRequestEvent } from './le-request/le-request.events';
import { FREEZE_COMMAND_TYPES, freezeDecider, type FreezeCommand } from './freeze/freeze.decider';
import { FREEZE_EVENT_SCHEMAS, FREEZE_EVENT_TYPES, type FreezeEvent } from './freeze/freeze.events';
import { INCIDENT_COMMAND_TYPES, incidentDecider, type IncidentCommand } from './incident/incident.decider';
import { INCIDENT_EVENT_SCHEMAS, INCIDENT_EVENT_TYPES, type IncidentEvent } from './incident/incident.events';

/**
 * The whole ledger's vocabulary: every command and event, and which decider and stream a command goes to.
 * Stream names are `<category>-<id>`; categories contain no dash (EventStoreDB takes the text before the
 * first dash as the category).
 */
export type LedgerCommand = TrainingCommand | LeRequestCommand | FreezeCommand | IncidentCommand;
export type LedgerEvent = TrainingEvent | LeRequestEvent | FreezeEvent | IncidentEvent;
export type LedgerCommandType = LedgerCommand['type'];
export type LedgerEventType = LedgerEvent['type'];

export const CATEGORIES = ['training', 'request', 'freeze', 'incident'] as const;
export type Category = (typeof CATEGORIES)[number];

export const LEDGER_COMMAND_TYPES = exhaustive<LedgerCommandType>()([
  ...TRAINING_COMMAND_TYPES,
  ...LE_REQUEST_COMMAND_TYPES,
  ...FREEZE_COMMAND_TYPES,
  ...INCIDENT_COMMAND_TYPES,
] as const);

export const LEDGER_EVENT_TYPES = exhaustive<LedgerEventType>()([
  ...TRAINING_EVENT_TYPES,
  ...LE_REQUEST_EVENT_TYPES,
  ...FREEZE_EVENT_TYPES,
  ...INCIDENT_EVENT_TYPES,
] as const);

/** Every event type's current schema version and upcasters, from the category files where the events are defined. */
export const LEDGER_EVENT_SCHEMAS: Readonly<Record<LedgerEventType, EventSchema>> = {
  ...TRAINING_EVENT_SCHEMAS,
  ...LE_REQUEST_EVENT_SCHEMAS,
  ...FREEZE_EVENT_SCHEMAS,
  ...INCIDENT_EVENT_SCHEMAS,
};

/** A stored event as the current version of its type: what `evolve` and the projections read. */
export function upcastLedgerEvent(event: StoredEvent): LedgerEvent {
  return upcast(event, LEDGER_EVENT_SCHEMAS) as LedgerEvent;
}

/** Lives in shared/validation so deciders can check referenced ids without importing this module. */
export { requireAggregateId };

export function streamName(category: Category, id: string): string {
  return `${category}-${id}`;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDecider = Decider<any, any, any>;

/** Each category's decider, e.g. to fold a stream read back by name (`categoryOf(stream)`). */
export const DECIDERS: Readonly<Record<Category, AnyDecider>> = {
  training: trainingDecider,
  request: leRequestDecider,
  freeze: freezeDecider,
  incident: incidentDecider,
};

export interface CommandRoute {
  readonly category: Category;
  readonly stream: string;
  readonly decider: AnyDecider;
}

/** Each command type's category, from the types every category's decider lists as its own. */
const CATEGORY_OF_COMMAND: ReadonlyMap<string, Category> = new Map(
  CATEGORIES.flatMap((category) => DECIDERS[category].commandTypes.map((type: string) => [type, category] as const)),
);

/** The category a command type belongs to: its decider, and what a service key must be granted to send it. */
export function categoryOfCommand(type: LedgerCommandType): Category {
  const category = CATEGORY_OF_COMMAND.get(type);
  // A command of an unknown type can still arrive from outside at run time.
  if (category === undefined)
    throw invalid('unknown_command', `unknown command type ${String(type)}; expected one of ${LEDGER_COMMAND_TYPES.join(', ')}`);
  return category;
}

/** Where a command goes: its category's decider and the stream of the aggregate it targets (the decider says which). */
export function routeCommand(command: LedgerCommand): CommandRoute {
  const category = categoryOfCommand(command.type);
  const decider = DECIDERS[category];
  return { category, stream: streamName(category, decider.aggregateIdOf(command)), decider };
}

/**
 * The other aggregates a command cites, as its category's decider lists them. The application reads each cited stream,
 * folds it, and hands its status to `decide` in `context.cited` (see `citationStatus`), so the decision stays pure.
 * A command of an unknown type cites nothing: routing refuses it.
 */
export function citationsOf(command: Pick<LedgerCommand, 'type' | 'data'>): Citation[] {
  const category = CATEGORY_OF_COMMAND.get(command.type);
  return category === undefined ? [] : DECIDERS[category].citationsOf(command);
}

/** How a cited stream's folded state reads as a citation: reversed records count as absent for new citations. */
export function citationStatus(state: { readonly status: string }): CitationStatus {
  return state.status === 'none' ? 'none' : state.status === 'reversed' ? 'reversed' : 'recorded';
}
