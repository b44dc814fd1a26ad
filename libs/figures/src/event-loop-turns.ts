/**
 * A projector's work is promises that settle at once: the SQLite stores are synchronous (better-sqlite3), so an
 * `await` on them only queues a microtask and the event loop never turns. Without turns of its own, a build or a
 * catch-up in an API's process (the embedded default) held the loop from its first event to its last: no request,
 * timer or socket of that process was served meanwhile (a 75k-event rebuild: 21.8 s without one turn).
 */

/** Lets the event loop run everything waiting (I/O callbacks, timers, other requests) before going on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Work in slices of `sliceMs` at most between turns of the event loop: the caller awaits `check()` as it goes (a
 * clock read, and a turn once the slice is spent), or `turn()` to turn at once. 0 turns at every check.
 */
export class TimeSlice {
  private started = performance.now();

  constructor(private readonly sliceMs: number) {}

  private get spent(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  async turn(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }

  /** Turns when the slice is spent. */
  async check(): Promise<void> {
    if (this.spent) await this.turn();
  }
}

/** How long a projector works between turns of the event loop by default: a request waits about this long. */
export const DEFAULT_SLICE_MS = 20;
