import { EventStoreUnavailableError } from '../event-store.errors';
import type { AppendRequest, PositionedAppendResult } from '../event-store.port';

/** How SQLite's errors read for the port: a store that cannot take the write now, or an id already stored. */

/**
 * Ids are looked up only when the insert says one is already stored (a retry): that attempt is rolled back and the
 * batch runs again, looking every id up first. New events, the common case, pay no lookup.
 */
export function withOptimisticRetry(
  requests: readonly AppendRequest[],
  run: (requests: readonly AppendRequest[], lookUpEveryId: boolean) => PositionedAppendResult[],
): PositionedAppendResult[] {
  try {
    return run(requests, false);
  } catch (error) {
    if (!isStoredEventIdError(error)) throw error;
    return run(requests, true);
  }
}

/** SQLite result codes that say the store cannot take the write now (locked, disk full or failing), not that it is wrong. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL|NOMEM)/;

/** The port's EventStoreUnavailableError for a store that is locked or failing; every other error as it is. */
export function asStoreError(error: unknown): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && UNAVAILABLE.test(code)) {
    return new EventStoreUnavailableError(`event store unavailable (${code}): ${(error as Error).message}`, error);
  }
  return error;
}

/** Duck-typed: the native addon keeps the SqliteError class of its first load, so `instanceof` fails across jest module registries. */
function isStoredEventIdError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id');
}
