import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { FiguresProjectorService } from '../figures/figures-projector.service';
import { ProblemDetails } from '../http/problem-details';
import { Lifecycle } from './lifecycle';

export class LivenessReport {
  @ApiProperty({ enum: ['up'], example: 'up' })
  readonly status!: 'up';
}

export class ReadinessReport {
  @ApiProperty({ enum: ['ready'], example: 'ready' })
  readonly status!: 'ready';
}

/**
 * Kubernetes-style probes beside /health. Liveness does no I/O (a slow store must not get the process killed);
 * readiness says whether to send traffic here: not draining, the store answers, and the in-process projector
 * (when this process runs it) has not stopped. Neither names a position, a count or a cause.
 */
@Public()
@ApiTags('health')
@Controller('health')
export class ProbesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lifecycle: Lifecycle,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers (no I/O)' })
  @ApiOkResponse({ type: LivenessReport })
  live(): LivenessReport {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: takes traffic (not shutting down, event store reachable, projector running)' })
  @ApiOkResponse({ type: ReadinessReport })
  @ApiServiceUnavailableResponse({
    type: ProblemDetails,
    description: 'Not ready: shutting down, the store does not answer, or the projector stopped.',
  })
  async ready(): Promise<ReadinessReport> {
    if (this.lifecycle.isDraining) throw notReady('shutting down');
    try {
      await this.store.headPosition();
    } catch {
      throw notReady('the event store does not answer');
    }
    const figures = this.moduleRef.get(FiguresProjectorService, { strict: false });
    const projector = figures.status;
    // A standby (another instance holds the projector lease and projects) serves as well as the holder, and a
    // projector that is still starting (preparing its figures) is not a stopped one: only a failed or ended loop is.
    if (projector !== undefined && (projector.state === 'failed' || figures.stopped)) throw notReady('the projector is not running');
    return { status: 'ready' };
  }
}

function notReady(reason: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ code: 'not_ready', message: `not ready: ${reason}` });
}
