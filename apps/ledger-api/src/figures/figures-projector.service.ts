import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, type FigureStore, Projector, type ProjectorStatus } from '@ledger/figures';
import { LEASES, runUnderLease, SHARED_STORE, type SharedStore } from '@ledger/shared-store';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FIGURES_HTTP_OPTIONS, type FiguresHttpOptions } from './figures-http.options';

/**
 * Runs the projector inside the API process (the embedded default). In production the projector is its own
 * process (`ledger project`) and the API only reads: then this only makes sure the figure tables exist.
 * Whichever process runs it holds the projector lease: with several instances one projects, the others wait and
 * take over when it dies.
 */
@Injectable()
export class FiguresProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private projector: Projector;
  private readonly stop = new AbortController();
  private running?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(FIGURE_STORE) private readonly store: FigureStore,
    @Inject(FIGURES_HTTP_OPTIONS) private readonly options: FiguresHttpOptions,
    /** Absent when the module is used on its own (no ClusterModule): then this process projects without a lease. */
    @Optional() @Inject(SHARED_STORE) private readonly shared?: SharedStore,
  ) {
    this.projector = new Projector(events, store);
  }

  /** In-process projector status; undefined when the projector runs elsewhere. */
  get status(): ProjectorStatus | undefined {
    return this.options.runProjector ? this.projector.status : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runProjector) {
      await this.store.init();
      return;
    }
    await this.store.init();
    const alwaysHeld = { tryAcquire: async (name: string) => ({ name, lost: new AbortController().signal, release: async () => undefined }) };
    this.running = runUnderLease(
      this.shared?.leases ?? alwaysHeld,
      LEASES.projector,
      this.stop.signal,
      async (signal) => {
        // A fresh projector each time the lease is won: it starts from the checkpoints the last holder stored.
        this.projector = new Projector(this.events, this.store);
        await this.projector.prepare();
        // Stopped while preparing: run() would wait for an abort that already happened.
        if (signal.aborted) return;
        await this.projector.run(signal);
      },
      {
        onWaiting: () => this.logger.log('another process holds the projector lease; this one takes over if it stops'),
        onAcquired: () => this.logger.log('projector lease taken: projecting'),
        onLost: () => this.logger.warn('the projector lease was lost; projection stopped, waiting to take it again'),
      },
    ).catch((error: Error) => {
      // The projection stays stopped at the event it cannot apply; answers keep stating the position they are at.
      this.logger.error(error.message);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
    if (this.options.closeFigureStore) await this.store.close();
  }
}
