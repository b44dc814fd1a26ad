export interface FiguresHttpOptions {
  /** Run the projector in this process (embedded default). False when `ledger project` runs it elsewhere. */
  readonly runProjector: boolean;
  /** Close the figure store on shutdown (when the module's providers opened it). */
  readonly closeFigureStore: boolean;
}

export const FIGURES_HTTP_OPTIONS = Symbol('FIGURES_HTTP_OPTIONS');
