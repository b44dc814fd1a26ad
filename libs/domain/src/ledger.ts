import type { Citation, CitationStatus, CitedCategory } from './shared/citations';
import type { Decider } from './shared/domain-event';
import { upcast, type EventSchema, type StoredEvent } from './shared/upcasting';
import { invalid } from './shared/domain-error';
import { ID_PATTERN, requireAggregateId } from './shared/validation';
import { trainingDecider, type TrainingCommand } from './training/training.decider';
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

const TRAINING_COMMAND_TYPES = ['RecordTrainingSession', 'CorrectTrainingSession', 'WithdrawTrainingSession'] as const satisfies readonly TrainingCommand['type'][];

/** Lists a type only if it has every member of the union `T`: a command or event added later cannot be left out. */
type Exhaustive<T extends string, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? L : { missing: Exclude<T, L[number]> };
const exhaustive = <T extends string>() => <const L extends readonly T[]>(list: Exhaustive<T, L>): L => list as L;

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

/** Where a command goes: its category's decider and the stream of the aggregate it targets. */
export function routeCommand(command: LedgerCommand): CommandRoute {
  switch (command.type) {
    case 'RecordTrainingSession':
    case 'CorrectTrainingSession':
    case 'WithdrawTrainingSession':
      return { category: 'training', stream: streamName('training', requireAggregateId('trainingId', command.data.trainingId)), decider: trainingDecider };
    case 'ReceiveRequest':
    case 'AnswerRequest':
    case 'WithdrawRequest':
    case 'CorrectRequest':
    case 'ReverseRequest':
    case 'SupplementAnswer':
      return { category: 'request', stream: streamName('request', requireAggregateId('requestId', command.data.requestId)), decider: leRequestDecider };
    case 'FreezeFunds':
    case 'ReleaseFunds':
    case 'SeizeFunds':
    case 'ReturnFunds':
    case 'CorrectFreeze':
    case 'ReverseFreeze':
      return { category: 'freeze', stream: streamName('freeze', requireAggregateId('freezeId', command.data.freezeId)), decider: freezeDecider };
    case 'ReportStolenFunds':
    case 'RecordRecovery':
    case 'CorrectIncident':
    case 'ReverseIncident':
      return { category: 'incident', stream: streamName('incident', requireAggregateId('incidentId', command.data.incidentId)), decider: incidentDecider };
    default: {
      // `never` here at compile time; at run time a command of an unknown type can still arrive from outside.
      const unknown: { type?: unknown } = command satisfies never;
      throw invalid('unknown_command', `unknown command type ${String(unknown.type)}; expected one of ${LEDGER_COMMAND_TYPES.join(', ')}`);
    }
  }
}

/**
 * The other aggregates a command cites. The application reads each cited stream, folds it, and hands its status to
 * `decide` in `context.cited` (see `citationStatus`), so the decision stays pure. Ids that are not well formed are
 * left out: `decide` refuses them with `invalid_id`.
 */
export function citationsOf(command: Pick<LedgerCommand, 'type' | 'data'>): Citation[] {
  const cite = (field: string, category: CitedCategory, id: unknown): Citation[] =>
    typeof id === 'string' && ID_PATTERN.test(id) ? [{ field, category, id }] : [];
  const data = command.data as unknown as Record<string, unknown>;
  const changes = (typeof data.changes === 'object' && data.changes !== null ? data.changes : {}) as Record<string, unknown>;
  switch (command.type) {
    case 'FreezeFunds':
      return [...cite('requestId', 'request', data.requestId), ...cite('incidentId', 'incident', data.incidentId)];
    case 'CorrectFreeze':
      return [...cite('changes.requestId', 'request', changes.requestId), ...cite('changes.incidentId', 'incident', changes.incidentId)];
    case 'ReturnFunds':
      return cite('incidentId', 'incident', data.incidentId);
    case 'RecordRecovery':
      return cite('freezeId', 'freeze', data.freezeId);
    default:
      return [];
  }
}

/** How a cited stream's folded state reads as a citation: reversed records count as absent for new citations. */
export function citationStatus(state: { readonly status: string }): CitationStatus {
  return state.status === 'none' ? 'none' : state.status === 'reversed' ? 'reversed' : 'recorded';
}
