import {
  citationsOf,
  citationStatus,
  DECIDERS,
  invalid,
  requirePastTime,
  requireText,
  routeCommand,
  streamName,
  upcastLedgerEvent,
  type Citations,
  type CommandRoute,
  type LedgerCommand,
} from '@ledger/domain';
import {
  appendedPositions,
  canonicalJson,
  IdempotencyConflictError,
  PartialAppendError,
  sha256Hex,
  WrongExpectedRevisionError,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
} from '@ledger/event-store';
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { v5 as uuidv5 } from 'uuid';
import type { Clock, IdSource } from './clock';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command.errors';
import type {
  AppendedEventRef,
  BatchFailure,
  BatchItem,
  BatchOutcome,
  CommandInput,
  CommandOutcome,
  ExecuteOptions,
  ImportedRecord,
  PipelineObserver,
  PipelineOptions,
} from './command-outcome';

/** Spans for decide and append; a no-op unless the process registered an OpenTelemetry tracer provider. */
const tracer = trace.getTracer('@ledger/commands');

function inSpan<T>(name: string, attributes: Record<string, string | number>, run: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Namespace for deterministic event ids derived from (actor, idempotency key, index). */
const EVENT_ID_NAMESPACE = '3f0f6f5e-8d1c-4c61-9a55-2b8f6f1d7c42';

/** Per batch item: an answer known without appending, or the append request that carries its events. */
type PlannedItem =
  | { replayed: CommandOutcome }
  | { request: number; commandId: string; stream: string }
  /** A retry, within the same batch, of the item at `sameAs`: it gets that item's answer. */
  | { sameAs: number };

/** The decisions of one attempt: refusals, or the append requests and what each item answers. */
interface DecidedBatch {
  readonly failures: BatchFailure[];
  readonly requests: AppendRequest[];
  readonly plan: (PlannedItem | undefined)[];
}

/** What the pipeline knows about one stream while deciding: folded state and where the stream ends. */
interface StreamCursor {
  readonly route: CommandRoute;
  state: unknown;
  /** Revision of the last event, stored or decided in this batch; -1 when the stream does not exist. */
  revision: number;
  /** Stored events by (actor, commandId): the answer to a retried command. */
  readonly executed: Map<string, { requestHash: unknown; events: AppendedEventRef[]; planIndex?: number }>;
}

/**
 * The command side in four steps: read the stream, fold `evolve`, call `decide`, append with the expected
 * revision (re-read and re-decide a bounded number of times when another writer got there first).
 * Idempotency needs no table of its own: the key is the events' commandId, so a retry finds its own events.
 */
export class CommandPipeline {
  private readonly maxConflictRetries: number;
  private readonly observer?: PipelineObserver;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    options: PipelineOptions = {},
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? 5;
    this.observer = options.observer;
  }

  async execute(command: CommandInput, options: ExecuteOptions): Promise<CommandOutcome> {
    const outcome = await this.executeBatch([{ command, options }]);
    if (!outcome.ok) throw outcome.failures[0].error;
    return outcome.outcomes[0];
  }

  /**
   * Decides every command in memory (later commands see the events of earlier ones), then appends them in
   * command order with one `appendMany`. Any refused command refuses the batch: the failures name each one.
   */
  executeBatch(items: readonly BatchItem[]): Promise<BatchOutcome> {
    const commandType = items.length === 1 ? items[0].command.type : 'batch';
    return inSpan(`command ${commandType}`, { 'ledger.command.type': commandType, 'ledger.command.count': items.length }, () =>
      this.executeWithRetries(items),
    );
  }

  private async executeWithRetries(items: readonly BatchItem[]): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attemptBatch(items);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt > this.maxConflictRetries) throw new ConcurrencyConflictError(error.stream, attempt);
      }
    }
  }

  private async attemptBatch(items: readonly BatchItem[]): Promise<BatchOutcome> {
    const decided = await inSpan('decide', { 'ledger.command.count': items.length }, async (span) => {
      const result = await this.decideBatch(items);
      if (result.failures.length > 0) span.setAttribute('ledger.command.refused', result.failures.length);
      return result;
    });
    if (decided.failures.length > 0) return { ok: false, failures: decided.failures, appended: [] };
    return inSpan('append', { 'ledger.append.streams': decided.requests.length }, () => this.appendDecided(items, decided));
  }

  /** Reads and folds each stream once, decides every command in order, and plans its append request. */
  private async decideBatch(items: readonly BatchItem[]): Promise<DecidedBatch> {
    const cursors = new Map<string, StreamCursor>();
    const failures: BatchFailure[] = [];
    const requests: AppendRequest[] = [];
    /** For each item: a replayed outcome, or the index of its append request. */
    const plan: (PlannedItem | undefined)[] = [];
    const now = this.clock.now();
    /** Cited streams already guarded in this batch, at the revision read. */
    const guarded = new Set<string>();

    for (const [index, { command, options }] of items.entries()) {
      try {
        const cited = await this.citations(command, cursors);
        const withContext = { ...command, context: { now, actor: options.actor, ...(cited && { cited }) } } as LedgerCommand;
        const route = routeCommand(withContext);
        const cursor = cursors.get(route.stream) ?? (await this.load(route));
        cursors.set(route.stream, cursor);
        const imported = options.imported === undefined ? undefined : checkImported(options.imported, now);
        // The original recording time is part of what was asked: a retry that says another time is another request.
        const requestHash =
          options.requestHash ?? sha256Hex(canonicalJson({ type: command.type, data: command.data, ...(imported && { imported }) }));

        if (options.idempotencyKey !== undefined) {
          const prior = cursor.executed.get(executedKey(options.actor, options.idempotencyKey));
          if (prior) {
            if (prior.requestHash !== requestHash) {
              throw new IdempotencyKeyReusedError(options.idempotencyKey, `it produced events in ${route.stream} for another request`);
            }
            plan.push(
              prior.planIndex !== undefined
                ? { sameAs: prior.planIndex }
                : { replayed: { commandId: options.idempotencyKey, stream: route.stream, events: prior.events, replayed: true } },
            );
            continue;
          }
        }

        const decided = route.decider.decide(withContext, cursor.state);
        const commandId = options.idempotencyKey ?? this.ids.uuid();
        const toAppend: EventToAppend[] = decided.map((event, i) => ({
          eventId:
            options.idempotencyKey !== undefined
              ? uuidv5(`${options.actor}\n${options.idempotencyKey}\n${i}`, EVENT_ID_NAMESPACE)
              : this.ids.uuid(),
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata: {
            commandId,
            commandType: command.type,
            correlationId: options.correlationId ?? commandId,
            causationId: options.causationId ?? commandId,
            actor: options.actor,
            requestHash,
            ...(imported && { imported }),
          },
        }));
        for (const event of decided) cursor.state = route.decider.evolve(cursor.state, event);
        if (options.idempotencyKey !== undefined) {
          // A second item with the same key in this batch is a retry of this one.
          cursor.executed.set(executedKey(options.actor, options.idempotencyKey), { requestHash, events: [], planIndex: plan.length });
        }
        if (toAppend.length === 0) {
          plan.push({ replayed: { commandId, stream: route.stream, events: [], replayed: false } });
          continue;
        }
        const expectedRevision: ExpectedRevision = cursor.revision < 0 ? 'no_stream' : cursor.revision;
        cursor.revision += toAppend.length;
        requests.push(...citationGuards(cited, route.stream, cursors, guarded));
        requests.push({ stream: route.stream, events: toAppend, expectedRevision });
        plan.push({ request: requests.length - 1, commandId, stream: route.stream });
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) throw error;
        failures.push({ index, error: error as Error });
        plan.push(undefined);
      }
    }

    return { failures, requests, plan };
  }

  private async appendDecided(items: readonly BatchItem[], { requests, plan }: DecidedBatch): Promise<BatchOutcome> {
    let results: AppendResult[];
    try {
      const started = process.hrtime.bigint();
      results = requests.length > 0 ? await this.store.appendMany(requests) : [];
      if (requests.length > 0) this.observer?.appended(requests, Number(process.hrtime.bigint() - started) / 1e9);
      results = await this.withPositions(results);
    } catch (error) {
      if (error instanceof IdempotencyConflictError) {
        const index = plan.findIndex(
          (p) => p && 'request' in p && requests[p.request].events.some((e) => error.eventIds.includes(e.eventId)),
        );
        const key = index >= 0 ? (items[index].options.idempotencyKey ?? '') : '';
        return {
          ok: false,
          failures: [
            { index: Math.max(index, 0), error: new IdempotencyKeyReusedError(key, 'its events already exist in another stream') },
          ],
          appended: [],
        };
      }
      if (error instanceof PartialAppendError) {
        const appended = await this.withPositions(error.appended);
        return partialOutcome(new PartialAppendError(appended, error.failedIndex, error.cause), plan as PlannedItem[], requests);
      }
      throw error;
    }
    return { ok: true, outcomes: resolveOutcomes(plan as PlannedItem[], requests, results) };
  }

  /** Each event's position, which the answer names: read back only where the store's result left them out. */
  private withPositions(results: readonly AppendResult[]): Promise<AppendResult[]> {
    return Promise.all(
      results.map(async (result) => (result.positions ? result : { ...result, positions: await appendedPositions(this.store, result) })),
    );
  }

  /**
   * The status of every stream the command cites, for `decide` to check (the domain reads no stream itself). A stream
   * already read or written in this batch answers from its cursor, so a freeze may cite a request received just before
   * it in the same import batch.
   */
  private async citations(command: CommandInput, cursors: Map<string, StreamCursor>): Promise<Citations | undefined> {
    const citations = citationsOf(command);
    if (citations.length === 0) return undefined;
    const cited: Record<string, ReturnType<typeof citationStatus>> = {};
    for (const { category, id } of citations) {
      const stream = streamName(category, id);
      const cursor = cursors.get(stream) ?? (await this.load({ category, stream, decider: DECIDERS[category] }));
      cursors.set(stream, cursor);
      cited[stream] = citationStatus(cursor.state as { status: string });
    }
    return cited;
  }

  private async load(route: CommandRoute): Promise<StreamCursor> {
    const recorded = await this.store.readStream(route.stream);
    let state = route.decider.initialState;
    const executed: StreamCursor['executed'] = new Map();
    for (const event of recorded) {
      // Older schema versions are read through their upcasters; the stored event stays as it was written.
      state = route.decider.evolve(state, upcastLedgerEvent(event));
      const { commandId, actor, requestHash } = event.metadata;
      if (commandId !== undefined) {
        const key = executedKey(actor, commandId);
        const entry = executed.get(key) ?? { requestHash, events: [] };
        entry.events.push(refOf(event));
        executed.set(key, entry);
      }
    }
    return { route, state, revision: recorded.length > 0 ? recorded[recorded.length - 1].revision : -1, executed };
  }
}

/**
 * Appends of no events to the cited streams, at the revisions the citation was checked against, placed before the
 * command's own append: a record reversed (or otherwise changed) after it was read makes the batch lose the race like
 * a write to its own stream, so it is re-read and re-decided (and the citation refused). On a store whose appendMany
 * is atomic (SQLite) this is exact; on EventStoreDB the server checks each guard just before the append, not with
 * it (docs/production.md: a reversal landing between the two is not seen).
 */
function citationGuards(
  cited: Citations | undefined,
  own: string,
  cursors: ReadonlyMap<string, StreamCursor>,
  guarded: Set<string>,
): AppendRequest[] {
  const guards: AppendRequest[] = [];
  for (const stream of Object.keys(cited ?? {})) {
    const revision = cursors.get(stream)?.revision ?? -1;
    const key = `${stream}@${revision}`;
    if (stream === own || revision < 0 || guarded.has(key)) continue;
    guarded.add(key);
    guards.push({ stream, events: [], expectedRevision: revision });
  }
  return guards;
}

/** An imported record's origin: a named source and a real instant that is not after the ledger's clock. */
function checkImported(imported: ImportedRecord, now: string): ImportedRecord {
  if (typeof imported !== 'object' || imported === null)
    throw invalid('import.invalid_imported', 'imported must be an object {source, recordedAt}');
  const source = requireText('imported.source', imported.source, 200);
  const at = requirePastTime('imported.recordedAt', imported.recordedAt, now, 'instant');
  return { source, recordedAt: new Date(at).toISOString() };
}

function partialOutcome(error: PartialAppendError, plan: readonly PlannedItem[], requests: readonly AppendRequest[]): BatchOutcome {
  const firstNotIn = plan.findIndex((p) => 'request' in p && p.request >= error.appended.length);
  const appended = resolveOutcomes(firstNotIn < 0 ? plan : plan.slice(0, firstNotIn), requests, error.appended);
  const failedItem = firstNotIn < 0 ? plan.length - 1 : firstNotIn;
  return { ok: false, failures: [{ index: failedItem, error: error.cause instanceof Error ? error.cause : error }], appended };
}

function executedKey(actor: string, commandId: string): string {
  return `${actor}\n${commandId}`;
}

function refOf(event: RecordedEvent): AppendedEventRef {
  return { eventId: event.eventId, type: event.type, stream: event.stream, revision: event.revision, position: event.position };
}

/** Outcomes in item order; an in-batch retry repeats the answer of the item it retries, marked replayed. */
function resolveOutcomes(
  plan: readonly PlannedItem[],
  requests: readonly AppendRequest[],
  results: readonly AppendResult[],
): CommandOutcome[] {
  const outcomes: CommandOutcome[] = [];
  for (const p of plan) outcomes.push('sameAs' in p ? { ...outcomes[p.sameAs], replayed: true } : toOutcome(p, requests, results));
  return outcomes;
}

function toOutcome(
  p: Exclude<PlannedItem, { sameAs: number }>,
  requests: readonly AppendRequest[],
  results: readonly AppendResult[],
): CommandOutcome {
  if ('replayed' in p) return p.replayed;
  const request = requests[p.request];
  const result = results[p.request];
  return {
    commandId: p.commandId,
    stream: p.stream,
    replayed: result.duplicate,
    events: request.events.map((event, i) => ({
      eventId: result.eventIds[i] ?? event.eventId,
      type: event.type,
      stream: p.stream,
      revision: result.revisions[i],
      position: result.positions![i],
    })),
  };
}
