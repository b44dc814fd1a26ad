import type { LogPosition, RecordedEvent } from '../event-store.port';

/** Pages read ahead at once, and how long one waits to be asked for before it is let go. */
const MAX_PAGES_AHEAD = 4;
const DEFAULT_PAGE_TTL_MS = 5_000;
/** Page ends remembered to recognise a caller asking for the page after the one it was given. */
const MAX_FOLLOWERS = 64;

/**
 * Read-ahead for callers paging forwards through `$all` (audit catch-up, verify, the event log): once a caller asks
 * for the page after a full page it was given, the next page is read from the server while the caller works on this
 * one, as one long server read would stream it. A page read ahead is used only when full: a full page after a
 * position is what a read now would return (the log only grows after its head); a short one is read again.
 * A page nobody asks for within the TTL is let go by a timer, so a caller that stops paging leaves no memory held.
 */
export class ReadAhead {
  private readonly ahead = new Map<string, { readonly page: Promise<RecordedEvent[] | undefined>; readonly timer: NodeJS.Timeout }>();
  private readonly followers = new Set<string>();

  constructor(private readonly ttlMs = DEFAULT_PAGE_TTL_MS) {}

  /** Lets every page read ahead go (the store is closing). */
  clear(): void {
    for (const entry of this.ahead.values()) clearTimeout(entry.timer);
    this.ahead.clear();
    this.followers.clear();
  }

  async page(
    after: LogPosition | undefined,
    limit: number,
    read: (after: LogPosition | undefined) => Promise<RecordedEvent[]>,
  ): Promise<RecordedEvent[]> {
    const key = keyOf(after, limit);
    const early = this.ahead.get(key);
    if (early) clearTimeout(early.timer);
    this.ahead.delete(key);
    const prefetched = early ? await early.page : undefined;
    const page = prefetched !== undefined && prefetched.length === limit ? prefetched : await read(after);
    if (page.length === limit) {
      const end = page[page.length - 1].position;
      if (after !== undefined && this.followers.has(key)) this.readAhead(end, limit, read);
      this.follow(keyOf(end, limit));
    }
    return page;
  }

  private readAhead(after: LogPosition, limit: number, read: (after: LogPosition | undefined) => Promise<RecordedEvent[]>): void {
    const key = keyOf(after, limit);
    if (this.ahead.has(key) || this.ahead.size >= MAX_PAGES_AHEAD) return;
    // A failed read ahead is forgotten: the caller's own read then meets the error, typed as usual.
    const page = read(after).catch(() => undefined);
    const timer = setTimeout(() => {
      if (this.ahead.get(key)?.page === page) this.ahead.delete(key);
    }, this.ttlMs);
    timer.unref();
    this.ahead.set(key, { page, timer });
  }

  private follow(key: string): void {
    this.followers.delete(key);
    this.followers.add(key);
    if (this.followers.size > MAX_FOLLOWERS) this.followers.delete(this.followers.values().next().value!);
  }
}

function keyOf(after: LogPosition | undefined, limit: number): string {
  return `${after ?? 'start'}/${limit}`;
}
