import type { RecordedEvent } from '@ledger/event-store';
import {
  checkStockColumns,
  type ContributionDraft,
  type FigureDefinition,
  figureKey,
  knownTimeOf,
  rollupCubes,
} from '../definitions/figure-definition';
import { MAX_COLUMNS } from '../definitions/figure-definition';
import {
  type Checkpoint,
  type ContributionRow,
  type EntityWrite,
  ALL_POSITIONS,
  DIMENSION_COLUMNS,
  FULL_CUBE,
  type ProjectionBatch,
  type RollupCubes,
  type RollupDelta,
  type StoredDimensions,
  VALUE_COLUMNS,
  keepsDays,
  positionBucket,
} from '../figure-store.port';
import { dayOf, type Grain, periodOf } from '../model/business-time';
import { ProjectionError } from './projection-error';

const SEPARATOR = '\u0000';

/** A rollup delta being summed; `dimsKey` is its dimension values joined by SEPARATOR (part of every key). */
type MutableDelta = RollupDelta & {
  events: bigint;
  values: bigint[];
  cube: number;
  grain: Grain;
  period: string;
  dims: StoredDimensions;
  dimsKey: string;
};

/** A cube's dimension values for each full-cube combination, made once per rollups() call (by the full dimsKey). */
type Projections = Map<string, { readonly dims: StoredDimensions; readonly key: string }>;

/**
 * Sums deltas into the cube `cube` at the period `periodOf` gives (the deltas are of one grain). The cube's dimension
 * values are looked up in `projected` (full dimsKey -> the cube's), not made per delta: a batch's deltas share few
 * combinations, and building an array and a key for each was most of the live projector's time in rollups.
 */
function sumInto(
  deltas: readonly MutableDelta[],
  periodOf: (delta: MutableDelta) => string,
  cube: number,
  projected: Projections,
  grain?: Grain,
  allPositions = false,
): MutableDelta[] {
  const sums = new Map<string, MutableDelta>();
  for (const delta of deltas) {
    const period = periodOf(delta);
    let dims = delta.dims;
    let dimsKey = delta.dimsKey;
    if (cube !== FULL_CUBE && cube !== delta.cube) {
      let projection = projected.get(delta.dimsKey);
      if (projection === undefined) {
        const kept = delta.dims.map((value, i) => (cube & (1 << i) ? value : ''));
        projected.set(delta.dimsKey, (projection = { dims: kept, key: kept.join(SEPARATOR) }));
      }
      dims = projection.dims;
      dimsKey = projection.key;
    }
    const posBucket = allPositions ? ALL_POSITIONS : delta.posBucket;
    const key = `${period}${SEPARATOR}${posBucket}${SEPARATOR}${dimsKey}${SEPARATOR}${delta.item}`;
    const sum = sums.get(key);
    if (sum) {
      sum.events += delta.events;
      const { values } = delta;
      for (let i = 0; i < VALUE_COLUMNS; i++) if (values[i] !== 0n) sum.values[i] += values[i];
    } else {
      sums.set(key, {
        figure: delta.figure,
        grain: grain ?? delta.grain,
        cube,
        period,
        posBucket,
        dims,
        dimsKey,
        item: delta.item,
        events: delta.events,
        values: delta.values.slice(),
      });
    }
  }
  return [...sums.values()];
}

function padded(dims: readonly string[]): StoredDimensions {
  if (dims.length > DIMENSION_COLUMNS)
    throw new Error(`a contribution has ${dims.length} dimensions; the stores keep ${DIMENSION_COLUMNS}`);
  const all = dims.slice();
  while (all.length < DIMENSION_COLUMNS) all.push('');
  return all;
}

/**
 * Turns one figure's contributions into contribution rows, rollup deltas and entity writes. The live projector
 * makes one per batch; a build keeps one for the whole log and takes its rows chunk by chunk (take*), so entity
 * states stay in memory and each rollup row is summed in memory and written once per flush instead of per batch.
 */
export class FigureBatch {
  contributions: ContributionRow[] = [];
  /** Day rollups by key; months and years are summed from them at the end (one lookup per contribution). */
  private days = new Map<string, MutableDelta>();
  readonly states = new Map<string, unknown>();
  readonly touched = new Set<string>();
  applied = 0;
  private readonly columnIndex: Map<string, number>;
  /** Indexes of the stock columns: only contributions without an item may move them (ColumnSpec.stock). */
  private readonly stockIndexes: number[];
  /** The name rows are written under: the figure key, or a build target (FigureStore.beginBuild). */
  readonly target: string;
  private readonly cubes: RollupCubes;

  /**
   * @param target see `target`; undefined: the figure key.
   * @param sumRollups false: keep no rollup deltas (a build lets the store derive them: deriveRollups).
   */
  constructor(
    readonly definition: FigureDefinition,
    loaded: ReadonlyMap<string, string>,
    private readonly bucketSize: number,
    target?: string,
    private readonly sumRollups = true,
  ) {
    if (definition.columns.length > MAX_COLUMNS) throw new Error(`figure ${figureKey(definition)} has more than ${MAX_COLUMNS} columns`);
    checkStockColumns(definition);
    this.columnIndex = new Map(definition.columns.map((column, i) => [column.name, i]));
    this.stockIndexes = definition.columns.flatMap((column, i) => (column.stock === true ? [i] : []));
    this.target = target ?? figureKey(definition);
    this.cubes = rollupCubes(definition);
    this.addStates(loaded);
  }

  /** Whether every entity with a state is in `states` (a build before it spills): then one missing has none. */
  complete = false;
  /** Related entities (FigureDefinition.relatedOf) an event needed and memory did not hold: the events from the
   *  first of them on were not applied. The caller loads them (addStates) and applies those events again. */
  readonly missing = new Set<string>();
  /** Entities looked up in the store and found without a state. */
  private readonly absent = new Set<string>();

  /** States read back from the store (JSON), for entities not in memory; `requested`: every entity looked up, so those
   *  not found are known to have no state. */
  addStates(loaded: ReadonlyMap<string, string>, requested: Iterable<string> = []): void {
    for (const [entity, json] of loaded) this.states.set(entity, JSON.parse(json));
    for (const entity of requested) if (!loaded.has(entity)) this.absent.add(entity);
  }

  /** Whether the state of `entity` is known here (held, or known to be none). */
  knows(entity: string): boolean {
    return this.complete || this.states.has(entity) || this.absent.has(entity);
  }

  /** The contribution rows so far, handed over and forgotten. */
  takeContributions(): ContributionRow[] {
    const taken = this.contributions;
    this.contributions = [];
    return taken;
  }

  /** Writes of the entities touched since the last take; their states leave memory when `forget` is set. */
  takeEntityWrites(forget: boolean): EntityWrite[] {
    const writes = this.entityWrites();
    this.touched.clear();
    if (forget) {
      this.states.clear();
      this.absent.clear();
      this.complete = false;
    }
    return writes;
  }

  /** Applies one event, unless it needs a related entity memory does not hold (see `missing`): then it is left. */
  apply(event: RecordedEvent): void {
    const { definition } = this;
    let drafts: readonly ContributionDraft[];
    let knownAt: string;
    try {
      const entity = definition.entityOf(event);
      const state = this.states.get(entity);
      const keys = definition.relatedOf?.(event, state) ?? [];
      for (const key of keys) if (key !== entity && !this.knows(key)) this.missing.add(key);
      // After a miss, later events may depend on the one left: they are only looked at for what they need.
      if (this.missing.size > 0) return;
      const related = new Map<string, unknown>();
      for (const key of keys) if (key !== entity) related.set(key, this.states.get(key));
      const applied = definition.apply(event, state, related);
      this.states.set(entity, applied.state);
      this.touched.add(entity);
      for (const [key, after] of applied.related ?? []) {
        if (!related.has(key)) throw new Error(`the event changed entity ${key}, which relatedOf did not name`);
        this.states.set(key, after);
        this.touched.add(key);
      }
      drafts = applied.contributions;
      knownAt = applied.knownAt ?? knownTimeOf(event);
    } catch (error) {
      throw new ProjectionError(figureKey(definition), event, (error as Error).message ?? String(error), error);
    }
    if (drafts.length > 0) this.applied++;
    const posBucket = positionBucket(event.position, this.bucketSize);
    const bucketText = String(posBucket);
    const recordedAt = event.metadata.recordedAt;
    const distinct = definition.eventCount === 'distinct';
    // Cells (business day and dimension values) this event already counted in: usually one or two, so a list.
    const markedCells: string[] = [];
    for (let seq = 0; seq < drafts.length; seq++) {
      const draft = drafts[seq];
      const values = new Array<bigint>(VALUE_COLUMNS).fill(0n);
      // Indexes of the columns this draft moves: rollups add only those (bigint additions allocate).
      const moved: number[] = [];
      for (const name in draft.values) {
        const index = this.columnIndex.get(name);
        if (index === undefined) throw new ProjectionError(figureKey(definition), event, `contribution to unknown column ${name}`);
        values[index] += draft.values[name];
        if (!moved.includes(index)) moved.push(index);
      }
      // Answers read stocks from the item-less rows alone (AggregateSpec.perItem): a stock elsewhere would be lost.
      if (draft.item !== '')
        for (const i of this.stockIndexes)
          if (values[i] !== 0n)
            throw new ProjectionError(
              figureKey(definition),
              event,
              `contribution ${seq} has item ${JSON.stringify(draft.item)} and moves the stock column ${definition.columns[i].name}; a stock may be moved only by contributions without an item (item '')`,
            );
      const stored: StoredDimensions = draft.dims.length === DIMENSION_COLUMNS ? draft.dims : padded(draft.dims);
      const dims = stored.join(SEPARATOR);
      const day = dayOf(draft.occurredAt);
      let events: number;
      if (distinct) events = seq === 0 ? 1 : 0;
      else {
        const cell = `${day}${SEPARATOR}${dims}`;
        events = markedCells.includes(cell) ? 0 : 1;
        if (events === 1) markedCells.push(cell);
      }
      this.contributions.push({
        figure: this.target,
        position: event.position,
        seq,
        eventId: event.eventId,
        stream: event.stream,
        eventType: event.type,
        occurredAt: draft.occurredAt,
        recordedAt,
        knownAt,
        dims: stored,
        item: draft.item,
        events,
        values,
      });
      if (!this.sumRollups) continue;
      // The period starts the key and fixes the grain (YYYY, YYYY-MM, YYYY-MM-DD differ in length).
      const key = `${day}${SEPARATOR}${bucketText}${SEPARATOR}${dims}${SEPARATOR}${draft.item}`;
      const sum = this.days.get(key);
      if (sum) {
        if (events === 1) sum.events += 1n;
        for (const i of moved) sum.values[i] += values[i];
      } else {
        this.days.set(key, {
          figure: this.target,
          grain: 'd',
          cube: FULL_CUBE,
          period: day,
          posBucket,
          dims: stored,
          dimsKey: dims,
          item: draft.item,
          events: events === 1 ? 1n : 0n,
          values: values.slice(),
        });
      }
    }
  }

  /**
   * Rollup deltas of the batch: months and years of the full cube; days of the cube without dimensions (the only
   * one keeping days: see grainColumn); the small cubes' months made from the full months, and their years from
   * their months, by position bucket; and the months and years of the `overall` cubes (rollupCubes) also over all
   * positions.
   */
  rollups(): RollupDelta[] {
    const days = [...this.days.values()];
    const full: Projections = new Map();
    const months = sumInto(days, (day) => periodOf('m', day.period), FULL_CUBE, full, 'm');
    const years = sumInto(months, (month) => periodOf('y', month.period), FULL_CUBE, full, 'y');
    const deltas: RollupDelta[] = [...months, ...years];
    const { smallCubes, overall } = this.cubes;
    // Current answers read these months and years summed over every position bucket.
    const overAllPositions = (cube: number, cubeMonths: MutableDelta[], cubeYears: MutableDelta[], projected: Projections) => {
      if (!overall.includes(cube)) return;
      deltas.push(
        ...sumInto(cubeMonths, (month) => month.period, cube, projected, 'm', true),
        ...sumInto(cubeYears, (year) => year.period, cube, projected, 'y', true),
      );
    };
    overAllPositions(FULL_CUBE, months, years, full);
    for (const cube of smallCubes) {
      const projected: Projections = new Map();
      if (keepsDays(cube)) deltas.push(...sumInto(days, (day) => day.period, cube, projected));
      const cubeMonths = sumInto(months, (month) => month.period, cube, projected);
      // From here the deltas are of this cube already: their dimension values stay as they are.
      const cubeYears = sumInto(cubeMonths, (month) => periodOf('y', month.period), cube, projected, 'y');
      deltas.push(...cubeMonths, ...cubeYears);
      overAllPositions(cube, cubeMonths, cubeYears, projected);
    }
    return deltas;
  }

  entityWrites(): EntityWrite[] {
    return [...this.touched].map((entity) => {
      const state = this.states.get(entity);
      return { figure: this.target, entity, state: state === undefined ? null : JSON.stringify(state) };
    });
  }
}

/** Thrown by projectBatch when events need related entities that were not loaded (by figure key): load them and
 *  project the batch again. Nothing was written. */
export class UnloadedEntities extends Error {
  constructor(readonly entities: ReadonlyMap<string, readonly string[]>) {
    super(`related entities not loaded: ${[...entities].map(([figure, keys]) => `${figure} ${keys.length}`).join(', ')}`);
    this.name = 'UnloadedEntities';
  }
}

/** The entity of an event the definition consumes; undefined when it does not consume it. Throws a ProjectionError
 *  for a schema version the definition does not know or an event without an entity. */
export function consumedEntity(definition: FigureDefinition, event: RecordedEvent): string | undefined {
  const versions = definition.consumes[event.type];
  if (!versions) return undefined;
  if (!versions.includes(event.schemaVersion)) {
    throw new ProjectionError(
      figureKey(definition),
      event,
      `schema version ${event.schemaVersion} of ${event.type} is not one this projection knows (${versions.join(', ')})`,
    );
  }
  try {
    return definition.entityOf(event);
  } catch (error) {
    throw new ProjectionError(figureKey(definition), event, `event has no entity id: ${(error as Error).message}`, error);
  }
}

/** What a batch needs before it can be applied: which entities to load for which figure. */
export function entitiesNeeded(
  definitions: readonly FigureDefinition[],
  checkpoints: ReadonlyMap<string, Checkpoint>,
  events: readonly RecordedEvent[],
) {
  const needed = new Map<string, Set<string>>();
  for (const definition of definitions) {
    const keys = new Set<string>();
    const after = checkpoints.get(figureKey(definition))?.position ?? 0;
    for (const event of events) {
      if (event.position <= after) continue;
      const entity = consumedEntity(definition, event);
      if (entity !== undefined) keys.add(entity);
    }
    needed.set(figureKey(definition), keys);
  }
  return needed;
}

/**
 * Applies a batch of events (in log order) to every figure and returns what to commit. Pure apart from the
 * states handed in, so a failure leaves nothing behind.
 */
export function projectBatch(
  definitions: readonly FigureDefinition[],
  checkpoints: ReadonlyMap<string, Checkpoint>,
  loaded: ReadonlyMap<string, Map<string, string>>,
  events: readonly RecordedEvent[],
  bucketSize: number,
  requested: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { batch: ProjectionBatch; next: Map<string, Checkpoint> } {
  const last = events[events.length - 1];
  const batches = definitions.map((definition) => {
    const batch = new FigureBatch(definition, new Map(), bucketSize);
    batch.addStates(loaded.get(figureKey(definition)) ?? new Map(), requested.get(figureKey(definition)) ?? []);
    return batch;
  });
  // Where each figure stands, looked up once per batch rather than once per event and figure.
  const after = batches.map((b) => checkpoints.get(figureKey(b.definition))?.position ?? 0);
  for (const event of events) {
    for (let i = 0; i < batches.length; i++) {
      const figureBatch = batches[i];
      if (event.position <= after[i] || !figureBatch.definition.consumes[event.type]) continue;
      figureBatch.apply(event);
    }
  }
  const unloaded = new Map(batches.filter((b) => b.missing.size > 0).map((b) => [figureKey(b.definition), [...b.missing]]));
  if (unloaded.size > 0) throw new UnloadedEntities(unloaded);
  const next = new Map<string, Checkpoint>();
  const checkpointWrites = [];
  for (const { definition, applied } of batches) {
    const previous = checkpoints.get(figureKey(definition));
    // A figure already past this batch (the others are catching up after its rebuild) keeps its checkpoint.
    if (previous && previous.position >= last.position) {
      next.set(figureKey(definition), previous);
      continue;
    }
    const checkpoint: Checkpoint = {
      figure: figureKey(definition),
      version: definition.version,
      position: last.position,
      recordedAt: last.metadata.recordedAt,
      events: (previous?.events ?? 0) + applied,
    };
    next.set(figureKey(definition), checkpoint);
    checkpointWrites.push({ ...checkpoint, expectedPosition: previous?.position ?? 0 });
  }
  return {
    batch: {
      contributions: batches.flatMap((b) => b.contributions),
      rollups: batches.flatMap((b) => b.rollups()),
      entities: batches.flatMap((b) => b.entityWrites()),
      checkpoints: checkpointWrites,
    },
    next,
  };
}
