/**
 * What the projector process (`ledger project`) says about itself, so that API instances that do not project
 * (LEDGER_PROJECTOR=external) can tell a projector that is behind and not moving from one that is catching up.
 */
export interface ProjectorBeat {
  /** Who wrote it: host and process id of the projector holding the lease. */
  readonly holder: string;
  /** The position every figure has reached (the lowest checkpoint). */
  readonly position: number;
  /** When `position` last moved (ISO instant); the start of this holder's run before it first moved. */
  readonly progressedAt: string;
  /** When the holder last wrote (ISO instant): it is alive. */
  readonly beatAt: string;
  /** Set when the projector stopped at an event it cannot apply. */
  readonly failure?: { readonly reason: string; readonly code: string; readonly eventPosition?: number };
}

export interface ProjectorHeartbeatStore {
  write(beat: ProjectorBeat): Promise<void>;
  /** The last beat written, by whichever process; undefined when none ever was. */
  read(): Promise<ProjectorBeat | undefined>;
}

/**
 * The projector's side: holds where it is and writes a beat every `intervalMs` (and at once on progress after a
 * quiet spell, and on failure). A write that fails is retried at the next beat: the heartbeat never stops the
 * projector.
 */
export class ProjectorHeartbeat {
  private position = 0;
  private progressedAt: string;
  private failure: ProjectorBeat['failure'];
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ProjectorHeartbeatStore,
    private readonly holder: string,
    private readonly now: () => Date = () => new Date(),
    intervalMs = 1000,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.progressedAt = now().toISOString();
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  /** The projector reached `position` (called after each committed batch and once it is prepared). */
  progress(position: number): void {
    if (position === this.position) return;
    this.position = position;
    this.progressedAt = this.now().toISOString();
  }

  /** The projector stopped at an event it cannot apply: written at once. */
  failed(error: Error & { code?: unknown; position?: unknown }): Promise<void> {
    this.failure = {
      reason: error.message,
      code: typeof error.code === 'string' ? error.code : 'figures.projector_failed',
      ...(typeof error.position === 'number' ? { eventPosition: error.position } : {}),
    };
    return this.beat();
  }

  beat(): Promise<void> {
    const beat: ProjectorBeat = {
      holder: this.holder,
      position: this.position,
      progressedAt: this.progressedAt,
      beatAt: this.now().toISOString(),
      ...(this.failure !== undefined ? { failure: this.failure } : {}),
    };
    this.writing = this.writing.then(() => this.store.write(beat)).catch((error: Error) => this.onError(error));
    return this.writing;
  }

  /** Stops beating after a last write: a projector that stops cleanly leaves its final position. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beat();
  }
}
