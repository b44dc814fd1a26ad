import { trace } from '@opentelemetry/api';
import { conflict, invalid, notFound } from '@ledger/domain';
import type { EventStore, LogPosition } from '@ledger/event-store';
import { FIGURES } from '../definitions';
import { type FigureDefinition, figureKey, rollupCubes } from '../definitions/figure-definition';
import {
  type AggregateGroup,
  type AggregateSpec,
  type Checkpoint,
  type ContributionRow,
  cubeFor,
  type FigureStore,
  FULL_CUBE,
  POSITION_BUCKET,
  positionBucket,
} from '../figure-store.port';
import { coverWindow, inclusiveEnd } from '../model/business-time';
import { buildAnswerRows } from './answer-rows';
import type { FigureAnswer, FigureDescription, FigureServiceOptions, LogPoint, ProvenanceEvent, ProvenancePage } from './figure-answer';
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

export type { FigureAnswer, FigureDescription, FigureServiceOptions, LogPoint, ProvenanceEvent, ProvenancePage } from './figure-answer';

/** What an answer knows: everything projected, up to a log position, or what was known by a time. */
/** With knownBy: every contribution below `knownBelow` is known by then, none after `knownUpTo` (FigureStore.knownSpan,
 *  both capped at the checkpoint read for the answer, so contributions committed meanwhile are never in it). */
type Knowledge = {
  readonly position?: LogPosition;
  readonly knownBy?: string;
  readonly knownBelow?: LogPosition;
  readonly knownUpTo?: LogPosition;
};

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
    for (const figure of this.figures)
      byName.set(
        figure.name,
        [...(byName.get(figure.name) ?? []), figure].sort((a, b) => a.version - b.version),
      );
    this.byName = byName;
  }

  list(): FigureDescription[] {
    return [...this.byName.values()]
      .map((versions) => versions[versions.length - 1])
      .map((f) => ({
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
    if (!versions)
      throw notFound('figures.unknown_figure', `no figure named ${name}; known figures: ${[...this.byName.keys()].join(', ')}`, {
        figure: name,
      });
    const definition = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
    if (!definition) {
      throw notFound(
        'figures.unknown_version',
        `figure ${name} has no version ${version}; versions: ${versions.map((v) => v.version).join(', ')}`,
        { figure: name, version },
      );
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

    const groups = await this.store.aggregate(this.plan(definition, query, knowledge));
    const knownAt: LogPoint = partial
      ? await this.logPoint(knowledge.position!)
      : {
          position: checkpoint.position,
          recordedAt: checkpoint.recordedAt || null,
          ...(knowledge.knownBy === undefined ? {} : { knownBy: knowledge.knownBy }),
        };
    const hasStocks = definition.columns.some((column) => column.stock || column.kind === 'sumToDate');
    const present = presentAt === undefined ? knownAt : { ...knownAt, recordedAt: presentAt };
    const stocksAt = hasStocks ? stocksInstant(query, present) : undefined;
    let stockGroups: AggregateGroup[] | undefined;
    if (stocksAt !== undefined && definition.columns.some((column) => column.stock)) {
      const windowTo = query.windowTo === undefined || query.windowTo > stocksAt ? stocksAt : query.windowTo;
      // Stock totals ignore items: summed over them in the store (far fewer groups).
      const stockPlan = { ...this.plan(definition, { ...query, windowFrom: undefined, windowTo }, knowledge), perItem: false };
      stockGroups = query.windowFrom !== undefined && query.windowFrom > windowTo ? [] : await this.store.aggregate(stockPlan);
    }
    const { answerRows, events } = buildAnswerRows(definition, query, groups, stockGroups, stocksAt);
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
      knownAt:
        knowledge.knownBy === undefined
          ? knownAt
          : await lastKnownPoint(this.store, figureKey(definition), knowledge.knownBy, knowledge.knownUpTo ?? checkpoint.position),
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
        event = {
          position: row.position,
          eventId: row.eventId,
          stream: row.stream,
          type: row.eventType,
          recordedAt: row.recordedAt,
          knownAt: row.knownAt,
          contributions: [],
        };
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
          ? {
              position: checkpoint.position,
              recordedAt: checkpoint.recordedAt || null,
              ...(knowledge.knownBy === undefined ? {} : { knownBy: knowledge.knownBy }),
            }
          : await this.logPoint(positionAtMost),
      events,
      next:
        full && last
          ? `${this.basePath}/${definition.name}/provenance${queryString(definition, query, { after: String(last.position), limit: String(limit) }, false)}`
          : null,
    };
  }

  /**
   * Whole days, months and years of the window come from rollups (only whole position buckets below knownAt's);
   * partial days at the window's ends and the part of knownAt's bucket up to knownAt come from raw contributions.
   * The raw ranges never overlap each other or the rollups, so every contribution is counted exactly once.
   */
  private plan(
    definition: FigureDefinition,
    query: Pick<FigureQuery, 'groupBy' | 'filters' | 'windowFrom' | 'windowTo'>,
    knowledge: Knowledge,
  ): AggregateSpec {
    const knownAt = knowledge.position;
    const base = {
      figure: figureKey(definition),
      groupBy: storeGroupColumns(definition, query.groupBy),
      filters: storeFilters(definition, query.filters),
    };
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
    for (const column of [...base.groupBy, ...base.filters.map((f) => f.column)])
      if (column !== 'year' && column !== 'month') dimensions |= 1 << (Number(column.slice(1)) - 1);
    const cubes = rollupCubes(definition);
    const cube = cubes.smallCubes.length > 0 ? cubeFor(dimensions) : FULL_CUBE;
    // Only the cube without dimensions keeps days (see grainColumn): other cubes read whole days raw, as the edges.
    const periods = cube === 0 ? cover.periods : cover.periods.filter((period) => period.grain !== 'd');
    const rawDays =
      cube === 0 ? [] : cover.periods.filter((period) => period.grain === 'd').map((days) => ({ from: days.from, to: `${days.to}T99` }));
    if (knownAt === undefined && knowledge.knownBy === undefined)
      return { ...base, rollup: { periods, cube, allPositions: cubes.overall.includes(cube) }, raw: [...cover.edges, ...rawDays] };
    const posBucketBelow = positionBucket(knownAt ?? knowledge.knownBelow!, this.bucketSize);
    const tailFrom = posBucketBelow * this.bucketSize;
    const tail =
      knownAt === undefined
        ? { ...window, positionFrom: tailFrom, positionTo: knowledge.knownUpTo, knownBy: knowledge.knownBy }
        : { ...window, positionFrom: tailFrom, positionTo: knownAt };
    return {
      ...base,
      rollup: { periods, posBucketBelow, cube },
      raw: [tail, ...[...cover.edges, ...rawDays].map((edge) => ({ ...edge, positionTo: tailFrom - 1 }))],
    };
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
      throw conflict(
        'figures.not_ready',
        `figure ${definition.name} v${definition.version} is not projected yet (the projector builds it on start); try again shortly`,
        {
          figure: definition.name,
        },
      );
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

function pageNumber(value: FigureQueryParams[string], name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : value.join(',');
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw invalid('figures.invalid_page', `${name} must be a whole number from ${min} to ${max}`, { parameter: name });
  }
  return Number(text);
}
