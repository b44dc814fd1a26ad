import type { Citation, Citations } from './citations';

/**
 * A fact as the domain sees it: a stable `type` string (never a class name), the version of its schema,
 * and its data. Envelope fields (ids, actor, times, hashes) are added by the application when it appends.
 */
export interface DomainEvent<Type extends string = string, Data = unknown, Version extends number = number> {
  readonly type: Type;
  readonly schemaVersion: Version;
  readonly data: Data;
}

/** What every command carries besides its own fields: the time it is decided at, and who asks. */
export interface CommandContext {
  /** ISO-8601 instant supplied by the application's clock; the domain never reads a clock. */
  readonly now: string;
  /** Authenticated principal issuing the command. */
  readonly actor: string;
  /** Status of every stream the command cites (see `Decider.citationsOf`), read by the application before deciding. */
  readonly cited?: Citations;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly context: CommandContext;
}

/**
 * The pure heart of a category: fold events into state, turn a command and the state into new events.
 * `evolve` never throws on a recorded event; `decide` throws a DomainError when the command is refused.
 */
/**
 * A category's decisions and routing: which commands it takes, which aggregate (stream `<category>-<id>`) each one
 * targets, and how its events fold and its commands decide. Adding a command touches the category's folder only.
 */
export interface Decider<C extends Command, E extends DomainEvent, S> {
  readonly category: string;
  /** Every command type of the category (build it with `exhaustive`, so a command left out fails to compile). */
  readonly commandTypes: readonly C['type'][];
  /** The id of the aggregate a command targets (its stream is `<category>-<id>`); throws `invalid_id` when malformed. */
  aggregateIdOf(command: C): string;
  /**
   * The other aggregates a command references (e.g. the request a freeze answers). The application reads each cited
   * stream and hands its status to `decide` in `context.cited`, so the decision stays pure.
   */
  citationsOf(command: C): Citation[];
  readonly initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export function fold<E extends DomainEvent, S>(decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>, events: Iterable<E>): S {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Compile-time exhaustiveness check for `switch` over a discriminated union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/** Lists a type only if it has every member of the union `T`: a command or event added later cannot be left out. */
type Exhaustive<T extends string, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never]
  ? L
  : { missing: Exclude<T, L[number]> };
export const exhaustive =
  <T extends string>() =>
  <const L extends readonly T[]>(list: Exhaustive<T, L>): L =>
    list as L;
