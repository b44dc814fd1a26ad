import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { ProblemDetails } from '../http/problem-details';
import { NatsIntake } from '../nats/nats-intake.service';
import type { IntakeState } from '../nats/nats-intake.metrics';

export class HealthReport {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';

  @ApiProperty({ example: 'up', description: 'The event store answered a read.' })
  readonly eventStore!: 'up';

  @ApiProperty({ type: Number, nullable: true, description: 'Position of the last event in the log; null when empty.' })
  readonly headPosition!: number | null;

  @ApiPropertyOptional({ description: 'Command intake over NATS JetStream, when LEDGER_NATS_URL is set: paused while the event store is unavailable.', example: { state: 'running', inFlight: 0 } })
  readonly natsIntake?: { readonly state: IntakeState; readonly inFlight: number };
}

/** Liveness plus a real read of the event store; needs no authentication. */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly natsIntake?: NatsIntake,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The API is up and its event store answers' })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'The event store does not answer.' })
  async check(): Promise<HealthReport> {
    let headPosition: number | undefined;
    try {
      headPosition = await this.store.headPosition();
    } catch {
      throw new ServiceUnavailableException({ code: 'store.unavailable', message: 'the event store does not answer' });
    }
    const nats = this.natsIntake?.enabled ? this.natsIntake.status() : undefined;
    return { status: 'ok', eventStore: 'up', headPosition: headPosition ?? null, ...(nats ? { natsIntake: { state: nats.state, inFlight: nats.inFlight } } : {}) };
  }
}
