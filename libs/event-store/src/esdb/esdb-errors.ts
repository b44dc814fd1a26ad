import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  isCommandError,
} from '@eventstore/db-client';
import { EventStoreRefusedError, EventStoreUnavailableError, InvalidPositionError } from '../event-store.errors';

/** gRPC status codes the server answers permanent refusals with (Services/Transport/Grpc/RpcExceptions.cs). */
const INVALID_ARGUMENT = 3;
const PERMISSION_DENIED = 7;
const UNIMPLEMENTED = 12;

/**
 * A read from a position inside a record: the server answers reads with an unknown error naming
 * ReadAllResult.InvalidPosition and subscriptions with invalid argument "Trying to read from an invalid position."
 */
export function isInvalidPosition(error: unknown): boolean {
  const message = String((error as Error)?.message ?? '');
  return /InvalidPosition|invalid position/i.test(message);
}

/**
 * The connection or the server failed for now: unavailable, deadline exceeded, timeout, not leader, a server-side
 * cancel, an unknown server error that is not a refused position, a prematurely closed stream. Retried with
 * bounded back-off (a subscription resubscribes). Everything else is permanent.
 */
export function isTransient(error: unknown): boolean {
  if (isPermanent(error)) return false;
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof UnknownError ||
    (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE')
  );
}

function isPermanent(error: unknown): boolean {
  if (isInvalidPosition(error)) return true;
  if (error instanceof MaxAppendSizeExceededError || error instanceof StreamDeletedError || error instanceof AccessDeniedError) return true;
  const code = (error as { code?: unknown })?.code;
  return code === INVALID_ARGUMENT || code === PERMISSION_DENIED || code === UNIMPLEMENTED;
}

/**
 * The client's failures as the port's typed errors. Wrong expected version and stream not found are handled where
 * they mean something (conflict, empty stream). Permanent refusals become EventStoreRefusedError (append too
 * large, stream deleted, access denied, unimplemented, invalid argument) or InvalidPositionError (a read bound or
 * checkpoint inside a record, when `position` is the one asked for); transient ones EventStoreUnavailableError.
 * Anything that is not a client error (a bug, bad input) passes through unchanged.
 */
export function toStoreError(error: unknown, attempted: string, position?: number): unknown {
  if (error instanceof EventStoreRefusedError || error instanceof InvalidPositionError || error instanceof EventStoreUnavailableError)
    return error;
  const reason = describe(error);
  if (isInvalidPosition(error) && position !== undefined)
    return new InvalidPositionError(position, `EventStoreDB refused to ${attempted}: ${reason}`);
  if (error instanceof MaxAppendSizeExceededError)
    return new EventStoreRefusedError('append_too_large', `EventStoreDB refused to ${attempted}: ${reason}`, error);
  if (error instanceof StreamDeletedError)
    return new EventStoreRefusedError('stream_deleted', `EventStoreDB refused to ${attempted}: ${reason}`, error);
  const code = (error as { code?: unknown })?.code;
  if (error instanceof AccessDeniedError || code === PERMISSION_DENIED)
    return new EventStoreRefusedError('access_denied', `EventStoreDB refused to ${attempted}: ${reason}`, error);
  if (code === UNIMPLEMENTED) return new EventStoreRefusedError('unimplemented', `EventStoreDB refused to ${attempted}: ${reason}`, error);
  if (code === INVALID_ARGUMENT || isInvalidPosition(error))
    return new EventStoreRefusedError('invalid_argument', `EventStoreDB refused to ${attempted}: ${reason}`, error);
  if (isTransient(error) || (error instanceof Error && isCommandError(error))) {
    return new EventStoreUnavailableError(`EventStoreDB could not ${attempted}: ${reason}`, error);
  }
  return error;
}

export interface RetrySettings {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubles each time, capped at 2 s. */
  readonly baseDelayMs: number;
}

/** Runs `operation`, retrying only transient failures, with bounded exponential back-off; the last error is thrown. */
export async function withRetry<T>(settings: RetrySettings, operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const cause = error instanceof EventStoreUnavailableError ? error.cause : error;
      if (attempt >= settings.attempts || !isTransient(cause)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(settings.baseDelayMs * 2 ** (attempt - 1), 2_000)));
    }
  }
}

function describe(error: unknown): string {
  const type = (error as { type?: string }).type;
  const message = (error as Error).message || 'no detail';
  return type ? `${type} (${message})` : message;
}
