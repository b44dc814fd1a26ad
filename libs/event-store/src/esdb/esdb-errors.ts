import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  isCommandError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';

/** The connection or the server failed: the operation may be retried (a subscription resubscribes). */
export function isTransient(error: unknown): boolean {
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

/**
 * The client's failures as the port's typed errors. Wrong expected version and stream not found are handled where
 * they mean something (conflict, empty stream); every other refusal by the server (unavailable, timeout, access
 * denied, stream deleted, append too large) becomes EventStoreUnavailableError naming what was attempted.
 * Anything that is not a client error (a bug, bad input) passes through unchanged.
 */
export function toStoreError(error: unknown, attempted: string): unknown {
  if (isTransient(error) || (error instanceof Error && isCommandError(error))) {
    const reason = describe(error);
    return new EventStoreUnavailableError(`EventStoreDB could not ${attempted}: ${reason}`, error);
  }
  return error;
}

function describe(error: unknown): string {
  const type = (error as { type?: string }).type;
  const message = (error as Error).message || 'no detail';
  return type ? `${type} (${message})` : message;
}
