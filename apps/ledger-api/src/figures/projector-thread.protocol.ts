import type { LedgerConfig } from '@ledger/config';

/** What the API hands the projector thread when it starts it. */
export interface ProjectorThreadData {
  /** Copied into the thread (structured clone): LedgerConfig stays plain data. The thread opens the stores it names. */
  readonly config: LedgerConfig;
  /** How often the thread's embedded event store looks for the API's appends while the projector waits (ms). */
  readonly pollIntervalMs: number;
  /** Events per transaction (Projector batchSize); default the projector's. */
  readonly batchSize?: number;
}

/** An error as it crosses the thread boundary: what /health and the logs show of it. */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  /** The event the projector could not apply (ProjectionError). */
  readonly position?: number;
}

/** The API to the thread: project live after `prepare` (`run`), or stop (before or while it runs). */
export type ProjectorThreadRequest = { readonly kind: 'run' } | { readonly kind: 'stop' };

/**
 * The thread to the API. `status` whenever the projector's state or position changes; `prepared` once the stores are
 * open and the figures built; `ended` after a stop, the stores closed; `failed` when anything stopped it (then it
 * ends too).
 */
export type ProjectorThreadMessage =
  | { readonly kind: 'status'; readonly state: 'idle' | 'running' | 'caught-up'; readonly position: number }
  | { readonly kind: 'prepared'; readonly position: number }
  | { readonly kind: 'ended'; readonly position: number }
  | { readonly kind: 'failed'; readonly error: ThreadError };
