import { trace } from '@opentelemetry/api';
import { conflict, invalid, notFound } from '@ledger/domain';
import type { EventStore, LogPosition } from '@ledger/event-store';
import { FIGURES } from '../definitions';
import { type AnswerRow, type CellTotals, type FigureDefinition, figureKey, keepsSmallCubes, type MeasureSpec, type MeasureValue } from '../definitions/figure-definition';
import { type AggregateRow, type AggregateSpec, type Checkpoint, type ContributionRow, cubeFor, type FigureStore, FULL_CUBE, POSITION_BUCKET, positionBucket } from '../figure-store.port';
import { coverWindow, inclusiveEnd } from '../model/business-time';
import { eventCounter } from './event-count';
import { lastKnownPoint } from './known-by-point';
import { fromMinorUnits } from '../model/minor-units';
import {
  type FigureQuery,
  type FigureQueryParams,
  NO_VALUE,
  parseFigureQuery,
  queryString,
  requestedVersion,
  storeFilters,
  storeGroupColumns,
} from './figure-query';

export interface FigureDescription {
  readonly name: string;
  /** The version answered when a query names none (the latest). */
  readonly version: number;
  /** Every version still answered (`version=` in a query); earlier ones reproduce answers published under them. */
  readonly versions: readonly number[];
  readonly title: string;
  readonly methodology: readonly string[];
  readonly dimensions: readonly { name: string; description: string }[];
  readonly measures: readonly MeasureSpec[];
  readonly href: string;
}

/** Where in the log an answer stands: the last event it reflects, and when the ledger recorded it. */
export interface LogPoint {
  readonly position: LogPosition;
  readonly recordedAt: string | null;
  /** For knownAt by time: only facts the ledger knew by then (imported history: their original recording time). */
  readonly knownBy?: string;
}

export interface FigureAnswer {
  readonly figure: string;
  readonly version: number;
  readonly query: {
    readonly groupBy: readonly string[];
    readonly filters: Readonly<Record<string, readonly string[]>>;
    readonly year: string | null;
    readonly month: string | null;
    readonly from: string | null;
    readonly asOf: string | null;
    readonly knownAt: string | null;
  };
  /** The log position (and its recording time) the answer is as of: knownAt, or the projection's checkpoint. */
  readonly knownAt: LogPoint;
  /** Figures with stocks: the latest instant a stock is taken at (the earliest of asOf, knownAt by time and the
   *  recording time of the last event the answer knows); a row's stocks stand at the end of its period, or at this
   *  instant if that is earlier. */
  readonly stocksAt?: string;
  /** Events behind the answer: see the figure's methodology (version 1: once per business day and dimension values
   *  an event contributes to; later versions: distinct events). */
  readonly events: number;
  readonly measures: readonly string[];
  readonly rows: readonly (AnswerRow & { readonly provenance: string })[];
  readonly provenance: string;
}

export interface ProvenanceEvent {
  readonly position: LogPosition;
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  readonly recordedAt: string;
  /** When the ledger learned the fact (imported history: its original recording time). */
  readonly knownAt: string;
  readonly contributions: readonly {
    readonly occurredAt: string;
    readonly dimensions: Readonly<Record<string, string | null>>;
    readonly item: string | null;
    readonly values: Readonly<Record<string, string>>;
  }[];
}

export interface ProvenancePage {
  readonly figure: string;
  readonly version: number;
  readonly knownAt: LogPoint;
  readonly events: readonly ProvenanceEvent[];
  /** Link to the next page, null on the last. */
  readonly next: string | null;
}

export interface FigureServiceOptions {
  readonly figures?: readonly FigureDefinition[];
  /** Path prefix of the links in answers. */
  readonly basePath?: string;
  /** Rollup position bucket size; must match the projector's. */
  readonly positionBucketSize?: number;
  /** Ignore rollups and sum raw contributions only: slow, for checking that rollups agree with what they roll up. */
  readonly rawContributionsOnly?: boolean;
}

/** What an answer knows: everything projected, up to a log position, or what was known by a time. */
/** With knownBy: every contribution below `knownBelow` is known by then, none after `knownUpTo` (FigureStore.knownSpan,
 *  both capped at the checkpoint read for the answer, so contributions committed meanwhile are never in it). */
type Knowledge = { readonly position?: LogPosition; readonly knownBy?: string; readonly knownBelow?: LogPosition; readonly knownUpTo?: LogPosition };

export const DEFAULT_PROVENANCE_LIMIT = 100;
export const MAX_PROVENANCE_LIMIT = 1000;

/**
 * Answers figure queries from the figure store: whole periods and position buckets from rollups, the partial day
 * at either end of the window and the partial bucket up to knownAt from raw contributions. Answers are built in a
 * fixed order from exact integers, so the same store content gives the same bytes.
 */
/** A no-op unless the process registered an OpenTelemetry tracer provider. */
const tracer = trace.getTracer('@ledger/figures');

export class FigureService {
  private readonly byName: ReadonlyMap<string, readonly FigureDefinition[]>;
  private readonly figures: readonly FigureDefinition[];
  private readonly basePath: string;
  private readonly bucketSize: number;
  private readonly rawOnly: boolean;

  constructor(
    private readonly events: EventStore,
    private readonly store: FigureStore,
    options: FigureServiceOptions = {},
  ) {
    this.figures = options.figures ?? FIGURES;
    this.basePath = options.basePath ?? '/v1/figures';
    this.bucketSize = options.positionBucketSize ?? POSITION_BUCKET;
    this.rawOnly = options.rawContributionsOnly ?? false;
    const byName = new Map<string, FigureDefinition[]>();
    for (const figure of this.figures) byName.set(figure.name, [...(byName.get(figure.name) ?? []), figure].sort((a, b) => a.version - b.version));
    this.byName = byName;
  }

  list(): FigureDescription[] {
    return [...this.byName.values()].map((versions) => versions[versions.length - 1]).map((f) => ({
      name: f.name,
      version: f.version,
      versions: this.byName.get(f.name)!.map((v) => v.version),
      title: f.title,
      methodology: f.methodology,
      dimensions: [
        { name: 'year', description: 'year of the business time (UTC), YYYY' },
        { name: 'month', description: 'month of the business time (UTC), YYYY-MM' },
        ...f.dimensions,
      ],
      measures: f.measures,
      href: `${this.basePath}/${f.name}`,
    }));
  }

  /** The definition of a figure at a version (undefined: the latest). */
  definition(name: string, version?: number): FigureDefinition {
    const versions = this.byName.get(name);
    if (!versions) throw notFound('figures.unknown_figure', `no figure named ${name}; known figures: ${[...this.byName.keys()].join(', ')}`, { figure: name });
    const definition = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
    if (!definition) {
      throw notFound('figures.unknown_version', `figure ${name} has no version ${version}; versions: ${versions.map((v) => v.version).join(', ')}`, { figure: name, version });
    }
    return definition;
  }

  /**
   * One figure query, in a span of its own when tracing is on. `presentAt` (internal, not a query parameter): the
   * present the stocks stand at instead of the recording time of the last event known, so two answers known at
   * different points can be compared at one instant (restatements).
   */
  answer(name: string, params: FigureQueryParams, presentAt?: string): Promise<FigureAnswer> {
    return tracer.startActiveSpan('figure query', { attributes: { 'ledger.figure': name } }, (span) =>
      this.answerUntraced(name, params, presentAt).finally(() => span.end()),
    );
  }

  private async answerUntraced(name: string, params: FigureQueryParams, presentAt: string | undefined): Promise<FigureAnswer> {
    const definition = this.definition(name, requestedVersion(params));
    const query = parseFigureQuery(definition, params);
    const checkpoint = await this.readyCheckpoint(definition);
    const knowledge = await this.knownBelow(definition, this.knowledge(query, checkpoint), checkpoint);
    const partial = knowledge.position !== undefined;

    const rows = await this.store.aggregate(this.plan(definition, query, knowledge));
    const knownAt: LogPoint = partial
      ? await this.logPoint(knowledge.position!)
      : { position: checkpoint.position, recordedAt: checkpoint.recordedAt || null, ...(knowledge.knownBy === undefined ? {} : { knownBy: knowledge.knownBy }) };
    const hasStocks = definition.columns.some((column) => column.stock || column.kind === 'sumToDate');
    const present = presentAt === undefined ? knownAt : { ...knownAt, recordedAt: presentAt };
    const stocksAt = hasStocks ? stocksInstant(query, present) : undefined;
    let stockRows: AggregateRow[] | undefined;
    if (stocksAt !== undefined && definition.columns.some((column) => column.stock)) {
      const windowTo = query.windowTo === undefined || query.windowTo > stocksAt ? stocksAt : query.windowTo;
      stockRows = query.windowFrom !== undefined && query.windowFrom > windowTo ? [] : await this.store.aggregate(this.plan(definition, { ...query, windowFrom: undefined, windowTo }, knowledge));
    }
    const { answerRows, events } = this.buildRows(definition, query, rows, stockRows, stocksAt);
    return {
      figure: definition.name,
      version: definition.version,
      query: {
        groupBy: query.groupBy,
        filters: query.filters,
        year: query.year ?? null,
        month: query.month ?? null,
        from: query.from ?? null,
        asOf: query.asOf ?? null,
        knownAt: query.knownAt === undefined ? null : 'position' in query.knownAt ? String(query.knownAt.position) : query.knownAt.time,
      },
      // By time: the last event known then, not the head (the stocks above still stand at knownBy at the latest).
      // Nothing known by then lies past knownUpTo (the store's known span), so the search starts there.
      knownAt: knowledge.knownBy === undefined ? knownAt : await lastKnownPoint(this.store, figureKey(definition), knowledge.knownBy, knowledge.knownUpTo ?? checkpoint.position),
      ...(stocksAt === undefined ? {} : { stocksAt }),
      events,
      measures: definition.measures.map((m) => m.name),
      rows: answerRows.map((row) => ({ ...row, provenance: this.provenanceLink(definition, query, row.group) })),
      provenance: `${this.basePath}/${definition.name}/provenance${queryString(definition, query, {}, false)}`,
    };
  }

  async provenance(name: string, params: FigureQueryParams): Promise<ProvenancePage> {
    const definition = this.definition(name, requestedVersion(params));
    const query = parseFigureQuery(definition, params, { paging: true });
    const after = pageNumber(params.after, 'after', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const limit = pageNumber(params.limit, 'limit', 1, MAX_PROVENANCE_LIMIT) ?? DEFAULT_PROVENANCE_LIMIT;
    const checkpoint = await this.readyCheckpoint(definition);
    const knowledge = this.knowledge(query, checkpoint);
    const positionAtMost = knowledge.position ?? checkpoint.position;
    const rows = await this.store.contributions({
      figure: figureKey(definition),
      filters: storeFilters(definition, query.filters),
      from: query.windowFrom,
      to: query.windowTo,
      positionAtMost,
      knownBy: knowledge.knownBy,
      after,
      limit,
    });
    const events: ProvenanceEvent[] = [];
    for (const row of rows) {
      let event = events[events.length - 1];
      if (!event || event.position !== row.position) {
        event = { position: row.position, eventId: row.eventId, stream: row.stream, type: row.eventType, recordedAt: row.recordedAt, knownAt: row.knownAt, contributions: [] };
        events.push(event);
      }
      (event.contributions as ProvenanceEvent['contributions'][number][]).push(this.describeContribution(definition, row));
    }
    const full = new Set(rows.map((r) => r.position)).size === limit;
    const last = events[events.length - 1];
    return {
      figure: definition.name,
      version: definition.version,
      knownAt:
        positionAtMost === checkpoint.position
          ? { position: checkpoint.position, recordedAt: checkpoint.recordedAt || null, ...(knowledge.knownBy === undefined ? {} : { knownBy: knowledge.knownBy }) }
          : await this.logPoint(positionAtMost),
      events,
      next: full && last ? `${this.basePath}/${definition.name}/provenance${queryString(definition, query, { after: String(last.position), limit: String(limit) }, false)}` : null,
    };
  }

  /**
   * Whole days, months and years of the window come from rollups (only whole position buckets below knownAt's);
   * partial days at the window's ends and the part of knownAt's bucket up to knownAt come from raw contributions.
   * The raw ranges never overlap each other or the rollups, so every contribution is counted exactly once.
   */
  private plan(definition: FigureDefinition, query: Pick<FigureQuery, 'groupBy' | 'filters' | 'windowFrom' | 'windowTo'>, knowledge: Knowledge): AggregateSpec {
    const knownAt = knowledge.position;
    const base = { figure: figureKey(definition), groupBy: storeGroupColumns(definition, query.groupBy), filters: storeFilters(definition, query.filters) };
    const window = { from: query.windowFrom ?? '', to: query.windowTo ?? '~' };
    // Known time need not follow log order (imported history, several writers): raw contributions filtered by it,
    // except below knownBelow, where every contribution is known: rollups of the buckets below it, as for a position.
    if (knowledge.knownBy !== undefined && (this.rawOnly || knowledge.knownBelow === undefined)) {
      return { ...base, rollup: { periods: [] }, raw: [{ ...window, knownBy: knowledge.knownBy }] };
    }
    if (this.rawOnly) return { ...base, rollup: { periods: [] }, raw: [{ ...window, positionTo: knownAt }] };
    const cover = coverWindow(query.windowFrom, query.windowTo, !query.groupBy.includes('month'));
    // The smallest rollup cube keeping every dimension the query groups or filters by.
    let dimensions = 0;
    for (const column of [...base.groupBy, ...base.filters.map((f) => f.column)]) if (column !== 'year' && column !== 'month') dimensions |= 1 << (Number(column.slice(1)) - 1);
    const cube = keepsSmallCubes(definition) ? cubeFor(dimensions) : FULL_CUBE;
    // Only the cube without dimensions keeps days (see grainColumn): other cubes read whole days raw, as the edges.
    const periods = cube === 0 ? cover.periods : cover.periods.filter((period) => period.grain !== 'd');
    const rawDays = cube === 0 ? [] : cover.periods.filter((period) => period.grain === 'd').map((days) => ({ from: days.from, to: `${days.to}T99` }));
    if (knownAt === undefined && knowledge.knownBy === undefined) return { ...base, rollup: { periods, cube, allPositions: true }, raw: [...cover.edges, ...rawDays] };
    const posBucketBelow = positionBucket(knownAt ?? knowledge.knownBelow!, this.bucketSize);
    const tailFrom = posBucketBelow * this.bucketSize;
    const tail =
      knownAt === undefined ? { ...window, positionFrom: tailFrom, positionTo: knowledge.knownUpTo, knownBy: knowledge.knownBy } : { ...window, positionFrom: tailFrom, positionTo: knownAt };
    return {
      ...base,
      rollup: { periods, posBucketBelow, cube },
      raw: [tail, ...[...cover.edges, ...rawDays].map((edge) => ({ ...edge, positionTo: tailFrom - 1 }))],
    };
  }

  /**
   * Cells from the window's sums (flows), with stock columns taken instead from `stockRows` (every contribution up to
   * the window's end): cumulated period by period when the answer groups by year or month, so each row's stock
   * stands at the end of its period (or at `stocksAt`).
   */
  private buildRows(
    definition: FigureDefinition,
    query: FigureQuery,
    rows: readonly AggregateRow[],
    stockRows: readonly AggregateRow[] | undefined,
    stocksAt: string | undefined,
  ): { answerRows: AnswerRow[]; events: number } {
    interface Cell extends CellTotals {
      group: readonly string[];
      sums: Record<string, bigint>;
      distinct: Record<string, number>;
      distinctItems: Record<string, string[]>;
      histograms: Record<string, [bigint, bigint][]>;
      events: bigint;
      nonZero: boolean;
    }
    const cells = new Map<string, Cell>();
    const cellOf = (group: readonly string[]): Cell => {
      // Group values hold no NUL (as in the projector's rollup keys).
      const key = group.join('\u0000');
      let cell = cells.get(key);
      if (!cell) {
        cell = { group, sums: {}, distinct: {}, distinctItems: {}, histograms: {}, events: 0n, nonZero: false };
        cells.set(key, cell);
      }
      return cell;
    };
    let events = 0n;
    const columns = definition.columns;
    const count = eventCounter(definition, query);
    for (const row of rows) {
      const cell = cellOf(row.group);
      cell.events += count.row(row);
      events += count.total(row);
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i];
        const value = row.values[i];
        if (value === 0n || column.stock || i === count.column) continue;
        if (column.kind === 'sumToDate') {
          if (stocksAt !== undefined && row.item > stocksAt) continue;
          cell.sums[column.name] = (cell.sums[column.name] ?? 0n) + value;
        } else if (column.kind === 'sum') cell.sums[column.name] = (cell.sums[column.name] ?? 0n) + value;
        else if (value > 0n && column.kind === 'distinct') {
          cell.distinct[column.name] = (cell.distinct[column.name] ?? 0) + 1;
          (cell.distinctItems[column.name] ??= []).push(row.item);
        } else if (value > 0n) (cell.histograms[column.name] ??= []).push([BigInt(row.item), value]);
        cell.nonZero = true;
      }
    }
    if (stockRows) this.addStocks(definition, query, stockRows, stocksAt!, cellOf);
    if (query.groupBy.length === 0 && cells.size === 0) cellOf([]).nonZero = true;
    const ordered = [...cells.values()]
      .filter((cell) => cell.nonZero || query.groupBy.length === 0)
      .sort((a, b) => compareGroups(a.group, b.group));
    const answerRows: AnswerRow[] = ordered.map((cell) => {
      for (const histogram of Object.values(cell.histograms)) histogram.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const items of Object.values(cell.distinctItems)) items.sort();
      const computed = definition.compute(cell, query.groupBy, query.options);
      const measures: Record<string, MeasureValue> = {};
      for (const measure of definition.measures) measures[measure.name] = computed[measure.name] ?? null;
      const group: Record<string, string | null> = {};
      query.groupBy.forEach((name, i) => (group[name] = cell.group[i] === '' ? null : cell.group[i]));
      return { group, measures, events: Number(cell.events) };
    });
    return { answerRows: definition.finish ? definition.finish(answerRows, query.groupBy) : answerRows, events: Number(events) };
  }

  /** Sets each cell's stock columns: the total of every contribution up to the end of the cell's period. */
  private addStocks(
    definition: FigureDefinition,
    query: FigureQuery,
    stockRows: readonly AggregateRow[],
    stocksAt: string,
    cellOf: (group: readonly string[]) => CellTotals & { sums: Record<string, bigint>; nonZero: boolean },
  ): void {
    const stockColumns = definition.columns.flatMap((column, i) => (column.stock ? [{ name: column.name, index: i }] : []));
    const monthAt = query.groupBy.indexOf('month');
    const yearAt = query.groupBy.indexOf('year');
    const grain: 'm' | 'y' | undefined = monthAt >= 0 ? 'm' : yearAt >= 0 ? 'y' : undefined;
    const periodAt = grain === 'm' ? monthAt : yearAt;
    // Stock totals by the group's other values, then by period.
    const byOthers = new Map<string, { sample: readonly string[]; byPeriod: Map<string, bigint[]> }>();
    for (const row of stockRows) {
      const others = row.group.map((value, i) => (i === monthAt || i === yearAt ? '' : value));
      const key = others.join('\u0000');
      let entry = byOthers.get(key);
      if (!entry) byOthers.set(key, (entry = { sample: others, byPeriod: new Map() }));
      const period = grain === undefined ? '' : row.group[periodAt];
      let totals = entry.byPeriod.get(period);
      if (!totals) entry.byPeriod.set(period, (totals = stockColumns.map(() => 0n)));
      stockColumns.forEach((column, j) => (totals![j] += row.values[column.index]));
    }
    const end = query.windowTo === undefined || query.windowTo > stocksAt ? stocksAt : query.windowTo;
    const lastPeriod = grain === undefined ? '' : end.slice(0, grain === 'm' ? 7 : 4);
    const firstPeriod = grain === undefined || query.windowFrom === undefined ? '' : query.windowFrom.slice(0, grain === 'm' ? 7 : 4);
    for (const { sample, byPeriod } of byOthers.values()) {
      const running = stockColumns.map(() => 0n);
      const periods = [...byPeriod.keys()].sort();
      for (let period = periods[0]; period !== undefined && period <= lastPeriod; period = grain === undefined ? (undefined as unknown as string) : nextPeriod(grain, period)) {
        const totals = byPeriod.get(period);
        if (totals) totals.forEach((value, j) => (running[j] += value));
        if (period < firstPeriod) continue;
        const group = sample.slice();
        if (grain !== undefined) {
          if (monthAt >= 0) group[monthAt] = period;
          if (yearAt >= 0) group[yearAt] = period.slice(0, 4);
        }
        const nonZero = running.some((value) => value !== 0n);
        if (!nonZero && !cellExists(cellOf, group)) continue;
        const cell = cellOf(group);
        stockColumns.forEach((column, j) => (cell.sums[column.name] = running[j]));
        if (nonZero) cell.nonZero = true;
      }
    }
  }

  private provenanceLink(definition: FigureDefinition, query: FigureQuery, group: Readonly<Record<string, string | null>>): string {
    const filters = { ...query.filters };
    let { year, month } = query;
    for (const [name, value] of Object.entries(group)) {
      if (name === 'year') year = value ?? undefined;
      else if (name === 'month') month = value ?? undefined;
      else filters[name] = [value ?? NO_VALUE];
    }
    return `${this.basePath}/${definition.name}/provenance${queryString(definition, { ...query, filters, year, month }, {}, false)}`;
  }

  private describeContribution(definition: FigureDefinition, row: ContributionRow): ProvenanceEvent['contributions'][number] {
    const dimensions: Record<string, string | null> = {};
    definition.dimensions.forEach((d, i) => (dimensions[d.name] = row.dims[i] === '' ? null : row.dims[i]));
    const values: Record<string, string> = {};
    definition.columns.forEach((column, i) => {
      if (row.values[i] !== 0n) values[column.name] = fromMinorUnits(row.values[i], column.scale);
    });
    return { occurredAt: row.occurredAt, dimensions, item: row.item === '' ? null : row.item, values };
  }

  private async readyCheckpoint(definition: FigureDefinition): Promise<Checkpoint> {
    const checkpoint = (await this.store.checkpoints()).find((c) => c.figure === figureKey(definition));
    if (!checkpoint || checkpoint.version !== definition.version) {
      throw conflict('figures.not_ready', `figure ${definition.name} v${definition.version} is not projected yet (the projector builds it on start); try again shortly`, {
        figure: definition.name,
      });
    }
    return checkpoint;
  }

  /** Knowledge by time with knownBelow set (see Knowledge); other knowledge as it is. */
  private async knownBelow(definition: FigureDefinition, knowledge: Knowledge, checkpoint: Checkpoint): Promise<Knowledge> {
    if (knowledge.knownBy === undefined || this.rawOnly) return knowledge;
    const span = await this.store.knownSpan(figureKey(definition), knowledge.knownBy);
    // Never past the checkpoint (an exclusive bound: the checkpoint's own event is read raw, which is exact too).
    const cap = checkpoint.position;
    const knownBelow = span.knownBelow === undefined || span.knownBelow > cap ? cap : span.knownBelow;
    // Nothing known at all: an empty raw range (positions up to -1).
    const knownUpTo = span.knownUpTo === undefined ? -1 : Math.min(span.knownUpTo, checkpoint.position);
    return { ...knowledge, knownBelow, knownUpTo };
  }

  /** knownAt as a log position below the projection's (answered from rollups and the partial bucket), or as a time
   *  (each contribution's known time at or before it). A time is never turned into a log position: recording times
   *  need not rise along the log. */
  private knowledge(query: FigureQuery, checkpoint: Checkpoint): Knowledge {
    if (query.knownAt === undefined) return {};
    if ('time' in query.knownAt) return { knownBy: query.knownAt.time };
    return query.knownAt.position < checkpoint.position ? { position: query.knownAt.position } : {};
  }

  private async logPoint(position: LogPosition): Promise<LogPoint> {
    if (position <= 0) return { position: 0, recordedAt: null };
    // At or before: a bound the store understands (EventStoreDB positions are byte offsets: no `position + 1`).
    const [event] = await this.events.readAll({ atOrBefore: position, direction: 'backwards', limit: 1 });
    return event ? { position: event.position, recordedAt: event.metadata.recordedAt } : { position: 0, recordedAt: null };
  }
}

/**
 * The latest instant a stock or to-date amount is taken at: asOf, knownAt by time, and the recording time of the
 * last event the answer knows (the present as far as the ledger knows it), whichever is earliest. Never the wall
 * clock: the same log gives the same answer bytes whenever it is asked (rebuilds, attestations).
 */
function stocksInstant(query: FigureQuery, knownAt: LogPoint): string {
  let at = knownAt.recordedAt ?? '9999-12-31T23:59:59.999Z';
  const asOf = query.asOf === undefined ? undefined : inclusiveEnd(query.asOf);
  if (asOf !== undefined && asOf < at) at = asOf;
  if (knownAt.knownBy !== undefined && knownAt.knownBy < at) at = knownAt.knownBy;
  return at;
}

function nextPeriod(grain: 'm' | 'y', period: string): string {
  if (grain === 'y') return String(Number(period) + 1).padStart(4, '0');
  const [year, month] = [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
  return month === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${period.slice(0, 4)}-${String(month + 1).padStart(2, '0')}`;
}

/** Whether a cell exists without creating it: cellOf creates, so look for a marker it leaves (nonZero or sums). */
function cellExists(cellOf: (group: readonly string[]) => { nonZero: boolean; sums: Record<string, bigint> }, group: readonly string[]): boolean {
  const cell = cellOf(group);
  return cell.nonZero || Object.keys(cell.sums).length > 0;
}

function compareGroups(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function pageNumber(value: FigureQueryParams[string], name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : value.join(',');
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw invalid('figures.invalid_page', `${name} must be a whole number from ${min} to ${max}`, { parameter: name });
  }
  return Number(text);
}
