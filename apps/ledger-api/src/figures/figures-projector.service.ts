import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, type FigureStore, Projector, type ProjectorStatus } from '@ledger/figures';
import { LEASES, runUnderLease, SHARED_STORE, type SharedStore } from '@ledger/shared-store';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEFAULT_PROJECTOR_STALL_SECONDS, ExternalProjectionMonitor, type ExternalProjectionHealth } from '../health/external-projection';
import { FIGURES_HTTP_OPTIONS, type FiguresHttpOptions } from './figures-http.options';
import { type ProjectorHandle, ProjectorThread } from './projector-thread';

/**
 * How the figures stand, for /health, /metrics and every figure answer. `failed`: the projector stopped and figures
 * stay at `position` until it is fixed and restarted; it never skips the event it could not apply.
 */
export type ProjectionHealth =
  | { readonly state: 'idle' | 'running' | 'caught-up'; readonly position: number }
  /** `ledger project` runs the projector in its own process: this API watches its checkpoints and heartbeat. */
  | ExternalProjectionHealth
  | {
      readonly state: 'failed';
      /** Every figure is at or past this position, and none moves past it. */
      readonly position: number;
      readonly failedAt: string;
      /** What stopped it, for operators and auditors (may name an event). */
      readonly reason: string;
      readonly code: string;
      /** The event it could not apply, when known. */
      readonly eventPosition?: number;
    };

/**
 * How long start-up waits for the projector's first `prepare` (building the figures that have no checkpoint or a
 * changed version) before the API serves. A build turns the event loop as it goes, so a longer one continues while
 * the API serves, and a figure not built yet answers 409 `figures.not_ready` until it swaps in; a short one (an
 * empty or small log) is done before the first request, as before.
 */
const FIRST_PREPARE_WAIT_MS = 10_000;

/**
 * Runs the projector inside the API process (the embedded default). In production the projector is its own
 * process (`ledger project`) and the API only reads: then this only makes sure the figure tables exist.
 * Whichever process runs it holds the projector lease: with several instances one projects, the others wait and
 * take over when it dies.
 */
@Injectable()
export class FiguresProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private projector: ProjectorHandle;
  private readonly stop = new AbortController();
  private running?: Promise<void>;
  private failedAt?: string;
  private waitingForLease = false;
  private loopEnded = false;
  private external?: ExternalProjectionMonitor;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(FIGURE_STORE) private readonly store: FigureStore,
    @Inject(FIGURES_HTTP_OPTIONS) private readonly options: FiguresHttpOptions,
    /** Absent when the module is used on its own (no ClusterModule): then this process projects without a lease. */
    @Optional() @Inject(SHARED_STORE) private readonly shared?: SharedStore,
  ) {
    this.projector = this.newProjector();
  }

  /** The in-process projector, or one on a thread of its own (LEDGER_PROJECTOR=thread). */
  private newProjector(): ProjectorHandle {
    return this.options.thread !== undefined ? new ProjectorThread(this.options.thread) : new Projector(this.events, this.store);
  }

  /**
   * True while another process holds the projector lease and projects for every instance: this one is a standby,
   * as ready to serve as the holder (its idle projector is not a stopped one).
   */
  get standby(): boolean {
    return this.options.runProjector && this.waitingForLease;
  }

  /**
   * True once the in-process projection loop has ended (failed, or returned before shutdown). Before the loop runs,
   * and while a fresh projector prepares under the lease, its status reads idle: it is starting, not stopped.
   */
  get stopped(): boolean {
    return this.options.runProjector && this.loopEnded;
  }

  /** In-process projector status; undefined when the projector runs elsewhere. */
  get status(): ProjectorStatus | undefined {
    return this.options.runProjector ? this.projector.status : undefined;
  }

  /** The status accessor for health, metrics and answers. */
  health(): ProjectionHealth {
    if (!this.options.runProjector)
      return this.external?.health ?? { state: 'external', position: 0, progressedAt: null, heartbeatAt: null };
    const status = this.projector.status;
    const position = this.projector.position();
    if (status.state !== 'failed') return { state: status.state, position };
    const error = status.error as Error & { code?: unknown; position?: unknown };
    return {
      state: 'failed',
      position,
      failedAt: this.failedAt ?? new Date().toISOString(),
      reason: error.message,
      code: typeof error.code === 'string' ? error.code : 'figures.projector_failed',
      ...(typeof error.position === 'number' ? { eventPosition: error.position } : {}),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runProjector) {
      await this.store.init();
      await this.watchExternalProjector();
      return;
    }
    await this.store.init();
    const alwaysHeld = {
      tryAcquire: async (name: string) => ({ name, lost: new AbortController().signal, release: async () => undefined }),
    };
    let prepared = (): void => undefined;
    const firstPrepare = new Promise<void>((resolve) => (prepared = resolve));
    this.running = runUnderLease(
      this.shared?.leases ?? alwaysHeld,
      LEASES.projector,
      this.stop.signal,
      async (signal) => {
        // A fresh projector each time the lease is won: it starts from the checkpoints the last holder stored.
        this.projector = this.newProjector();
        try {
          await this.projector.prepare();
        } finally {
          prepared();
        }
        // Stopped while preparing, run() ends at once (and a projector thread, waiting to be told, ends too).
        await this.projector.run(signal);
      },
      {
        onWaiting: () => {
          prepared();
          this.waitingForLease = true;
          this.logger.log('another process holds the projector lease; this one takes over if it stops');
        },
        onAcquired: () => {
          this.waitingForLease = false;
          this.logger.log('projector lease taken: projecting');
        },
        onLost: () => {
          this.waitingForLease = true;
          this.logger.warn('the projector lease was lost; projection stopped, waiting to take it again');
        },
      },
    )
      .catch((error: Error) => {
        // The projection stays stopped at the event it cannot apply: /health says degraded, answers say stale.
        this.failedAt = new Date().toISOString();
        this.logger.error(`figures are stale from position ${this.projector.position()}: ${error.message}`);
      })
      .finally(() => {
        prepared();
        this.loopEnded = true;
      });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([firstPrepare, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_PREPARE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Behind the log and not moving past the threshold: degraded health and stale answers, as a failed projector. */
  private async watchExternalProjector(): Promise<void> {
    const stallMs = (this.options.stallSeconds ?? DEFAULT_PROJECTOR_STALL_SECONDS) * 1000;
    let warned = false;
    const onError = (error: Error) => {
      if (!warned) this.logger.warn(`cannot read the external projector's progress: ${error.message}`);
      warned = true;
    };
    this.external = new ExternalProjectionMonitor(
      this.events,
      this.store,
      this.shared?.projectorHeartbeat,
      stallMs,
      () => Date.now(),
      onError,
    );
    // Often enough that a stall shows within a few seconds of the threshold, rarely enough to cost nothing.
    await this.external.start(Math.min(5000, Math.max(200, stallMs / 4)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.external?.stop();
    this.stop.abort();
    await this.running;
    if (this.options.closeFigureStore) await this.store.close();
  }
}
