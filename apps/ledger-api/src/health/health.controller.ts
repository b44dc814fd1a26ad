import { allows, jurisdictionScoped } from '@ledger/auth';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Controller, Get, Inject, Optional, Req, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { FiguresProjectorService, type ProjectionHealth } from '../figures/figures-projector.service';
import { VerifyJobs, type VerifierStatus } from '../jobs/verify-jobs.service';
import { ProblemDetails } from '../http/problem-details';
import { NatsIntake } from '../nats/nats-intake.service';
import type { IntakeState } from '../nats/nats-intake.metrics';

/** What anyone may know: the ledger answers. Nothing about the log's size or timing. */
export class PublicHealthReport {
  @ApiProperty({ example: 'up', enum: ['up'] })
  readonly status!: 'up';
}

/** What a caller with a valid credential sees. */
export class HealthReport {
  @ApiProperty({
    example: 'ok',
    enum: ['ok', 'degraded'],
    description: 'degraded: the API answers but figures are stale (the projector stopped, or, external, is behind and not moving).',
  })
  readonly status!: 'ok' | 'degraded';

  @ApiProperty({ example: 'up', description: 'The event store answered a read.' })
  readonly eventStore!: 'up';

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      "Position of the last event in the log; null when empty. Absent for a caller limited to some jurisdictions (it counts every jurisdiction's events).",
  })
  readonly headPosition?: number | null;

  @ApiPropertyOptional({
    description: 'Command intake over NATS JetStream, when LEDGER_NATS_URL is set: paused while the event store is unavailable.',
    example: { state: 'running', inFlight: 0 },
  })
  readonly natsIntake?: { readonly state: IntakeState; readonly inFlight: number };
  @ApiPropertyOptional({
    description:
      'The projector: state, position reached, and why it stopped when it did (in-process), or how an external one progresses. A caller limited to some jurisdictions gets the state only.',
  })
  readonly projection?: ProjectionHealth;
  @ApiPropertyOptional({
    description:
      'Callers who may read the log (auditors) only: how far the continuous verifier has checked (tree size, position) and how long ago; counts of the whole log are not for regulators.',
  })
  readonly verifier?: VerifierStatus;
}

/** Liveness plus a real read of the event store; needs no authentication, and tells more to an authenticated caller. */
@Public({ identifies: true })
@ApiTags('health')
@ApiExtraModels(PublicHealthReport, HealthReport)
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly natsIntake?: NatsIntake,
    @Optional() private readonly projector?: FiguresProjectorService,
    @Optional() private readonly verify?: VerifyJobs,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The API is up and its event store answers; with a credential, also the log head and whether figures are stale',
  })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(PublicHealthReport) }, { $ref: getSchemaPath(HealthReport) }] } })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'The event store does not answer.' })
  async check(@Req() request: AuthenticatedRequest): Promise<HealthReport | PublicHealthReport> {
    let headPosition: number | undefined;
    try {
      headPosition = await this.store.headPosition();
    } catch {
      throw new ServiceUnavailableException({ code: 'store.unavailable', message: 'the event store does not answer' });
    }
    if (request.principal === undefined) return { status: 'up' };
    const projection = this.projector?.health();
    const nats = this.natsIntake?.enabled ? this.natsIntake.status() : undefined;
    const status = projection?.state === 'failed' || projection?.state === 'stalled' ? 'degraded' : 'ok';
    // Positions and times of the whole log count and time every jurisdiction's events.
    if (jurisdictionScoped(request.principal))
      return { status, eventStore: 'up', ...(projection ? { projection: { state: projection.state } as ProjectionHealth } : {}) };
    return {
      status,
      eventStore: 'up',
      headPosition: headPosition ?? null,
      ...(projection ? { projection } : {}),
      ...(nats ? { natsIntake: { state: nats.state, inFlight: nats.inFlight } } : {}),
      // Whole-log counts are for callers who may read the log (auditors), not for regulators.
      ...(allows(request.principal, { kind: 'log' }) && this.verify !== undefined ? { verifier: this.verify.status() } : {}),
    };
  }
}
