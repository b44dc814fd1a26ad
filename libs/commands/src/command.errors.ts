/** The Idempotency-Key was already used by this actor for a different request. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency.key_reused';
  constructor(
    readonly idempotencyKey: string,
    readonly detail: string,
  ) {
    super(`Idempotency-Key "${idempotencyKey}" was already used for a different request: ${detail}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Optimistic concurrency kept failing: other writers changed the stream on every attempt. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'concurrency.conflict';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(`stream ${stream} changed under ${attempts} consecutive attempts; retry the command`);
    this.name = 'ConcurrencyConflictError';
  }
}
