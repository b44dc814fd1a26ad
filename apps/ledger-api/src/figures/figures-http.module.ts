import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, type FigureStore, FigureService } from '@ledger/figures';
import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { FIGURES_HTTP_OPTIONS } from './figures-http.options';
import { FiguresProjectorService } from './figures-projector.service';
import { FiguresController } from './figures.controller';
import type { ProjectorThreadData } from './projector-thread.protocol';

export interface FiguresHttpModuleOptions {
  /** Modules exporting EVENT_STORE and FIGURE_STORE (unless they are global or given in `providers`). */
  readonly imports?: ModuleMetadata['imports'];
  /** Providers for EVENT_STORE and/or FIGURE_STORE, e.g. `{ provide: FIGURE_STORE, useFactory: () => openFigureStore(...) }`. */
  readonly providers?: Provider[];
  /** Run the projector in the API process. Default true (embedded); false when `ledger project` runs it. */
  readonly runProjector?: boolean;
  /** Close the figure store when the app shuts down. Default true. */
  readonly closeFigureStore?: boolean;
  /** LEDGER_PROJECTOR_STALL_SECONDS, for an external projector. */
  readonly stallSeconds?: number;
  /** Project on a thread of the process, with its own connections to these stores (LEDGER_PROJECTOR=thread). */
  readonly thread?: ProjectorThreadData;
}

/**
 * `GET /v1/figures`, `/v1/figures/{name}`, `/v1/figures/{name}/provenance`, and the in-process projector.
 * Needs EVENT_STORE (from @ledger/event-store) and FIGURE_STORE (from @ledger/figures).
 */
@Module({})
export class FiguresHttpModule {
  static forRoot(options: FiguresHttpModuleOptions = {}): DynamicModule {
    return {
      module: FiguresHttpModule,
      imports: options.imports ?? [],
      controllers: [FiguresController],
      providers: [
        ...(options.providers ?? []),
        {
          provide: FIGURES_HTTP_OPTIONS,
          useValue: {
            runProjector: options.runProjector ?? true,
            closeFigureStore: options.closeFigureStore ?? true,
            ...(options.stallSeconds !== undefined && { stallSeconds: options.stallSeconds }),
            ...(options.thread !== undefined && { thread: options.thread }),
          },
        },
        {
          provide: FigureService,
          useFactory: (events: EventStore, store: FigureStore) => new FigureService(events, store),
          inject: [EVENT_STORE, FIGURE_STORE],
        },
        FiguresProjectorService,
      ],
      exports: [FigureService, FiguresProjectorService],
    };
  }
}
