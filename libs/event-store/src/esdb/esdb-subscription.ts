import { excludeSystemEvents, START, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { LogPosition, RecordedEvent, SubscribeOptions } from '../event-store.port';
import { isTransient, toStoreError } from './esdb-errors';
import { isSystemEvent, positionOf, toPosition, toRecordedEvent } from './esdb-records';

export interface ResubscribeSettings {
  readonly resubscribeDelayMs: number;
  readonly maxResubscribeAttempts: number;
  /** Registers the subscription's abort controller with the store (closing the store ends it); returns the release. */
  readonly track: (abort: AbortController) => () => void;
  readonly isClosed: () => boolean;
  /** The log's last ledger event now: how far catch-up must go when the server sends no CaughtUp (before 23.10). */
  readonly head: () => Promise<LogPosition | undefined>;
}

type ClientSubscription = ReturnType<EventStoreDBClient['subscribeToAll']>;

/**
 * Catch-up then live subscription to `$all` with a server-side filter that leaves out the server's own events.
 *
 * Survives a dropped connection: when the server ends the subscription with a transient error, it subscribes again
 * from the last position it delivered, so nothing is skipped and nothing is delivered twice (events at or before
 * that position are dropped as well, whatever the server sends). Pull-based: the gRPC stream is read only as fast
 * as the consumer takes events (the client's stream buffers a few, then gRPC flow control holds the server).
 *
 * Caught up: servers from 23.10 send CaughtUp (again after the subscription fell behind and caught up); older ones
 * send none, so the subscription also counts itself caught up once it has delivered (or its checkpoint or a
 * filtered Checkpoint message has passed) the head read when it subscribed. A checkpoint that is no event's
 * position is refused by the server with invalid argument: InvalidPositionError, never retried.
 */
export async function* resubscribingSubscription(
  client: EventStoreDBClient,
  options: SubscribeOptions,
  settings: ResubscribeSettings,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const abort = new AbortController();
  const forward = () => abort.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) abort.abort();
  const release = settings.track(abort);
  let checkpoint = options.after;
  let failures = 0;
  let reportedAt: LogPosition | undefined | null = null;
  const reportCaughtUp = () => {
    if (reportedAt !== null && reportedAt === checkpoint) return;
    reportedAt = checkpoint;
    options.onCaughtUp?.(checkpoint);
  };

  try {
    while (!abort.signal.aborted && !settings.isClosed()) {
      let head: LogPosition | undefined | null = null;
      try {
        head = await settings.head();
      } catch {
        head = null; // unknown: rely on the server's CaughtUp
      }
      const subscribedFrom = checkpoint;
      let caughtUp = false;
      let untilCaughtUp = 0;
      const reachedHead = (position: LogPosition | undefined): boolean =>
        head !== null && (head === undefined || (position !== undefined && position >= head));
      const filter = excludeSystemEvents();
      const subscription: ClientSubscription = client.subscribeToAll({
        fromPosition: checkpoint === undefined ? START : toPosition(checkpoint),
        filter: {
          ...filter,
          checkpointReached: async (_s: unknown, position: { commit: bigint; prepare: bigint }) => {
            // A filtered Checkpoint past the head with nothing buffered: everything stored has been delivered.
            if (!caughtUp && reachedHead(positionOf(position, '$all')) && subscription.readableLength === 0) {
              caughtUp = true;
              reportCaughtUp();
            }
          },
        } as typeof filter,
      });
      // Errors reach the loop through the iterator; this keeps a late one from becoming an unhandled 'error'.
      subscription.on('error', () => undefined);
      // Nothing to catch up with (an empty log, or the checkpoint at the head): caught up once confirmed.
      subscription.on('confirmation', () => {
        if (!caughtUp && reachedHead(subscribedFrom)) {
          caughtUp = true;
          reportCaughtUp();
        }
      });
      // The server says "caught up" after the last stored event it sent; the events before it may still be in
      // the client's buffer, so the report waits until the consumer has taken those.
      subscription.on('caughtUp', () => {
        caughtUp = true;
        untilCaughtUp = subscription.readableLength;
        if (untilCaughtUp === 0) reportCaughtUp();
      });
      const stop = () => {
        void subscription.unsubscribe().catch(() => undefined);
        // Ends an iterator that is waiting for the next event (cancelling alone does not end the client's stream).
        subscription.destroy();
      };
      abort.signal.addEventListener('abort', stop, { once: true });
      // Aborted while it read the head or subscribed: the listener above will never be called.
      if (abort.signal.aborted) stop();
      try {
        for await (const resolved of subscription as AsyncIterable<ResolvedEvent>) {
          if (abort.signal.aborted) return;
          failures = 0;
          if (!isSystemEvent(resolved)) {
            const event = toRecordedEvent(resolved);
            if (checkpoint === undefined || event.position > checkpoint) {
              yield event;
              checkpoint = event.position;
            }
          }
          if (!caughtUp && reachedHead(checkpoint) && subscription.readableLength === 0) caughtUp = true;
          if (caughtUp) {
            if (untilCaughtUp > 0) untilCaughtUp--;
            // Live: every event taken with nothing else buffered means everything stored so far was delivered.
            if (untilCaughtUp === 0 && subscription.readableLength === 0) reportCaughtUp();
          }
        }
        if (abort.signal.aborted || settings.isClosed()) return;
        // The server ended the subscription without an error: subscribe again from the checkpoint.
      } catch (error) {
        if (abort.signal.aborted || settings.isClosed()) return;
        if (!isTransient(error)) throw toStoreError(error, `subscribe to $all after ${checkpoint ?? 'the start'}`, checkpoint);
        failures++;
        if (failures > settings.maxResubscribeAttempts)
          throw toStoreError(error, `subscribe to $all (after ${failures - 1} resubscriptions)`);
        await delay(Math.min(settings.resubscribeDelayMs * 2 ** (failures - 1), 5_000), abort.signal);
      } finally {
        abort.signal.removeEventListener('abort', stop);
        stop();
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', forward);
    release();
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
