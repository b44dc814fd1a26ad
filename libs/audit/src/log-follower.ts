import type { EventStore, LogPosition, RecordedEvent } from '@ledger/event-store';
import type { AuditLog } from './audit-log';
import type { SignedTreeHead } from './tree-head';

/** The whole global log once, page by page, ending at the head: what `verifyLedger` reads. */
export async function* readGlobalLog(
  store: Pick<EventStore, 'readAll'>,
  options: { after?: LogPosition; pageSize?: number } = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? 1000;
  let after = options.after;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined && { after }), limit: pageSize });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}

export interface FollowOptions {
  /** Ends the follower (the promise resolves after the last batch is stored). */
  readonly signal?: AbortSignal;
  /** Most events per store write (default 1000). */
  readonly maxBatch?: number;
  /** Called each time the tree has every event stored so far. */
  readonly onCaughtUp?: (treeSize: number) => void;
}

/**
 * Keeps the Merkle log up with the event log: subscribes after the tree's own last position (its checkpoint is
 * stored with its leaves, so it never skips or repeats an event, whatever other projections commit) and appends
 * in batches: a full batch, or whatever is pending when the subscription catches up.
 */
export async function followEventLog(
  store: Pick<EventStore, 'subscribeToAll'>,
  audit: AuditLog,
  options: FollowOptions = {},
): Promise<void> {
  const maxBatch = options.maxBatch ?? 1000;
  let pending: RecordedEvent[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    audit.appendEvents(pending);
    pending = [];
  };
  const after = audit.lastPosition;
  const events = store.subscribeToAll({
    ...(after !== undefined && { after }),
    ...(options.signal && { signal: options.signal }),
    onCaughtUp: () => {
      flush();
      options.onCaughtUp?.(audit.treeSize);
    },
  });
  for await (const event of events) {
    pending.push(event);
    if (pending.length >= maxBatch) {
      flush();
      // The stores are synchronous: without a turn of the event loop here, catching up a long log would hold the
      // process (an API's requests among it) from the first batch to the last.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  flush();
}

/** How often a tree head is signed (when the log grew) unless LEDGER_TREE_HEAD_INTERVAL_MS says otherwise. */
export const DEFAULT_TREE_HEAD_INTERVAL_MS = 60_000;

export interface TreeHeadScheduleOptions {
  readonly intervalMs: number;
  readonly now: () => Date;
  readonly onIssued?: (head: SignedTreeHead) => void;
  /** A failed signing or store write; the schedule carries on. */
  readonly onError?: (error: unknown) => void;
}

/** Signs a tree head every `intervalMs` when the log grew since the last one (one signing at a time). Returns `stop`. */
export function scheduleTreeHeads(audit: AuditLog, options: TreeHeadScheduleOptions): () => void {
  const idOf = (head: SignedTreeHead | undefined) => head && `${head.treeSize}:${head.signature}`;
  let lastIssued: Promise<string | undefined> = audit.treeHeads.latest().then(idOf, () => undefined);
  let busy = false;
  const tick = async (): Promise<void> => {
    const previous = await lastIssued;
    const head = await audit.issueTreeHead(options.now(), { onlyIfGrown: true });
    if (idOf(head) !== previous) options.onIssued?.(head);
    lastIssued = Promise.resolve(idOf(head));
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (busy = false));
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
