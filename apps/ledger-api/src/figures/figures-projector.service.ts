import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, type FigureStore, Projector, type ProjectorStatus } from '@ledger/figures';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FIGURES_HTTP_OPTIONS, type FiguresHttpOptions } from './figures-http.options';

/**
 * Runs the projector inside the API process (the embedded default). In production the projector is its own
 * process (`ledger project`) and the API only reads: then this only makes sure the figure tables exist.
 */
@Injectable()
export class FiguresProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private readonly projector: Projector;
  private readonly stop = new AbortController();
  private running?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(FIGURE_STORE) private readonly store: FigureStore,
    @Inject(FIGURES_HTTP_OPTIONS) private readonly options: FiguresHttpOptions,
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
    await this.projector.prepare();
    this.running = this.projector.run(this.stop.signal).catch((error: Error) => {
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
