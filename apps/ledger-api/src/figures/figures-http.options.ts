import type { ProjectorThreadData } from './projector-thread.protocol';

export interface FiguresHttpOptions {
  /** Run the projector in this process (embedded default). False when `ledger project` runs it elsewhere. */
  readonly runProjector: boolean;
  /** Close the figure store on shutdown (when the module's providers opened it). */
  readonly closeFigureStore: boolean;
  /** With an external projector: seconds behind the log without progress before figures are stale (default 60). */
  readonly stallSeconds?: number;
  /** With runProjector: project on a thread of its own that opens the stores this names (LEDGER_PROJECTOR=thread). */
  readonly thread?: ProjectorThreadData;
}

export const FIGURES_HTTP_OPTIONS = Symbol('FIGURES_HTTP_OPTIONS');
