import { Observable } from 'rxjs';
import type { SubscribeOptions } from './event-store.port';

/**
 * An rxjs view of a pull-based subscription. Pulls the next event only after the subscriber's `next` returned;
 * unsubscribing aborts the underlying subscription (through the signal handed to `open`) and stops the loop.
 *
 *   toObservable((signal) => store.subscribeToAll({ after, signal }))
 *
 * A plain iterable is accepted too and ended through its iterator's `return`; but an async generator that is waiting
 * for the next event only processes that `return` once it yields again, so a live subscription passed this way keeps
 * polling until its next event arrives. Pass the factory form to end it at once.
 */
export function toObservable<T>(source: AsyncIterable<T> | ((signal: AbortSignal) => AsyncIterable<T>)): Observable<T> {
  return new Observable<T>((subscriber) => {
    const abort = new AbortController();
    const iterable = typeof source === 'function' ? source(abort.signal) : source;
    const iterator = iterable[Symbol.asyncIterator]();
    (async () => {
      try {
        while (!abort.signal.aborted) {
          const step = await iterator.next();
          if (step.done || abort.signal.aborted) break;
          subscriber.next(step.value);
        }
        subscriber.complete();
      } catch (error) {
        subscriber.error(error);
      }
    })();
    return () => {
      abort.abort();
      // Ends a generator that is not waiting on anything; one that is waiting ends through the signal.
      void iterator.return?.().catch(() => undefined);
    };
  });
}

/** Convenience for the common case: an observable over a store's `$all` subscription. */
export function subscribeToAll$<T>(
  subscribe: (options: SubscribeOptions) => AsyncIterable<T>,
  options: Omit<SubscribeOptions, 'signal'> = {},
): Observable<T> {
  return toObservable((signal) => subscribe({ ...options, signal }));
}
