import type { EventSchema } from '@ledger/domain';
import type { EventStore, LogPosition, RecordedEvent } from '@ledger/event-store';
import { FIGURES } from '../definitions';
import { type FigureDefinition, figureKey } from '../definitions/figure-definition';
import { type Checkpoint, CheckpointConflictError, type EntityWrite, type FigureStore, POSITION_BUCKET } from '../figure-store.port';
import { entitiesNeeded, projectBatch, UnloadedEntities } from './batch-projection';
import { DEFAULT_SLICE_MS, TimeSlice } from '../event-loop-turns';
import { type BuildLimits, DEFAULT_BUILD_LIMITS, FigureBuilder } from './figure-build';
import { LEDGER_EVENT_TYPES } from './known-events';
import { ProjectionError } from './projection-error';
import { readAsCurrent } from './read-as-current';

/** Entity states a live projector keeps between batches (about 200 bytes of JSON each). */
const ENTITY_CACHE_LIMIT = 200_000;

export interface ProjectorOptions {
  readonly figures?: readonly FigureDefinition[];
  /** Events per transaction live (`run`); a batch also ends whenever the log is caught up. Default 5000. */
  readonly batchSize?: number;
  /** Events per transaction in `catchUp` and `rebuild`'s catch-up. Default: batchSize (5000 unless given). Bigger
   *  batches barely project faster and hold more: catching up 75k events (bench/figures/live-throughput.ts), batches
   *  of 20,000 ran within noise of 5000 (3,150-3,329 against 2,375-3,607 events/s) at twice the peak RSS (1,326-1,358
   *  against 606-720 MiB). */
  readonly catchUpBatchSize?: number;
  /** Called after each committed batch with the position reached and the events read so far in this run. */
  readonly onProgress?: (progress: { position: LogPosition; eventsRead: number }) => void;
  /** Rollup position bucket size; must match the query service's. Tests use small buckets. */
  readonly positionBucketSize?: number;
  /** Current schema versions and upcasters events are read through (read-as-current.ts); default the ledger's. */
  readonly eventSchemas?: Readonly<Record<string, EventSchema>>;
  /** Bounds of a build (rebuild, or a figure whose version changed): see BuildLimits. */
  readonly buildLimits?: Partial<BuildLimits>;
  /**
   * The longest a build works between turns of the event loop, in milliseconds (default 20; 0: a turn at every
   * event), and a catch-up between batches: the stores' work is synchronous, so without turns a build or catch-up in
   * an API's process would serve nothing else until it ended (event-loop-turns.ts). A live batch is one piece.
   */
  readonly sliceMs?: number;
}

export type ProjectorStatus = { readonly state: 'idle' | 'running' | 'caught-up' } | { readonly state: 'failed'; readonly error: Error };

/**
 * Keeps the figure store up to date from the global log. Each batch is applied to every figure and committed with
 * the figures' checkpoints in one transaction: after a crash the projector resumes from the last commit, counting
 * nothing twice and skipping nothing. An event no projection can apply stops it with a ProjectionError.
 */
export class Projector {
  private readonly figures: readonly FigureDefinition[];
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly sliceMs: number;
  private checkpoints = new Map<string, Checkpoint>();
  /**
   * Entity states (JSON) as this projector last committed them, by figure: a live batch reads its entities from
   * here instead of the store. Only committed states enter it, so a failed batch leaves nothing behind; it is
   * dropped whole when it grows past ENTITY_CACHE_LIMIT, and whenever the checkpoints are reloaded.
   */
  private entityCache = new Map<string, Map<string, string>>();
  private cachedEntities = 0;
  private currentStatus: ProjectorStatus = { state: 'idle' };
  private eventsRead = 0;

  constructor(
    private readonly events: EventStore,
    private readonly store: FigureStore,
    private readonly options: ProjectorOptions = {},
  ) {
    this.figures = options.figures ?? FIGURES;
    this.batchSize = options.batchSize ?? 5000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? this.batchSize;
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  }

  get status(): ProjectorStatus {
    return this.currentStatus;
  }

  /**
   * Creates the schema and builds every figure that has no checkpoint or whose stored definition version differs
   * from the code's (blue/green: see build), then loads the checkpoints.
   */
  async prepare(): Promise<void> {
    await this.store.init();
    const stored = new Map((await this.store.checkpoints()).map((c) => [c.figure, c]));
    const stale = this.figures.filter((figure) => stored.get(figureKey(figure))?.version !== figure.version);
    if (stale.length > 0) {
      try {
        await this.build(stale);
      } catch (error) {
        if (!(error instanceof ProjectionError)) throw error;
        // An event the build cannot apply: project these figures batch by batch instead, so they stop at the
        // last batch before that event (as the live projector does) and answer up to there, not at all.
        for (const figure of stale) await this.store.reset(figureKey(figure), figure.version);
        this.currentStatus = { state: 'idle' };
      }
    }
    await this.reloadCheckpoints();
  }

  /** Projects the whole log again from position 0 for every figure, beside what answers now, then swaps it in. */
  async rebuild(): Promise<LogPosition | undefined> {
    await this.store.init();
    await this.build(this.figures);
    await this.reloadCheckpoints();
    return this.catchUp();
  }

  /**
   * Builds `figures` from position 0 up to the head of the log as it is now, in build targets (FigureStore.beginBuild):
   * entity states stay in memory across chunks (within BuildLimits), contributions are written once per chunk, the
   * store derives the rollups at the end, and each figure swaps in atomically. Answers read the old figure meanwhile.
   */
  private async build(figures: readonly FigureDefinition[]): Promise<void> {
    const limits = { ...DEFAULT_BUILD_LIMITS, ...this.options.buildLimits };
    const builder = new FigureBuilder(this.store, this.options.positionBucketSize ?? POSITION_BUCKET, limits, this.sliceMs);
    await builder.begin(figures);
    const head = await this.events.headPosition();
    let last: RecordedEvent | undefined;
    if (head !== undefined && head > 0) {
      const stop = new AbortController();
      let chunk: RecordedEvent[] = [];
      const applyChunk = async () => {
        await builder.apply(this.readForProjection(chunk));
        last = chunk[chunk.length - 1];
        this.eventsRead += chunk.length;
        this.options.onProgress?.({ position: last.position, eventsRead: this.eventsRead });
        chunk = [];
      };
      const previous = this.currentStatus;
      this.currentStatus = { state: 'running' };
      try {
        for await (const event of this.events.subscribeToAll({ after: 0, signal: stop.signal })) {
          chunk.push(event);
          if (chunk.length >= limits.chunkEvents || event.position >= head) await applyChunk();
          if (event.position >= head) break;
        }
        if (chunk.length > 0) await applyChunk();
        this.currentStatus = previous;
      } catch (error) {
        this.currentStatus = { state: 'failed', error: error as Error };
        throw error;
      } finally {
        stop.abort();
      }
    }
    await builder.finish(last);
  }

  /**
   * What both paths (live `apply` and `build`) hand the definitions: every event read as its current schema version
   * through the domain's upcasters (the log keeps what was written), and a batch holding an event type no projection
   * knows refused, since skipping it could leave it out of a figure.
   */
  private readForProjection(stored: readonly RecordedEvent[]): readonly RecordedEvent[] {
    const events = readAsCurrent(stored, this.options.eventSchemas);
    for (const event of events) {
      if (!LEDGER_EVENT_TYPES.has(event.type))
        throw new ProjectionError(
          undefined,
          event,
          `unknown event type ${event.type}: no projection knows it, and skipping it could leave it out of a figure`,
        );
    }
    return events;
  }

  /** Projects everything stored now, then returns the position reached. */
  async catchUp(): Promise<LogPosition | undefined> {
    if (this.checkpoints.size === 0) await this.prepare();
    const head = await this.events.headPosition();
    const from = this.lowestCheckpoint();
    if (head === undefined || head <= from) return this.position();
    const stop = new AbortController();
    let batch: RecordedEvent[] = [];
    const slice = new TimeSlice(this.sliceMs);
    this.currentStatus = { state: 'running' };
    try {
      for await (const event of this.events.subscribeToAll({ after: from, signal: stop.signal })) {
        batch.push(event);
        if (batch.length >= this.catchUpBatchSize || event.position >= head) {
          await this.apply(batch);
          batch = [];
          await slice.check();
        }
        if (event.position >= head) break;
      }
      if (batch.length > 0) await this.apply(batch);
      this.currentStatus = { state: 'caught-up' };
    } catch (error) {
      this.currentStatus = { state: 'failed', error: error as Error };
      throw error;
    } finally {
      stop.abort();
    }
    return this.position();
  }

  /**
   * Catch-up, then live until `signal` aborts. A batch is committed when it is full or when the subscription has
   * delivered everything stored so far. Rejects with the error that stopped it.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.checkpoints.size === 0) await this.prepare();
    let batch: RecordedEvent[] = [];
    let flushing: Promise<void> = Promise.resolve();
    let failure: unknown;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Aborted while it prepared: the listener above will never be called.
    if (signal.aborted) stop.abort();
    const flush = () => {
      const taken = batch;
      batch = [];
      if (taken.length === 0) return flushing;
      flushing = flushing
        .then(() => (failure === undefined ? this.apply(taken) : undefined))
        .catch((error) => {
          failure = error;
          stop.abort();
        });
      return flushing;
    };
    this.currentStatus = { state: 'running' };
    try {
      const subscription = this.events.subscribeToAll({
        after: this.lowestCheckpoint(),
        signal: stop.signal,
        // The subscription waits for appends after this: whatever is batched must not wait with it.
        onCaughtUp: () => {
          void flush().then(() => {
            if (failure === undefined) this.currentStatus = { state: 'caught-up' };
          });
        },
      });
      const slice = new TimeSlice(this.sliceMs);
      for await (const event of subscription) {
        if (failure !== undefined) break;
        batch.push(event);
        if (batch.length >= this.batchSize) {
          await flush();
          // Catching up a backlog, batch after batch: requests of the process are served in between.
          await slice.check();
        }
      }
      await flush();
      if (failure !== undefined) throw failure;
      this.currentStatus = { state: 'idle' };
    } catch (error) {
      this.currentStatus = { state: 'failed', error: error as Error };
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
    }
  }

  /** The position every figure has reached (the lowest checkpoint). */
  position(): LogPosition {
    return this.lowestCheckpoint();
  }

  private async apply(stored: readonly RecordedEvent[]): Promise<void> {
    const events = this.readForProjection(stored);
    // Another projector moved on since we read our checkpoints: the states we would load are already past them.
    for (const stored of await this.store.checkpoints()) {
      const mine = this.checkpoints.get(stored.figure);
      if (mine && stored.position !== mine.position) throw new CheckpointConflictError(stored.figure, mine.position, stored.position);
    }
    const needed = entitiesNeeded(this.figures, this.checkpoints, events);
    const loaded = new Map<string, Map<string, string>>();
    for (const [figure, entities] of needed) loaded.set(figure, await this.loadEntities(figure, entities));
    const bucketSize = this.options.positionBucketSize ?? POSITION_BUCKET;
    let projected: ReturnType<typeof projectBatch> | undefined;
    // Related entities (FigureDefinition.relatedOf) are known only as the batch is applied: each round loads those
    // it met and applies the batch again, from the same states (a batch is pure until committed).
    while (projected === undefined) {
      try {
        projected = projectBatch(this.figures, this.checkpoints, loaded, events, bucketSize, needed);
      } catch (error) {
        if (!(error instanceof UnloadedEntities)) throw error;
        for (const [figure, keys] of error.entities) {
          const wanted = needed.get(figure)!;
          for (const key of keys) wanted.add(key);
          for (const [key, state] of await this.loadEntities(figure, new Set(keys))) loaded.get(figure)!.set(key, state);
        }
      }
    }
    const { batch, next } = projected;
    if (batch.checkpoints.length > 0) await this.store.commit(batch);
    this.remember(batch.entities);
    this.checkpoints = next;
    this.eventsRead += events.length;
    this.options.onProgress?.({ position: events[events.length - 1].position, eventsRead: this.eventsRead });
  }

  /** States of `entities`: from the cache, the rest from the store (an entity in neither has no state yet). */
  private async loadEntities(figure: string, entities: ReadonlySet<string>): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (entities.size === 0) return found;
    const cache = this.entityCache.get(figure);
    const missing: string[] = [];
    for (const entity of entities) {
      const state = cache?.get(entity);
      if (state === undefined) missing.push(entity);
      else found.set(entity, state);
    }
    if (missing.length > 0) for (const [entity, state] of await this.store.loadEntities(figure, missing)) found.set(entity, state);
    return found;
  }

  /** Keeps what a batch just committed for the next batches. */
  private remember(writes: readonly EntityWrite[]): void {
    if (this.cachedEntities + writes.length > ENTITY_CACHE_LIMIT) this.forgetEntities();
    for (const write of writes) {
      let cache = this.entityCache.get(write.figure);
      if (!cache) this.entityCache.set(write.figure, (cache = new Map()));
      const had = cache.has(write.entity);
      if (write.state === null) {
        if (had) this.cachedEntities--;
        cache.delete(write.entity);
      } else {
        if (!had) this.cachedEntities++;
        cache.set(write.entity, write.state);
      }
    }
  }

  private forgetEntities(): void {
    this.entityCache = new Map();
    this.cachedEntities = 0;
  }

  private lowestCheckpoint(): LogPosition {
    let lowest: LogPosition | undefined;
    for (const figure of this.figures) {
      const position = this.checkpoints.get(figureKey(figure))?.position ?? 0;
      lowest = lowest === undefined ? position : Math.min(lowest, position);
    }
    return lowest ?? 0;
  }

  private async reloadCheckpoints(): Promise<void> {
    // A build or another projector may have changed what is stored: cached states could be stale.
    this.forgetEntities();
    this.checkpoints = new Map((await this.store.checkpoints()).map((c) => [c.figure, c]));
  }
}
