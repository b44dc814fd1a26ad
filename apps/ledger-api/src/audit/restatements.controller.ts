import { visibleCountries } from '@ledger/auth';
import type { CostBudget } from '@ledger/auth';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Requires } from '../auth/access.decorators';
import { RestatementListView } from '../figures/figures-responses.dto';
import { RATE_LIMITER, type AuthenticatedRequest } from '../auth/auth.guard';
import { COSTS, RESTATEMENT_ANSWER_COST } from '../auth/costs';
import { MAX_PAGE_BYTES } from '../http/page-bytes';
import { RequestValidationError } from '../http/request-validation';
import { VerifyJobs } from '../jobs/verify-jobs.service';

const DEFAULT_LIMIT = 50;

@ApiTags('figures')
@Controller('v1/figures')
export class RestatementsController {
  constructor(
    private readonly jobs: VerifyJobs,
    @Inject(RATE_LIMITER) private readonly limiter: CostBudget,
  ) {}

  /** Computed in the ledger worker (off the request loop), kept there between pages; the answers it needed are charged after. */
  @Get(':name/restatements')
  @Requires({ kind: 'figures' }, { countryScoped: true, cost: COSTS.restatements })
  @ApiOperation({
    summary:
      'How a figure answer changed over recording time: each correction that changed it, why, and the values before and after; paged',
  })
  @ApiParam({ name: 'name', example: 'trainings' })
  @ApiQuery({
    name: 'after',
    required: false,
    description:
      "restatements after it: the previous page's next (a log position; for a caller limited to some countries, how many restatements came before)",
  })
  @ApiQuery({ name: 'limit', required: false, description: 'restatements per page (1-200, default 50); a page also ends at 4 MiB' })
  @ApiQuery({
    name: 'late',
    required: false,
    description: 'include: also facts recorded after the month of their business time (each costs two answers)',
  })
  @ApiOkResponse({
    type: RestatementListView,
    description: 'restatements in log order, each with the correcting event, its reason, and the changed measures; next, total',
  })
  async restatements(
    @Param('name') name: string,
    @Query() query: Record<string, string | string[] | undefined>,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { after, limit, ...figureQuery } = query;
    // A caller limited to some countries (a regulator) sees nothing of other jurisdictions' events (issue 13).
    const countries = request.principal ? visibleCountries(request.principal) : 'all';
    const page = await this.jobs.worker.restatements({
      figure: name,
      query: figureQuery,
      ...(countries !== 'all' && { countries }),
      ...(after !== undefined && { after: wholeNumber('after', after, 0, Number.MAX_SAFE_INTEGER) }),
      limit: limit === undefined ? DEFAULT_LIMIT : wholeNumber('limit', limit, 1, 200),
      maxBytes: MAX_PAGE_BYTES,
    });
    if (request.principal !== undefined) this.limiter.charge(request.principal.id, page.answersComputed * RESTATEMENT_ANSWER_COST);
    // The worker sent the page as JSON: the loop writes it as it is (no clone of the objects, no stringify here).
    response.status(200).type('application/json').send(page.json);
  }
}

function wholeNumber(name: string, raw: string | string[], min: number, max: number): number {
  const text = Array.isArray(raw) ? raw[0] : raw;
  const value = /^\d{1,16}$/.test(text ?? '') ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new RequestValidationError([
      { field: name, message: `${name} must be a whole number from ${min} to ${max}`, code: 'wholeNumber' },
    ]);
  return value;
}
