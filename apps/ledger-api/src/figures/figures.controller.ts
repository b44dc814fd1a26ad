import { type FigureAnswer, type FigureDescription, FigureService, type LogPoint, type ProvenancePage } from '@ledger/figures';
import { FIGURE_STORE, figureKey, type FigureStore } from '@ledger/figures';
import { Controller, Get, Inject, Param, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import { COSTS } from '../auth/costs';
import { withinBytes } from '../http/page-bytes';
import { JurisdictionScopeInterceptor } from '../security/jurisdiction-scope.interceptor';
import { FiguresProjectorService, type ProjectionHealth } from './figures-projector.service';
import { FigureAnswerView, FigureListView, ProvenancePageView } from './figures-responses.dto';

type QueryParams = Record<string, string | string[] | undefined>;

/** Said by every answer while the projector is stopped: the figures are as of `since` and will not move. */
export interface Staleness {
  readonly since: number;
  readonly failedAt: string;
  readonly reason: string;
}

/** The caller, as the auth guard left it on the request (the figures slice knows no auth types). */
type Caller = { principal?: { roles: readonly string[] } };

/** Auditors and admins read everything; anyone else (a regulator) is limited to their jurisdictions. */
function readsEverything(caller: Caller): boolean {
  return caller.principal?.roles.some((role) => role === 'auditor' || role === 'admin') ?? false;
}

/**
 * The log point shown to a jurisdiction-scoped caller: its position, never the recording time of the event there,
 * which may be another jurisdiction's (knownAt=<n> used to return event n's time whatever its country).
 */
function scopedPoint(point: LogPoint, caller: Caller): LogPoint {
  return readsEverything(caller) ? point : { position: point.position, recordedAt: null };
}

/** Auditors and admins get the projector's own words; anyone else a reason that names no event. */
function staleness(health: ProjectionHealth, caller: Caller): Staleness | undefined {
  if (health.state !== 'failed' && health.state !== 'stalled') return undefined;
  const seesEverything = readsEverything(caller);
  const general =
    health.state === 'stalled'
      ? 'the projector is behind the log and not moving; figures stay at this position until it moves again'
      : 'the projector stopped at an event it cannot apply; figures stay at this position until operators fix it';
  return {
    since: health.position,
    failedAt: health.failedAt,
    reason: seesEverything ? health.reason : general,
  };
}

const FIGURE_QUERY_DOC = [
  { name: 'groupBy', required: false, description: 'comma-separated: year, month and the dimensions of the figure (see GET /v1/figures)' },
  { name: 'from', required: false, description: 'business time lower bound (ISO date or instant, inclusive)' },
  { name: 'asOf', required: false, description: 'business time: events that occurred up to this date (whole day) or instant' },
  {
    name: 'knownAt',
    required: false,
    description:
      'log position, or a time: what the ledger knew then (each fact by its recording time; imported history by its original one)',
  },
  { name: 'year', required: false, description: 'YYYY' },
  { name: 'month', required: false, description: 'YYYY-MM' },
  {
    name: 'version',
    required: false,
    description: 'definition version (default: the latest, 2); version=1 reproduces answers published under version 1',
  },
  {
    name: 'cohort',
    required: false,
    description: 'le-requests v2: response times of the requests answered (default) or received in the period',
  },
] as const;

function FigureQueryDocs(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const q of FIGURE_QUERY_DOC) ApiQuery(q)(target, key, descriptor);
    return descriptor;
  };
}

/**
 * Figures: definitions with their methodology, answers, and the events behind every number. Regulators and auditors
 * read them; answers and provenance are scoped to a regulator's countries, carry no global log position or recording
 * time (docs/security.md), and cost by their work (auth/costs.ts).
 */
@Requires({ kind: 'figures' })
@UseInterceptors(JurisdictionScopeInterceptor)
@ApiTags('figures')
@Controller('v1/figures')
export class FiguresController {
  constructor(
    private readonly figures: FigureService,
    private readonly projector: FiguresProjectorService,
    @Inject(FIGURE_STORE) private readonly store: FigureStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Figure definitions: versions, methodology, dimensions, measures, and how far each is projected' })
  @ApiOkResponse({ type: FigureListView, description: 'figures and projection state' })
  async list(@Req() caller: Caller): Promise<{
    figures: (FigureDescription & { projectedTo: LogPoint | null })[];
    projector: { state: string; error?: string } | null;
    stale?: Staleness;
  }> {
    const checkpoints = new Map((await this.store.checkpoints()).map((c) => [c.figure, c]));
    const status = this.projector.status;
    const stale = staleness(this.projector.health(), caller);
    return {
      figures: this.figures.list().map((figure) => {
        const checkpoint = checkpoints.get(figureKey(figure));
        const current = checkpoint && checkpoint.version === figure.version;
        return {
          ...figure,
          projectedTo: current ? scopedPoint({ position: checkpoint.position, recordedAt: checkpoint.recordedAt || null }, caller) : null,
        };
      }),
      projector: status ? { state: status.state, ...(stale ? { error: stale.reason } : {}) } : null,
      ...(stale ? { stale } : {}),
    };
  }

  @Get(':name')
  @Requires({ kind: 'figures' }, { countryScoped: true, cost: COSTS.figureAnswer })
  @ApiOperation({ summary: 'A figure answer, grouped and filtered, as of a business time and as known at a log position or time' })
  @ApiParam({ name: 'name', example: 'le-requests' })
  @FigureQueryDocs()
  @ApiOkResponse({
    type: FigureAnswerView,
    description: 'measures per group, with definition version, log position, events behind it and provenance links',
  })
  async answer(
    @Param('name') name: string,
    @Query() query: QueryParams,
    @Req() caller: Caller,
  ): Promise<FigureAnswer & { stale?: Staleness }> {
    const answered = await this.figures.answer(name, query);
    const answer = { ...answered, knownAt: scopedPoint(answered.knownAt, caller) };
    const stale = staleness(this.projector.health(), caller);
    return stale ? { ...answer, stale } : answer;
  }

  @Get(':name/provenance')
  @Requires({ kind: 'figures' }, { countryScoped: true, cost: COSTS.provenance, positionCursor: true })
  @ApiOperation({ summary: 'The contributions behind a figure cell (same filters as the answer), one page of events at a time' })
  @ApiParam({ name: 'name', example: 'trainings' })
  @FigureQueryDocs()
  @ApiQuery({ name: 'after', required: false, description: 'log position: events strictly after it' })
  @ApiQuery({ name: 'limit', required: false, description: 'events per page (1-1000, default 100)' })
  @ApiOkResponse({ type: ProvenancePageView, description: 'contributing events with their signed contributions, and the next page link' })
  async provenance(
    @Param('name') name: string,
    @Query() query: QueryParams,
    @Req() caller: Caller,
  ): Promise<ProvenancePage & { stale?: Staleness }> {
    const found = await this.figures.provenance(name, query);
    const stale = staleness(this.projector.health(), caller);
    const scoped = { ...found, knownAt: scopedPoint(found.knownAt, caller), ...(stale ? { stale } : {}) };
    // A page also ends at the byte cap: the next link then continues after the last event kept.
    const events = withinBytes(found.events);
    if (events.length === found.events.length) return scoped;
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) if (key !== 'after') next.append(key, v);
    next.set('after', String(events[events.length - 1].position));
    return { ...scoped, events, next: `/v1/figures/${encodeURIComponent(name)}/provenance?${next.toString()}` };
  }
}
