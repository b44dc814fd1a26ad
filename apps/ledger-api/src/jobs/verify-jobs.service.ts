import { randomUUID } from 'node:crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LedgerWorker } from './ledger-worker';
import type { TimedVerifyReport, VerifierPosition, WorkerMessage } from './ledger-worker.protocol';

/** How often the continuous verifier looks for new leaves when nobody wakes it. */
export const VERIFIER_FOLLOW_INTERVAL_MS = 1000;
/** Events a second the worker re-verifies by default: a round of 1M events takes about 17 minutes, at about an eighth of a core (docs/audit.md 6.1). */
export const DEFAULT_VERIFY_SWEEP_RATE = 1000;
/** Jobs remembered for GET (the latest full verification is always kept as the latest result). */
const KEPT_JOBS = 20;

export interface VerifyJob {
  readonly id: string;
  state: 'running' | 'done' | 'failed';
  /** Who asked: a principal id, or `system` for the pass at start and after a worker restart. */
  readonly requestedBy: string;
  readonly startedAt: string;
  finishedAt?: string;
  progress: { eventsChecked: number; of: number; position: number | null };
  result?: TimedVerifyReport;
  error?: string;
}

/** The continuous verifier's standing, for /health and metrics. */
export interface VerifierStatus {
  /** starting: no full pass finished yet; following: ok and checking new events; mismatch: a check failed. */
  readonly state: 'starting' | 'following' | 'mismatch';
  /** Leaves of the Merkle log verified, and the log position of the last of them. */
  readonly verifiedTreeSize: number;
  readonly verifiedPosition: number | null;
  /** When the verifier last checked, and how long ago (s); null before the first full pass ends. */
  readonly checkedAt: string | null;
  readonly ageSeconds: number | null;
  readonly fullVerifyRunning: boolean;
}

/**
 * Verify as jobs, off the request loop: full verifications run in the ledger worker thread, one at a time (a
 * second request gets the running job), and the worker's continuous verifier carries the latest result forward as
 * the Merkle log grows. A full pass starts when the worker starts (at boot, and after a restart).
 */
@Injectable()
export class VerifyJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Verify');
  readonly worker: LedgerWorker;
  private readonly jobs = new Map<string, VerifyJob>();
  private running: VerifyJob | undefined;
  private lastFull: VerifyJob | undefined;
  private verified: VerifierPosition | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.worker = new LedgerWorker(
      { config, followIntervalMs: VERIFIER_FOLLOW_INTERVAL_MS, sweepPerSecond: config.verifySweepRate ?? DEFAULT_VERIFY_SWEEP_RATE },
      { onMessage: (message) => this.receive(message), onExit: (reason) => this.workerDied(reason) },
    );
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }

  /** Starts a full verification, or returns the one running. */
  start(requestedBy: string): VerifyJob {
    if (this.running !== undefined) return this.running;
    const job: VerifyJob = {
      id: randomUUID(),
      state: 'running',
      requestedBy,
      startedAt: new Date().toISOString(),
      progress: { eventsChecked: 0, of: 0, position: null },
    };
    this.jobs.set(job.id, job);
    this.running = job;
    try {
      this.worker.verify(job.id);
    } catch (error) {
      this.finish(job, { error: (error as Error).message });
    }
    this.forgetOldJobs();
    return job;
  }

  job(id: string): VerifyJob | undefined {
    return this.jobs.get(id);
  }

  get runningJob(): VerifyJob | undefined {
    return this.running;
  }

  /** The last full verification that finished (ok or not). */
  get lastFullVerification(): VerifyJob | undefined {
    return this.lastFull;
  }

  /** Where the continuous verifier stands: the latest result (undefined before the first full pass ends). */
  get latest(): VerifierPosition | undefined {
    return this.verified;
  }

  status(now: number = Date.now()): VerifierStatus {
    const latest = this.verified;
    return {
      state: latest === undefined ? 'starting' : latest.ok ? 'following' : 'mismatch',
      verifiedTreeSize: latest?.treeSize ?? 0,
      verifiedPosition: latest?.position ?? null,
      checkedAt: latest?.checkedAt ?? null,
      ageSeconds: latest === undefined ? null : Math.max(0, Math.round((now - Date.parse(latest.checkedAt)) / 100) / 10),
      fullVerifyRunning: this.running !== undefined,
    };
  }

  /** Resolves when `done()` holds or after `timeoutMs`, whichever comes first (never blocks the loop). */
  async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return true;
    this.worker.wake();
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (!done()) return;
        finish(true);
      };
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => finish(done()), timeoutMs);
      this.listeners.add(check);
    });
  }

  private receive(message: Exclude<WorkerMessage, { kind: 'reply' }>): void {
    switch (message.kind) {
      case 'ready':
        if (this.running === undefined) this.start('system');
        break;
      case 'progress': {
        const job = this.jobs.get(message.jobId);
        if (job !== undefined) job.progress = { eventsChecked: message.eventsChecked, of: message.of, position: message.position };
        break;
      }
      case 'verified': {
        const job = this.jobs.get(message.jobId);
        if (job !== undefined) this.finish(job, { result: message.report });
        if (!message.report.ok) this.logger.error(`verify found a mismatch: ${message.report.firstMismatch?.detail ?? 'unknown'}`);
        break;
      }
      case 'verifyFailed': {
        const job = this.jobs.get(message.jobId);
        if (job !== undefined) this.finish(job, { error: message.error });
        this.logger.error(`verify job ${message.jobId} failed: ${message.error}`);
        break;
      }
      case 'verifier':
        if (this.verified?.ok !== false && !message.position.ok)
          this.logger.error(`the continuous verifier found a mismatch: ${message.position.firstMismatch?.detail ?? 'unknown'}`);
        this.verified = message.position;
        break;
    }
    for (const listener of [...this.listeners]) listener();
  }

  private finish(job: VerifyJob, outcome: { result?: TimedVerifyReport; error?: string }): void {
    job.state = outcome.result !== undefined ? 'done' : 'failed';
    job.finishedAt = new Date().toISOString();
    if (outcome.result !== undefined) {
      job.result = outcome.result;
      job.progress = {
        eventsChecked: outcome.result.eventsChecked,
        of: job.progress.of || outcome.result.eventsChecked,
        position: outcome.result.lastPosition ?? null,
      };
      this.lastFull = job;
    }
    if (outcome.error !== undefined) job.error = outcome.error;
    if (this.running === job) this.running = undefined;
  }

  private workerDied(reason: string): void {
    this.logger.error(`${reason}; it restarts, and a full verification runs again`);
    if (this.running !== undefined) this.finish(this.running, { error: reason });
  }

  private forgetOldJobs(): void {
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= KEPT_JOBS) break;
      const job = this.jobs.get(id)!;
      if (job !== this.running && job !== this.lastFull) this.jobs.delete(id);
    }
  }
}
