import type { EventStore } from '@ledger/event-store';
import { FIGURES, figureKey, type FigureStore } from '@ledger/figures';
import type { ProjectorBeat, ProjectorHeartbeatStore } from '@ledger/shared-store';

/** Default LEDGER_PROJECTOR_STALL_SECONDS: behind the log and not moving for this long is a stalled projector. */
export const DEFAULT_PROJECTOR_STALL_SECONDS = 60;

/** How an external projector (`ledger project`) looks from an API instance that only reads. */
export type ExternalProjectionHealth =
  | {
      readonly state: 'external';
      /** The position every figure has reached (the lowest checkpoint of the current definitions). */
      readonly position: number;
      /** When the figures last moved (seen by this API or said by the projector), and its last heartbeat. */
      readonly progressedAt: string | null;
      readonly heartbeatAt: string | null;
    }
  | {
      readonly state: 'failed' | 'stalled';
      readonly position: number;
      /** Stalled: since when the figures have not moved; failed: when the projector said it stopped. */
      readonly failedAt: string;
      readonly reason: string;
      readonly code: string;
      readonly eventPosition?: number;
    };

export interface ExternalProjectionReading {
  /** The log's head now; undefined when the log is empty. */
  readonly head: number | undefined;
  /** The lowest figure checkpoint now. */
  readonly position: number;
  readonly beat: ProjectorBeat | undefined;
  /** When this API last saw `position` change (or started watching), ms. */
  readonly observedProgressAt: number;
  readonly now: number;
  readonly stallMs: number;
}

/**
 * Behind and not moving for longer than the threshold is stalled, whether the projector is dead (no heartbeat) or
 * alive but stuck (heartbeats, no progress). Caught up is fine however old the heartbeat: an idle log moves nothing.
 * A projector that wrote a failure and has not moved past it is failed, with its reason.
 */
export function externalProjectionHealth(reading: ExternalProjectionReading): ExternalProjectionHealth {
  const { head, position, beat, now, stallMs } = reading;
  if (beat?.failure !== undefined && beat.position >= position) {
    return {
      state: 'failed',
      position,
      failedAt: beat.beatAt,
      reason: beat.failure.reason,
      code: beat.failure.code,
      ...(beat.failure.eventPosition !== undefined && { eventPosition: beat.failure.eventPosition }),
    };
  }
  const saidProgress = beat !== undefined && beat.position === position ? Date.parse(beat.progressedAt) : Number.NEGATIVE_INFINITY;
  const progressedAt = Math.max(reading.observedProgressAt, saidProgress);
  const behind = head !== undefined && head > position;
  if (!behind || now - progressedAt <= stallMs) {
    return { state: 'external', position, progressedAt: new Date(progressedAt).toISOString(), heartbeatAt: beat?.beatAt ?? null };
  }
  const heartbeat =
    beat === undefined
      ? 'no projector has written a heartbeat'
      : now - Date.parse(beat.beatAt) > stallMs
        ? `its last heartbeat (${beat.holder}) was at ${beat.beatAt}`
        : `it is alive (${beat.holder}, heartbeat at ${beat.beatAt}) but not progressing`;
  return {
    state: 'stalled',
    position,
    failedAt: new Date(progressedAt).toISOString(),
    // Positions are byte offsets over EventStoreDB: their difference counts nothing, so the reason names both.
    reason: `the external projector is behind the log (at position ${position}, head ${head}) and has not moved for ${Math.round((now - progressedAt) / 1000)} s; ${heartbeat}`,
    code: 'figures.projector_stalled',
  };
}

/**
 * Watches an external projector from an API instance: every `pollMs` it reads the log head, the figure checkpoints
 * and the projector's heartbeat, and keeps the health it computes for synchronous readers (health, answers).
 */
export class ExternalProjectionMonitor {
  private observedPosition: number | undefined;
  private observedProgressAt: number;
  private latest: ExternalProjectionHealth;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly events: Pick<EventStore, 'headPosition'>,
    private readonly store: Pick<FigureStore, 'checkpoints'>,
    private readonly heartbeat: ProjectorHeartbeatStore | undefined,
    private readonly stallMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.observedProgressAt = now();
    this.latest = { state: 'external', position: 0, progressedAt: null, heartbeatAt: null };
  }

  get health(): ExternalProjectionHealth {
    return this.latest;
  }

  /** Reads once now, then every `pollMs` (an unref'd timer: it never keeps the process alive). */
  async start(pollMs: number): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  /** One reading; a read that fails keeps the last health (and is told), the next poll tries again. */
  poll(): Promise<void> {
    this.polling ??= this.read().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async read(): Promise<void> {
    try {
      const [head, checkpoints, beat] = await Promise.all([this.events.headPosition(), this.store.checkpoints(), this.heartbeat?.read()]);
      // A checkpoint of another definition version (a build not swapped in yet) is not this figure's progress.
      const positions = FIGURES.map(
        (figure) => checkpoints.find((c) => c.figure === figureKey(figure) && c.version === figure.version)?.position ?? 0,
      );
      const position = Math.min(...positions);
      const now = this.now();
      if (this.observedPosition !== undefined && position !== this.observedPosition) this.observedProgressAt = now;
      this.observedPosition = position;
      this.latest = externalProjectionHealth({
        head,
        position,
        beat,
        observedProgressAt: this.observedProgressAt,
        now,
        stallMs: this.stallMs,
      });
    } catch (error) {
      this.onError(error as Error);
    }
  }
}
