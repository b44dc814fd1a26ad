import type { ProjectionHealth } from '../figures/figures-projector.service';
import { notFound } from '@ledger/domain';
import type { CostBudget } from '@ledger/auth';
import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LatestVerificationView, VerifyJobView } from './verifications-responses.dto';
import type { Response } from 'express';
import { Requires } from '../auth/access.decorators';
import { RATE_LIMITER, type AuthenticatedRequest } from '../auth/auth.guard';
import { COSTS, VERIFY_JOB_STARTED_COST } from '../auth/costs';
import { AuditService } from '../audit/audit.service';
import type { VerifierPosition } from './ledger-worker.protocol';
import { VerifyJobs, type VerifyJob } from './verify-jobs.service';

/** How long GET /v1/audit/verify waits (without blocking anything) for the verifier to reach the tree, or for a first pass. */
const LATEST_WAIT_MS = 10_000;

/** The latest result: what the continuous verifier has checked, how old it is, and the last full verification. */
export interface LatestVerification extends Omit<VerifierPosition, 'treeSize' | 'position'> {
  /** Events (leaves) verified and the log position of the last one. */
  readonly eventsChecked: number;
  readonly lastPosition: number | null;
  /** Leaves the stored Merkle log has now: eventsChecked is this many behind when smaller. */
  readonly treeSize: number;
  readonly ageSeconds: number;
  readonly fullVerification: {
    readonly id: string;
    readonly ok: boolean;
    readonly finishedAt: string;
    readonly eventsChecked: number;
    readonly seconds: number;
    readonly eventsPerSecond: number;
  } | null;
  readonly runningJob: string | null;
  /** The log can verify while the figures are stuck: both are said, never "ok" alone over a stalled projector. */
  readonly projection: ProjectionHealth;
}

const jobLocation = (job: VerifyJob) => `/v1/audit/verifications/${job.id}`;

/**
 * Verify as jobs (docs/audit.md): a POST starts a full verification in the ledger worker and answers 202 with the
 * job; GET follows its progress. The latest result, kept up by the continuous verifier, is served at once.
 */
@ApiTags('audit')
@Controller('v1/audit')
export class VerificationsController {
  constructor(
    private readonly jobs: VerifyJobs,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITER) private readonly limiter: CostBudget,
  ) {}

  @Post('verifications')
  @HttpCode(202)
  @Requires({ kind: 'log' }, { cost: COSTS.verifyJob })
  @ApiOperation({
    summary:
      'Start a full verification (every content hash, stream chain, Merkle leaf and signed root) as a job; a running one is returned instead of a second',
  })
  @ApiAcceptedResponse({ type: VerifyJobView, description: 'the job, with Location: /v1/audit/verifications/{id}' })
  start(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): VerifyJob {
    const running = this.jobs.runningJob;
    const job = this.jobs.start(request.principal?.id ?? 'anonymous');
    // A new pass reads the whole log: that costs more than joining the one running.
    if (job !== running && request.principal !== undefined) this.limiter.charge(request.principal.id, VERIFY_JOB_STARTED_COST);
    response.setHeader('Location', jobLocation(job));
    return job;
  }

  @Get('verifications/latest')
  @Requires({ kind: 'log' }, { cost: COSTS.verifyStatus })
  @ApiOperation({
    summary: 'The latest verification result at once: how far the continuous verifier has checked, its age, and the last full verification',
  })
  @ApiOkResponse({ type: LatestVerificationView, description: 'the latest result; 404 before the first full verification has finished' })
  latest(): LatestVerification {
    const latest = this.latestResult();
    if (latest === undefined)
      throw notFound(
        'audit.no_verification_yet',
        'the first full verification has not finished yet: GET /v1/audit/verifications/{id} of the running job shows its progress',
        { runningJob: this.jobs.runningJob?.id ?? null },
      );
    return latest;
  }

  @Get('verifications/:id')
  @Requires({ kind: 'log' }, { cost: COSTS.verifyStatus })
  @ApiOperation({ summary: 'A verification job: state, progress (events checked, of how many) and, once done, its report' })
  @ApiOkResponse({ type: VerifyJobView })
  job(@Param('id', new ParseUUIDPipe()) id: string): VerifyJob {
    const job = this.jobs.job(id);
    if (job === undefined) throw notFound('audit.verification_not_found', `no verification job ${id} (the last ${20} are kept)`, { id });
    return job;
  }

  /**
   * For clients of before the jobs: the latest result once the verifier has reached every event stored now (waiting
   * up to 10 s, off the loop), 200. Before the first full pass has finished it waits for it as long; if that is not
   * enough, 202 with the running job (one is started if none runs) and its Location.
   */
  @Get('verify')
  @Requires({ kind: 'log' }, { cost: COSTS.verifyStatus })
  @ApiOperation({
    summary: 'The latest verification result, brought up to every event stored now (see POST /v1/audit/verifications for a full pass)',
  })
  @ApiOkResponse({
    type: LatestVerificationView,
    description: 'the latest result, with its age and position, and the last full verification',
  })
  @ApiAcceptedResponse({ type: VerifyJobView, description: 'no result yet: the running job, with its Location' })
  async verify(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LatestVerification | VerifyJob> {
    await this.audit.caughtUp();
    if (this.jobs.latest === undefined) {
      const job = this.jobs.runningJob ?? this.jobs.start(request.principal?.id ?? 'anonymous');
      await this.jobs.until(() => this.jobs.latest !== undefined, LATEST_WAIT_MS);
      if (this.jobs.latest === undefined) {
        response.status(202).setHeader('Location', jobLocation(job));
        return job;
      }
    }
    const target = this.audit.audit.treeSize;
    await this.jobs.until(() => (this.jobs.latest?.treeSize ?? 0) >= target || this.jobs.latest?.ok === false, LATEST_WAIT_MS);
    return this.latestResult()!;
  }

  private latestResult(): LatestVerification | undefined {
    const latest = this.jobs.latest;
    if (latest === undefined) return undefined;
    const { treeSize: verified, position, ...rest } = latest;
    const lastFull = this.jobs.lastFullVerification;
    return {
      ...rest,
      eventsChecked: verified,
      lastPosition: position,
      treeSize: this.audit.audit.treeSize,
      ageSeconds: this.jobs.status().ageSeconds ?? 0,
      fullVerification:
        lastFull?.result !== undefined && lastFull.finishedAt !== undefined
          ? {
              id: lastFull.id,
              ok: lastFull.result.ok,
              finishedAt: lastFull.finishedAt,
              eventsChecked: lastFull.result.eventsChecked,
              seconds: lastFull.result.seconds,
              eventsPerSecond: lastFull.result.eventsPerSecond,
            }
          : null,
      runningJob: this.jobs.runningJob?.id ?? null,
      projection: this.audit.projection.health(),
    };
  }
}
