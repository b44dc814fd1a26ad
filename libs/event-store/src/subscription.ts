import type { LogPosition, RecordedEvent, SubscribeOptions } from './event-store.port';

/**
 * Wakes waiting subscriptions when this process appends. A waiter also wakes after `timeoutMs` (to notice appends
 * made by other processes) or when its signal aborts; it never holds events, only a resolver.
 */
export class AppendNotifier {
  private readonly waiters = new Set<() => void>();
  /** Incremented on every notify, so a reader can tell whether it missed one between its read and its wait. */
  private appendCount = 0;

  get version(): number {
    return this.appendCount;
  }

  notify(): void {
    this.appendCount++;
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  /** Resolves on the next notify, after `timeoutMs`, on abort, or at once if a notify came after `sinceVersion`. */
  wait(timeoutMs: number, signal?: AbortSignal, sinceVersion?: number): Promise<void> {
    if (signal?.aborted || (sinceVersion !== undefined && sinceVersion !== this.appendCount)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

export interface PagedSubscriptionSource {
  /** Up to `limit` events strictly after `after` (undefined: from the start), in log order. */
  readPage(after: LogPosition | undefined, limit: number): Promise<readonly RecordedEvent[]> | readonly RecordedEvent[];
  /** A token taken before each read and handed to `waitForAppend`, so an append in between is not missed. */
  appendVersion(): number;
  /** Resolves when new events may be stored since `version` (or after a poll interval, or on abort). */
  waitForAppend(version: number, signal: AbortSignal | undefined): Promise<void>;
  /** True once the store is closed: the subscription ends. */
  isClosed(): boolean;
}

/**
 * Catch-up then live subscription over any store that can read a page of its log after a position.
 * Pull-based: a page is read only when the consumer has taken every event of the previous one, so at most one page
 * is held in memory. The checkpoint advances per delivered event, so each event is delivered exactly once, in order.
 */
export async function* pagedSubscription(
  source: PagedSubscriptionSource,
  options: SubscribeOptions & { pageSize?: number } = {},
): AsyncGenerator<RecordedEvent, void, undefined> {
  const { signal, onCaughtUp } = options;
  const pageSize = options.pageSize ?? 500;
  let checkpoint = options.after;
  // Report caught-up once when reaching the head, then again only after new events were delivered.
  let reportedAt: LogPosition | undefined | null = null;
  while (!signal?.aborted && !source.isClosed()) {
    const version = source.appendVersion();
    const page = await source.readPage(checkpoint, pageSize);
    for (const event of page) {
      if (signal?.aborted) return;
      yield event;
      checkpoint = event.position;
    }
    if (page.length === pageSize) continue;
    if (signal?.aborted || source.isClosed()) return;
    if (reportedAt === null || reportedAt !== checkpoint) {
      reportedAt = checkpoint;
      onCaughtUp?.(checkpoint);
    }
    if (page.length === 0) await source.waitForAppend(version, signal);
  }
}
