import type { AppendResult, ExpectedRevision, StreamRevision } from './event-store.port';

/** The stream is not at the expected revision (optimistic concurrency conflict). */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'concurrency.wrong_expected_revision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: StreamRevision,
  ) {
    super(`stream ${stream} is at revision ${actual < 0 ? 'none (no stream)' : actual}, expected ${expected}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some but not all event ids of an append are already stored, or they are stored in another stream. */
export class IdempotencyConflictError extends Error {
  readonly code = 'idempotency.conflict';
  constructor(
    message: string,
    readonly eventIds: readonly string[],
  ) {
    super(message);
    this.name = 'IdempotencyConflictError';
  }
}

/** A non-atomic multi-stream append failed part-way: `appended` is exactly what went in. */
export class PartialAppendError extends Error {
  readonly code = 'append.partial';
  constructor(
    readonly appended: readonly AppendResult[],
    readonly failedIndex: number,
    override readonly cause: unknown,
  ) {
    super(
      `append of batch failed at request ${failedIndex} after ${appended.length} request(s) went in: ${String((cause as Error)?.message ?? cause)}`,
    );
    this.name = 'PartialAppendError';
  }
}

/** The underlying store refused or could not be reached. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'store.unavailable';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/** A log position given as a read bound or checkpoint that is no event's position (EventStoreDB: inside a record). */
export class InvalidPositionError extends Error {
  readonly code = 'store.invalid_position';
  constructor(
    readonly position: number,
    detail?: string,
  ) {
    super(`log position ${position} is not the position of an event in the log${detail ? ` (${detail})` : ''}`);
    this.name = 'InvalidPositionError';
  }
}

/** Why the store refused an operation for good: retrying the same operation cannot succeed. */
export type StoreRefusal = 'append_too_large' | 'stream_deleted' | 'access_denied' | 'unimplemented' | 'invalid_argument';

/**
 * The store refused the operation permanently (too large, stream deleted, access denied, not implemented,
 * invalid argument). Never retried; the API answers it as a client error (too large) or an internal one.
 */
export class EventStoreRefusedError extends Error {
  readonly code: string;
  constructor(
    readonly reason: StoreRefusal,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.code = `store.${reason}`;
    this.name = 'EventStoreRefusedError';
  }
}
