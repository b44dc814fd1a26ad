import { type FigureAnswer, type FigureDescription, FigureService, type LogPoint, type ProvenancePage } from '@ledger/figures';
import { FIGURE_STORE, figureKey, type FigureStore } from '@ledger/figures';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FiguresProjectorService } from './figures-projector.service';

type QueryParams = Record<string, string | string[] | undefined>;

const FIGURE_QUERY_DOC = [
  { name: 'groupBy', required: false, description: 'comma-separated: year, month and the dimensions of the figure (see GET /v1/figures)' },
  { name: 'from', required: false, description: 'business time lower bound (ISO date or instant, inclusive)' },
  { name: 'asOf', required: false, description: 'business time: events that occurred up to this date (whole day) or instant' },
  { name: 'knownAt', required: false, description: 'log position, or a time: what the ledger knew then (each fact by its recording time; imported history by its original one)' },
  { name: 'year', required: false, description: 'YYYY' },
  { name: 'month', required: false, description: 'YYYY-MM' },
  { name: 'version', required: false, description: 'definition version (default: the latest, 2); version=1 reproduces answers published under version 1' },
  { name: 'cohort', required: false, description: 'le-requests v2: response times of the requests answered (default) or received in the period' },
] as const;

function FigureQueryDocs(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const q of FIGURE_QUERY_DOC) ApiQuery(q)(target, key, descriptor);
    return descriptor;
  };
}

/** Figures: definitions with their methodology, answers, and the events behind every number. */
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
  @ApiOkResponse({ description: 'figures and projection state' })
  async list(): Promise<{ figures: (FigureDescription & { projectedTo: LogPoint | null })[]; projector: { state: string; error?: string } | null }> {
    const checkpoints = new Map((await this.store.checkpoints()).map((c) => [c.figure, c]));
    const status = this.projector.status;
    return {
      figures: this.figures.list().map((figure) => {
        const checkpoint = checkpoints.get(figureKey(figure));
        const current = checkpoint && checkpoint.version === figure.version;
        return { ...figure, projectedTo: current ? { position: checkpoint.position, recordedAt: checkpoint.recordedAt || null } : null };
      }),
      projector: status ? { state: status.state, ...(status.state === 'failed' ? { error: status.error.message } : {}) } : null,
    };
  }

  @Get(':name')
  @ApiOperation({ summary: 'A figure answer, grouped and filtered, as of a business time and as known at a log position or time' })
  @ApiParam({ name: 'name', example: 'le-requests' })
  @FigureQueryDocs()
  @ApiOkResponse({ description: 'measures per group, with definition version, log position, events behind it and provenance links' })
  answer(@Param('name') name: string, @Query() query: QueryParams): Promise<FigureAnswer> {
    return this.figures.answer(name, query);
  }

  @Get(':name/provenance')
  @ApiOperation({ summary: 'The contributions behind a figure cell (same filters as the answer), one page of events at a time' })
  @ApiParam({ name: 'name', example: 'trainings' })
  @FigureQueryDocs()
  @ApiQuery({ name: 'after', required: false, description: 'log position: events strictly after it' })
  @ApiQuery({ name: 'limit', required: false, description: 'events per page (1-1000, default 100)' })
  @ApiOkResponse({ description: 'contributing events with their signed contributions, and the next page link' })
  provenance(@Param('name') name: string, @Query() query: QueryParams): Promise<ProvenancePage> {
    return this.figures.provenance(name, query);
  }
}
