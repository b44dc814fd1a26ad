import { visibleCountries } from '@ledger/auth';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { figureRestatements, type RestatementList } from '@ledger/figures/restatements';
import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { AuditService } from './audit.service';

@ApiTags('figures')
@Controller('v1/figures')
export class RestatementsController {
  constructor(
    private readonly service: AuditService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get(':name/restatements')
  @Requires({ kind: 'figures' }, { countryScoped: true, expensive: true })
  @ApiOperation({ summary: 'How a figure answer changed over recording time: each correction that changed it, why, and the values before and after' })
  @ApiParam({ name: 'name', example: 'trainings' })
  @ApiQuery({ name: 'late', required: false, description: 'include: also facts recorded after the month of their business time (each costs two answers)' })
  @ApiOkResponse({ description: 'restatements in log order, each with the correcting event, its reason, and the changed measures' })
  restatements(@Param('name') name: string, @Query() query: Record<string, string | string[] | undefined>, @Req() request: AuthenticatedRequest): Promise<RestatementList> {
    // A caller limited to some countries (a regulator) sees nothing of other jurisdictions' events (issue 13).
    const countries = request.principal ? visibleCountries(request.principal) : 'all';
    return figureRestatements(this.service.figures, this.events, name, query, countries === 'all' ? undefined : { countries });
  }
}
