import type { RecordedEvent } from '@ledger/event-store';
import { FULL_CUBE, type RollupCubes, smallCubesOf } from '../figure-store.port';

/**
 * A figure definition: code that turns events into signed contributions, and contributions into measures.
 * Definitions are versioned: a new version changes what is stored, so the projector rebuilds that figure.
 */

/** Dimension values of a contribution, in the definition's `dimensions` order ('' = not applicable); at most
 *  DIMENSION_COLUMNS (figure-store.port.ts). */
export type DimensionValues = readonly string[];

/** How a stored column is aggregated. `sum`: signed total. `distinct`: how many items have a positive total.
 *  `histogram`: the multiset of item values, each with its positive total as multiplicity. */
export type ColumnKind = 'sum' | 'distinct' | 'histogram' | 'sumToDate';

export interface ColumnSpec {
  readonly name: string;
  /** `sumToDate`: a signed total of the contributions whose item (an ISO instant: when the amount took effect) is at
   *  or before the answer's stock time (see `stock`); lets a cohort counted at one time follow amounts over another. */
  readonly kind: ColumnKind;
  /** A stock: its answer value is the total of every contribution up to the end of the row's period (capped at the
   *  answer's asOf and at the present), not of the window. Only for `sum` columns, and moved only by contributions
   *  without an item (item ''): the stores sum stocks from those rows alone (checkStockColumns; the projector refuses the rest). */
  readonly stock?: boolean;
  /** Decimal places of the minor unit: 0 for counts and seconds, 8 for USD. */
  readonly scale: number;
}

/** At most this many value columns per figure: the stores have one integer column each. */
export const MAX_COLUMNS = 16;

/** One signed contribution an event makes; the projector adds position, event id, stream and recording time. */
export interface ContributionDraft {
  /** Business time the contribution counts at (canonical instant, see business-time.ts). */
  readonly occurredAt: string;
  readonly dims: DimensionValues;
  /** For distinct/histogram columns: the item counted (an entity key or a value); '' otherwise. */
  readonly item: string;
  /** Deltas by column name, in minor units; missing means 0. */
  readonly values: Readonly<Record<string, bigint>>;
}

export interface Applied<S> {
  /** The entity's state after the event; undefined leaves no state. */
  readonly state: S | undefined;
  readonly contributions: readonly ContributionDraft[];
  /** When the ledger could know these contributions, if later than the event's own known time (see knownSince). */
  readonly knownAt?: string;
  /** The states after the event of the related entities it changed (FigureDefinition.relatedOf); undefined leaves
   *  no state. A related entity not listed keeps its state. */
  readonly related?: ReadonlyMap<string, S | undefined>;
}

export interface DimensionSpec {
  readonly name: string;
  readonly description: string;
}

/** `amount`: native units of an asset; `text`: a list of codes. */
export type MeasureUnit = 'count' | 'usd' | 'days' | 'ratio' | 'amount' | 'text';

export interface MeasureSpec {
  readonly name: string;
  readonly unit: MeasureUnit;
  readonly description: string;
}

/** A measure value in an answer: counts are numbers; money, days and ratios exact decimal strings; null = undefined. */
export type MeasureValue = number | string | null;

/** Aggregated columns of one answer cell. */
export interface CellTotals {
  /** Signed totals of `sum` columns (minor units). */
  readonly sums: Readonly<Record<string, bigint>>;
  /** Number of items with a positive total, for `distinct` columns. */
  readonly distinct: Readonly<Record<string, number>>;
  /** The items with a positive total, ascending, for `distinct` columns. */
  readonly distinctItems?: Readonly<Record<string, readonly string[]>>;
  /** Ascending [value, multiplicity] pairs, for `histogram` columns (value = the item, an integer). */
  readonly histograms: Readonly<Record<string, ReadonlyArray<readonly [bigint, bigint]>>>;
}

export interface AnswerRow {
  /** Group values by groupBy name, in groupBy order; null for a dimension a contribution does not have. */
  readonly group: Readonly<Record<string, string | null>>;
  readonly measures: Readonly<Record<string, MeasureValue>>;
  /** Events that contributed to the cell (see methodology of the answer). */
  readonly events: number;
}

export interface FigureDefinition<S = unknown> {
  readonly name: string;
  readonly version: number;
  readonly title: string;
  /** Plain-language methodology, one paragraph per entry. */
  readonly methodology: readonly string[];
  /** Up to DIMENSION_COLUMNS (6) dimensions besides year and month. */
  readonly dimensions: readonly DimensionSpec[];
  readonly measures: readonly MeasureSpec[];
  /** Stored value columns (at most MAX_COLUMNS). */
  readonly columns: readonly ColumnSpec[];
  /** Event types and schema versions this figure reads; anything else known to the ledger is not its business. Written
   *  keyed by the domain's event types (define-figure.ts), read here by the type name of a recorded event. */
  readonly consumes: Readonly<Record<string, readonly number[]>>;
  /** The entity whose state an event needs and updates (e.g. the request id). */
  entityOf(event: RecordedEvent): string;
  /**
   * Other entities of the figure whose states the event reads and may change, besides its own: from the event and
   * its own entity's state before it (e.g. the incidents a freeze's returns count for). None when absent. The
   * projector loads them before `apply`, so a record linked to another is kept as its own entity instead of one entity
   * holding every linked record (whose state would grow with the log).
   */
  relatedOf?(event: RecordedEvent, state: S | undefined): readonly string[];
  /** Pure: the event applied to the entity's state (and to the related entities' states, by key: undefined when one
   *  has none). Throws when the event cannot be applied. */
  apply(event: RecordedEvent, state: S | undefined, related?: ReadonlyMap<string, S | undefined>): Applied<S>;
  /** How an answer counts its events. `per-cell` (version 1): once per business day and dimension values an event
   *  contributes to, so an event may count more than once. `distinct`: each event once, on its first contribution
   *  (the one at its own business time); default `per-cell`. */
  readonly eventCount?: 'per-cell' | 'distinct';
  /** With `distinct`: a `sum` column (YEAR_EVENTS_COLUMN, year-event-marks.ts) marking each event once per business
   *  year it contributes to; answers whose cells lie within one year count events from it (query/event-count.ts). */
  readonly yearEvents?: string;
  /** false: keep rollups in the full cube only (a superseded version, asked rarely: cheaper rebuilds, slower answers). */
  readonly smallCubes?: boolean;
  /** Query options the figure takes besides the dimensions, each with its allowed values (the first is the default). */
  readonly options?: Readonly<Record<string, readonly string[]>>;
  /** Measures of one cell. `groupBy` tells which dimensions split the cells; `options` the query's options. */
  compute(cell: CellTotals, groupBy: readonly string[], options?: Readonly<Record<string, string>>): Record<string, MeasureValue>;
  /** Optional pass over all rows (sorted by group), for measures comparing cells, e.g. year over year. */
  finish?(rows: readonly AnswerRow[], groupBy: readonly string[]): AnswerRow[];
}

/**
 * The cubes a figure's rollups are kept in (figure-store.port.ts). Current answers read the ALL_POSITIONS months and
 * years of `overall`: the small cubes, or the full cube of a figure that keeps none because of a distinct column
 * (without those rows, its current answers summed every position bucket's rows: 1.4 s p99 for trainings at 10M
 * events). A figure with `smallCubes: false` keeps neither, for the cheapest rebuild.
 */
export function rollupCubes(definition: FigureDefinition): RollupCubes {
  if (definition.smallCubes === false) return { smallCubes: [], overall: [] };
  // A distinct column's items are things counted (agencies, countries), mostly each under one combination of
  // dimension values, so a small cube would hold nearly as many rows as the full one and only slow rebuilds down.
  if (definition.columns.some((column) => column.kind === 'distinct')) return { smallCubes: [], overall: [FULL_CUBE] };
  const smallCubes = smallCubesOf(definition.dimensions.length);
  return { smallCubes, overall: smallCubes };
}

/**
 * Refuses a definition whose stock column is not a `sum` (a stock is one signed total per cell). Stocks are summed
 * from the rows without an item only (AggregateSpec.perItem false): with histogram and distinct detail, most rows of
 * a cell are item rows, and a stock read needs none of them.
 */
export function checkStockColumns(definition: Pick<FigureDefinition, 'name' | 'version' | 'columns'>): void {
  const wrong = definition.columns.find((column) => column.stock === true && column.kind !== 'sum');
  if (wrong)
    throw new Error(`figure ${figureKey(definition)}: stock column ${wrong.name} is of kind ${wrong.kind}; a stock must be a sum column`);
}

/** The key a figure version is stored under: version 1 keeps the bare name (stores projected before v2 stay valid). */
export function figureKey(definition: Pick<FigureDefinition, 'name' | 'version'>): string {
  return definition.version === 1 ? definition.name : `${definition.name}@v${definition.version}`;
}

/** When the ledger learned a fact: the original recording time of imported history, else its own recordedAt. */
export function knownTimeOf(event: RecordedEvent): string {
  const imported = (event.metadata as { imported?: { recordedAt?: unknown } }).imported;
  return typeof imported?.recordedAt === 'string' ? imported.recordedAt : event.metadata.recordedAt;
}

/**
 * The known time of what an event changes: its own, or the latest known time of the entity's earlier events if that
 * is later. A fact about a record cannot be known before the record: an answer imported with an original recording
 * time before the live receipt it answers, or two writers whose clocks disagree, would otherwise be known without
 * the receipt, and a stock as known at a time in between would go negative.
 */
export function knownSince(event: RecordedEvent, ...recordsKnownSince: readonly (string | undefined)[]): string {
  let known = knownTimeOf(event);
  for (const since of recordsKnownSince) if (since !== undefined && Date.parse(since) > Date.parse(known)) known = since;
  return known;
}

/** Thrown by `apply` when an event contradicts what the projection knows (e.g. an answer to an unknown request). */
export class ProjectionRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionRuleError';
  }
}
