import { trace } from '@opentelemetry/api';
import { conflict, invalid, notFound } from '@ledger/domain';
import type { EventStore, LogPosition } from '@ledger/event-store';
import { FIGURES } from '../definitions';
import { type AnswerRow, type CellTotals, type FigureDefinition, keepsSmallCubes, type MeasureSpec, type MeasureValue } from '../definitions/figure-definition';
import { type AggregateRow, type AggregateSpec, type Checkpoint, type ContributionRow, cubeFor, type FigureStore, FULL_CUBE, POSITION_BUCKET, positionBucket } from '../figure-store.port';
import { coverWindow } from '../model/business-time';
import { fromMinorUnits } from '../model/minor-units';
import {
  type FigureQuery,
  type FigureQueryParams,
  NO_VALUE,
  parseFigureQuery,
  queryString,
  storeFilters,
  storeGroupColumns,
} from './figure-query';

export interface FigureDescription {
  readonly name: string;
  readonly version: number;
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
  /** Events behind the answer (an event counts once per business day and dimension values it contributes to). */
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
  private readonly byName: ReadonlyMap<string, FigureDefinition>;
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
    this.byName = new Map(this.figures.map((f) => [f.name, f]));
  }

  list(): FigureDescription[] {
    return this.figures.map((f) => ({
      name: f.name,
      version: f.version,
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

  definition(name: string): FigureDefinition {
    const definition = this.byName.get(name);
    if (!definition) throw notFound('figures.unknown_figure', `no figure named ${name}; known figures: ${[...this.byName.keys()].join(', ')}`, { figure: name });
    return definition;
  }

  /** One figure query, in a span of its own when tracing is on. */
  answer(name: string, params: FigureQueryParams): Promise<FigureAnswer> {
    return tracer.startActiveSpan('figure query', { attributes: { 'ledger.figure': name } }, (span) =>
      this.answerUntraced(name, params).finally(() => span.end()),
    );
  }

  private async answerUntraced(name: string, params: FigureQueryParams): Promise<FigureAnswer> {
    const definition = this.definition(name);
    const query = parseFigureQuery(definition, params);
    const checkpoint = await this.readyCheckpoint(definition);
    const knownAt = await this.knownAtPosition(query);
    const partial = knownAt !== undefined && knownAt < checkpoint.position;
    const asOfPosition = partial ? knownAt : checkpoint.position;

    const rows = await this.store.aggregate(this.plan(definition, query, partial ? knownAt : undefined));
    const { answerRows, events } = this.buildRows(definition, query, rows);
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
      knownAt: partial ? await this.logPoint(asOfPosition) : { position: checkpoint.position, recordedAt: checkpoint.recordedAt || null },
      events,
      measures: definition.measures.map((m) => m.name),
      rows: answerRows.map((row) => ({ ...row, provenance: this.provenanceLink(definition, query, row.group) })),
      provenance: `${this.basePath}/${definition.name}/provenance${queryString(definition, query, {}, false)}`,
    };
  }

  async provenance(name: string, params: FigureQueryParams): Promise<ProvenancePage> {
    const definition = this.definition(name);
    const query = parseFigureQuery(definition, params, { paging: true });
    const after = pageNumber(params.after, 'after', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const limit = pageNumber(params.limit, 'limit', 1, MAX_PROVENANCE_LIMIT) ?? DEFAULT_PROVENANCE_LIMIT;
    const checkpoint = await this.readyCheckpoint(definition);
    const knownAt = await this.knownAtPosition(query);
    const positionAtMost = knownAt !== undefined && knownAt < checkpoint.position ? knownAt : checkpoint.position;
    const rows = await this.store.contributions({
      figure: definition.name,
      filters: storeFilters(definition, query.filters),
      from: query.windowFrom,
      to: query.windowTo,
      positionAtMost,
      after,
      limit,
    });
    const events: ProvenanceEvent[] = [];
    for (const row of rows) {
      let event = events[events.length - 1];
      if (!event || event.position !== row.position) {
        event = { position: row.position, eventId: row.eventId, stream: row.stream, type: row.eventType, recordedAt: row.recordedAt, contributions: [] };
        events.push(event);
      }
      (event.contributions as ProvenanceEvent['contributions'][number][]).push(this.describeContribution(definition, row));
    }
    const full = new Set(rows.map((r) => r.position)).size === limit;
    const last = events[events.length - 1];
    return {
      figure: definition.name,
      version: definition.version,
      knownAt: positionAtMost === checkpoint.position ? { position: checkpoint.position, recordedAt: checkpoint.recordedAt || null } : await this.logPoint(positionAtMost),
      events,
      next: full && last ? `${this.basePath}/${definition.name}/provenance${queryString(definition, query, { after: String(last.position), limit: String(limit) }, false)}` : null,
    };
  }

  /**
   * Whole days, months and years of the window come from rollups (only whole position buckets below knownAt's);
   * partial days at the window's ends and the part of knownAt's bucket up to knownAt come from raw contributions.
   * The raw ranges never overlap each other or the rollups, so every contribution is counted exactly once.
   */
  private plan(definition: FigureDefinition, query: FigureQuery, knownAt: LogPosition | undefined): AggregateSpec {
    const base = { figure: definition.name, groupBy: storeGroupColumns(definition, query.groupBy), filters: storeFilters(definition, query.filters) };
    const window = { from: query.windowFrom ?? '', to: query.windowTo ?? '~' };
    if (this.rawOnly) return { ...base, rollup: { periods: [] }, raw: [{ ...window, positionTo: knownAt }] };
    const cover = coverWindow(query.windowFrom, query.windowTo, !query.groupBy.includes('month'));
    // The smallest rollup cube keeping every dimension the query groups or filters by.
    let dimensions = 0;
    for (const column of [...base.groupBy, ...base.filters.map((f) => f.column)]) if (column !== 'year' && column !== 'month') dimensions |= 1 << (Number(column.slice(1)) - 1);
    const cube = keepsSmallCubes(definition) ? cubeFor(dimensions) : FULL_CUBE;
    if (knownAt === undefined) return { ...base, rollup: { periods: cover.periods, cube, allPositions: true }, raw: cover.edges };
    const posBucketBelow = positionBucket(knownAt, this.bucketSize);
    const tailFrom = posBucketBelow * this.bucketSize;
    return {
      ...base,
      rollup: { periods: cover.periods, posBucketBelow, cube },
      raw: [{ ...window, positionFrom: tailFrom, positionTo: knownAt }, ...cover.edges.map((edge) => ({ ...edge, positionTo: tailFrom - 1 }))],
    };
  }

  private buildRows(definition: FigureDefinition, query: FigureQuery, rows: readonly AggregateRow[]): { answerRows: AnswerRow[]; events: number } {
    interface Cell extends CellTotals {
      group: readonly string[];
      sums: Record<string, bigint>;
      distinct: Record<string, number>;
      histograms: Record<string, [bigint, bigint][]>;
      events: bigint;
      nonZero: boolean;
    }
    const cells = new Map<string, Cell>();
    let events = 0n;
    const columns = definition.columns;
    for (const row of rows) {
      // Group values hold no NUL (as in the projector's rollup keys).
      const key = row.group.join('\u0000');
      let cell = cells.get(key);
      if (!cell) {
        cell = { group: row.group, sums: {}, distinct: {}, histograms: {}, events: 0n, nonZero: false };
        cells.set(key, cell);
      }
      cell.events += row.events;
      events += row.events;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i];
        const value = row.values[i];
        if (value !== 0n) cell.nonZero = true;
        if (column.kind === 'sum') cell.sums[column.name] = (cell.sums[column.name] ?? 0n) + value;
        else if (value > 0n && column.kind === 'distinct') cell.distinct[column.name] = (cell.distinct[column.name] ?? 0) + 1;
        else if (value > 0n) (cell.histograms[column.name] ??= []).push([BigInt(row.item), value]);
      }
    }
    if (query.groupBy.length === 0 && cells.size === 0) {
      cells.set('', { group: [], sums: {}, distinct: {}, histograms: {}, events: 0n, nonZero: true });
    }
    const ordered = [...cells.values()]
      .filter((cell) => cell.nonZero || query.groupBy.length === 0)
      .sort((a, b) => compareGroups(a.group, b.group));
    const answerRows: AnswerRow[] = ordered.map((cell) => {
      for (const histogram of Object.values(cell.histograms)) histogram.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const computed = definition.compute(cell, query.groupBy);
      const measures: Record<string, MeasureValue> = {};
      for (const measure of definition.measures) measures[measure.name] = computed[measure.name] ?? null;
      const group: Record<string, string | null> = {};
      query.groupBy.forEach((name, i) => (group[name] = cell.group[i] === '' ? null : cell.group[i]));
      return { group, measures, events: Number(cell.events) };
    });
    return { answerRows: definition.finish ? definition.finish(answerRows, query.groupBy) : answerRows, events: Number(events) };
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
    const checkpoint = (await this.store.checkpoints()).find((c) => c.figure === definition.name);
    if (!checkpoint || checkpoint.version !== definition.version) {
      throw conflict('figures.not_ready', `figure ${definition.name} v${definition.version} is not projected yet (the projector builds it on start); try again shortly`, {
        figure: definition.name,
      });
    }
    return checkpoint;
  }

  /** knownAt as a log position: given directly, or the last event recorded at or before the time. */
  private async knownAtPosition(query: FigureQuery): Promise<LogPosition | undefined> {
    if (query.knownAt === undefined) return undefined;
    if ('position' in query.knownAt) return query.knownAt.position;
    return this.positionAt(query.knownAt.time);
  }

  /** Binary search over the log; recordedAt never decreases along the log (the writer keeps it monotonic). */
  private async positionAt(time: string): Promise<LogPosition> {
    let low = 0;
    let high = (await this.events.headPosition()) ?? 0;
    while (low < high) {
      const probe = low + Math.ceil((high - low) / 2);
      const [event] = await this.events.readAll({ before: probe + 1, direction: 'backwards', limit: 1 });
      if (!event || event.position <= low) {
        high = probe - 1;
      } else if (event.metadata.recordedAt <= time) {
        low = event.position;
      } else {
        high = event.position - 1;
      }
    }
    return low;
  }

  private async logPoint(position: LogPosition): Promise<LogPoint> {
    if (position <= 0) return { position: 0, recordedAt: null };
    // At or before: a bound the store understands (EventStoreDB positions are byte offsets: no `position + 1`).
    const [event] = await this.events.readAll({ atOrBefore: position, direction: 'backwards', limit: 1 });
    return event ? { position: event.position, recordedAt: event.metadata.recordedAt } : { position: 0, recordedAt: null };
  }
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
