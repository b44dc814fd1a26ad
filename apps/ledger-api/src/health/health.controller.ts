import { allows } from '@ledger/auth';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Controller, Get, Inject, Optional, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { VerifyJobs, type VerifierStatus } from '../jobs/verify-jobs.service';
import { ProblemDetails } from '../http/problem-details';

export class HealthReport {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';

  @ApiProperty({ example: 'up', description: 'The event store answered a read.' })
  readonly eventStore!: 'up';

  @ApiProperty({ type: Number, nullable: true, description: 'Position of the last event in the log; null when empty.' })
  readonly headPosition!: number | null;

  @ApiPropertyOptional({ description: 'Callers who may read the log (auditors) only: how far the continuous verifier has checked (tree size, position) and how long ago; counts of the whole log are not for regulators.' })
  readonly verifier?: VerifierStatus;
}

/** Liveness plus a real read of the event store; needs no authentication. */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly verify?: VerifyJobs,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The API is up and its event store answers' })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'The event store does not answer.' })
  async check(@Req() request: AuthenticatedRequest): Promise<HealthReport> {
    let headPosition: number | undefined;
    try {
      headPosition = await this.store.headPosition();
    } catch {
      throw new ServiceUnavailableException({ code: 'store.unavailable', message: 'the event store does not answer' });
    }
    return { status: 'ok', eventStore: 'up', headPosition: headPosition ?? null, ...(request.principal !== undefined && allows(request.principal, { kind: 'log' }) && this.verify !== undefined && { verifier: this.verify.status() }) };
  }
}
