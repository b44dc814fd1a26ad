import type { LogPosition } from '@ledger/event-store';
import type { Grain, PeriodRange } from './model/business-time';

/**
 * The figure store port: where projections keep signed contributions, their rollups, entity states and
 * checkpoints. Adapters: SQLite (embedded, the events' file) and PostgreSQL. One contract suite runs against both.
 */

/** Every stored row carries this many value columns (v1..v16); a figure maps its columns onto them in order. */
export const VALUE_COLUMNS = 16;

/** Every stored row carries this many dimension columns (d1..d6); a figure maps its dimensions onto them in order
 *  ('' where it has fewer). */
export const DIMENSION_COLUMNS = 6;

/** Dimension values as stored: DIMENSION_COLUMNS of them. */
export type StoredDimensions = readonly string[];

/** Positions are grouped into buckets of this size in rollups, so "known at position P" reads whole buckets
 *  from rollups and only the part of one bucket up to P from raw contributions. Changing it needs a rebuild (the
 *  stores' schema version). 2^12: the raw part of such an answer stays under 4,096 events (about 18k contributions
 *  of le-requests v2: tens of milliseconds; 2^16 took 0.3 s at 25k). The log is in about business-time order, so
 *  buckets are mostly disjoint in time and more of them add few rollup rows (2.74x to 2.84x the events at 50k); a
 *  current answer reads ALL_POSITIONS months and years (RollupCubes.overall), so it does not read more rows. */
export const POSITION_BUCKET = 1 << 12;

/** Position bucket of the year and month rows that sum every position (read by current answers): kept in the cubes
 *  RollupCubes.overall names. */
export const ALL_POSITIONS = -1;

export interface KnownSpan {
  readonly knownBelow?: LogPosition;
  readonly knownUpTo?: LogPosition;
}

/** Positions per block of the stores' known-time index (FigureStore.knownSpan). */
export const KNOWN_BLOCK = 1024;

export const positionBucket = (position: LogPosition, bucketSize = POSITION_BUCKET): number => Math.floor(position / bucketSize);

/** One signed contribution, as stored: the unit of provenance. */
export interface ContributionRow {
  readonly figure: string;
  readonly position: LogPosition;
  /** Index of the contribution among those of its event for this figure. */
  readonly seq: number;
  readonly eventId: string;
  readonly stream: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** When the ledger learned the fact: metadata.imported.recordedAt for imported history, else recordedAt. */
  readonly knownAt: string;
  readonly dims: StoredDimensions;
  readonly item: string;
  /** Marks the events an answer counts: see FigureDefinition.eventCount. */
  readonly events: number;
  /** VALUE_COLUMNS signed deltas in minor units. */
  readonly values: readonly bigint[];
}

/**
 * Rollups are kept in cubes: the full one keeps every dimension; smaller ones keep some (bit i set: d(i+1) kept,
 * the others stored as ''). A query that groups and filters by at most one dimension reads a small cube instead of
 * every combination of dimension values (with percentile and distinct detail, most rows are in those combinations).
 */
export const FULL_CUBE = (1 << DIMENSION_COLUMNS) - 1;
export const SMALL_CUBES: readonly number[] = [0, ...Array.from({ length: DIMENSION_COLUMNS }, (_, i) => 1 << i)];

/** The small cubes a figure with `dimensions` dimensions keeps (cubes of dimensions it lacks would repeat cube 0). */
export function smallCubesOf(dimensions: number): number[] {
  return SMALL_CUBES.filter((cube) => cube < 1 << dimensions);
}

/** The smallest cube keeping every dimension in `mask` (bit i: d(i+1)). */
export function cubeFor(mask: number): number {
  return SMALL_CUBES.find((cube) => (cube & mask) === mask) ?? FULL_CUBE;
}

/**
 * What the stores keep in the grain column: the grain, followed by the cube when it is not the full one. Days
 * are kept only in the cube without dimensions (`d0`): with dimensions, a day's cells hold about one contribution
 * each (measured: 183k full-cube day rows for 188k contributions of le-requests v2 at 50k events), so day rows
 * would copy the contributions; a query reads the whole days of its partial months from raw contributions instead.
 */
export function grainColumn(grain: Grain, cube: number | undefined): string {
  if (cube === undefined || cube === FULL_CUBE) return grain;
  return `${grain}${cube}`;
}

/** Whether rollups keep days of this cube (see grainColumn). */
export const keepsDays = (cube: number | undefined): boolean => cube === 0;

/** Whether an aggregate reads a period range of this grain from the ALL_POSITIONS rows. */
export function readsAllPositions(spec: AggregateSpec, grain: Grain): boolean {
  return spec.rollup.allPositions === true && spec.rollup.posBucketBelow === undefined && grain !== 'd';
}

export interface RollupKey {
  readonly figure: string;
  readonly grain: Grain;
  /** The cube (see FULL_CUBE); undefined: the full cube. */
  readonly cube?: number;
  readonly period: string;
  readonly posBucket: number;
  readonly dims: StoredDimensions;
  readonly item: string;
}

export interface RollupDelta extends RollupKey {
  readonly events: bigint;
  readonly values: readonly bigint[];
}

export interface EntityWrite {
  readonly figure: string;
  readonly entity: string;
  /** JSON of the entity's state; null deletes it. */
  readonly state: string | null;
}

export interface Checkpoint {
  readonly figure: string;
  readonly version: number;
  /** Last log position applied; 0 before the first event. */
  readonly position: LogPosition;
  /** recordedAt of the event at `position`; '' at 0. */
  readonly recordedAt: string;
  /** Events applied so far that contributed to the figure. */
  readonly events: number;
}

export interface CheckpointWrite extends Checkpoint {
  /** The position the store must still be at (optimistic: two projectors cannot both apply a batch). */
  readonly expectedPosition: LogPosition;
}

/** The cubes a figure's rollups are kept in besides the full one (see grainColumn), and those whose months and years
 *  are also summed over every position bucket (ALL_POSITIONS rows, read by current answers). */
export interface RollupCubes {
  readonly smallCubes: readonly number[];
  /** Small cubes among smallCubes, or FULL_CUBE. */
  readonly overall: readonly number[];
}

/** How a figure's rollups are laid out: position bucket size and cubes. */
export interface RollupLayout extends RollupCubes {
  readonly bucketSize: number;
}

/** A build target's name (see FigureStore.beginBuild): rows committed under it stay out of answers until the swap. */
export const buildTarget = (figure: string): string => `${figure}#build`;
export const isBuildTarget = (name: string): boolean => name.endsWith('#build');
export const figureOfTarget = (name: string): string => (isBuildTarget(name) ? name.slice(0, -'#build'.length) : name);

/** Everything one batch of events changes, committed in one transaction or not at all. Rows of a build target
 *  (beginBuild) commit without a checkpoint: a build is discarded, not resumed, when it stops half way. */
export interface ProjectionBatch {
  readonly contributions: readonly ContributionRow[];
  readonly rollups: readonly RollupDelta[];
  readonly entities: readonly EntityWrite[];
  readonly checkpoints: readonly CheckpointWrite[];
}

/** Group columns an aggregate can split by: year and month come from the business time. */
export type DimensionColumn = 'd1' | 'd2' | 'd3' | 'd4' | 'd5' | 'd6';
export type GroupColumn = 'year' | 'month' | DimensionColumn;

export interface DimensionFilter {
  readonly column: DimensionColumn;
  readonly values: readonly string[];
}

/**
 * One aggregate, planned by the query service: rollups for whole periods and position buckets, raw contributions
 * for partial days and for the part of a position bucket up to knownAt.
 */
export interface AggregateSpec {
  readonly figure: string;
  readonly groupBy: readonly GroupColumn[];
  readonly filters: readonly DimensionFilter[];
  readonly rollup: {
    readonly periods: readonly PeriodRange[];
    /** Only buckets below this one; undefined: every bucket. */
    readonly posBucketBelow?: number;
    /** The cube read (it must keep every dimension grouped or filtered; only cube 0 has days); undefined: the full cube. */
    readonly cube?: number;
    /** Years and months from their ALL_POSITIONS rows (without posBucketBelow only; the cube must keep them:
     *  RollupCubes.overall); days always from the position buckets. */
    readonly allPositions?: boolean;
  };
  /** Raw contribution ranges, each read on its own (they never overlap: the planner makes them disjoint). */
  readonly raw: readonly RawRange[];
  /** false: one row per group (item ''), summed over the rows without an item only, for stock totals: only those
   *  rows may move a stock column (ColumnSpec.stock; the projector refuses the rest), so the stock sums are exact while
   *  the events and other values of such a row leave out the item rows. Far fewer rows to read and groups to sort.
   *  Default true. */
  readonly perItem?: boolean;
}

/** Raw contributions with occurredAt in [from, to] and, when given, position in [positionFrom, positionTo] and
 *  known time at or before knownBy. */
export interface RawRange {
  readonly from: string;
  readonly to: string;
  readonly positionFrom?: LogPosition;
  readonly positionTo?: LogPosition;
  readonly knownBy?: string;
}

/**
 * Sums of one group (group values in groupBy order), item by item and column by column: a group's items (about 156
 * in a month x country cell of le-requests v2) come as one map per column, not as a row and a values array each.
 */
export interface AggregateGroup {
  readonly group: readonly string[];
  /** Events over every item of the group. */
  readonly events: bigint;
  /** VALUE_COLUMNS entries: each item (item '' included) whose total in the column is not 0, with that total;
   *  undefined where no item has one. */
  readonly columns: readonly (ReadonlyMap<string, bigint> | undefined)[];
}

export interface ContributionPageQuery {
  readonly figure: string;
  readonly filters: readonly DimensionFilter[];
  readonly from?: string;
  readonly to?: string;
  readonly positionAtMost?: LogPosition;
  /** Only contributions known at or before this time. */
  readonly knownBy?: string;
  /** Events strictly after this position. */
  readonly after?: LogPosition;
  /** Events per page (all contributions of an event come together). */
  readonly limit: number;
}

export interface FigureStore {
  /** Creates or upgrades the schema. Idempotent. */
  init(): Promise<void>;
  checkpoints(): Promise<Checkpoint[]>;
  /** States of the given entities of a figure; missing ones are absent from the map. */
  loadEntities(figure: string, entities: readonly string[]): Promise<Map<string, string>>;
  /** Atomically writes the batch; throws CheckpointConflictError (and writes nothing) if a checkpoint moved. */
  commit(batch: ProjectionBatch): Promise<void>;
  /** Deletes everything of a figure and sets its checkpoint to 0 at `version` (a rebuild starts from there). */
  reset(figure: string, version: number): Promise<void>;
  /**
   * Starts building `figure` afresh beside what answers today (blue/green). Returns the build's target: a name
   * that commit() and loadEntities() take in place of the figure's. A previous unfinished build of the figure is
   * discarded. Answers keep reading the live figure until finishBuild.
   */
  beginBuild(figure: string, version: number): Promise<string>;
  /**
   * Writes the rollups of a build target from its contributions, summed inside the store (a build commits
   * contributions only): the same rows the projector's own rollup deltas would make, in far less time.
   */
  deriveRollups(target: string, layout: RollupLayout): Promise<void>;
  /**
   * Swaps the build in atomically: from this transaction on, the figure answers from the build, whose checkpoint
   * is `checkpoint`; the rows it replaces are deleted afterwards.
   */
  finishBuild(target: string, checkpoint: Checkpoint): Promise<void>;
  aggregate(spec: AggregateSpec): Promise<AggregateGroup[]>;
  /**
   * Where a knownAt-by-time answer must look: every contribution of the figure below `knownBelow` was known by
   * `knownBy` (undefined: every contribution was), and none after `knownUpTo` was (undefined: none was known).
   * Lets such an answer read rollups for the known prefix and raw contributions only between the two. Kept by
   * blocks of KNOWN_BLOCK positions (the earliest and latest known time of each), so both are block bounds.
   */
  knownSpan(figure: string, knownBy: string): Promise<KnownSpan>;
  /** Contributions of the next `limit` events matching the query, in log order. */
  contributions(query: ContributionPageQuery): Promise<ContributionRow[]>;
  close(): Promise<void>;
}

export const FIGURE_STORE = Symbol('FIGURE_STORE');

export class CheckpointConflictError extends Error {
  readonly code = 'figures.checkpoint_conflict';
  constructor(
    readonly figure: string,
    readonly expected: LogPosition,
    readonly actual: LogPosition | undefined,
  ) {
    super(
      `figure ${figure} is at position ${actual ?? 'none'}, this projector expected ${expected}: another projector is writing the same store`,
    );
    this.name = 'CheckpointConflictError';
  }
}
