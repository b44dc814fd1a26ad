import { MAX_JSON_DEPTH, nestsDeeperThan } from '@ledger/commands/import';
import type { NextFunction, Request, Response } from 'express';

/** Express's body parser refused the body (malformed JSON, too large, wrong charset) before any route ran. */
export class UnreadableBodyError extends Error {
  constructor(
    /** body-parser's error type, e.g. `entity.parse.failed`. */
    readonly type: string,
    readonly status: number,
    readonly limit?: number,
  ) {
    super(`request body refused: ${type}`);
    this.name = 'UnreadableBodyError';
  }
}

/**
 * Express error middleware placed right after the body parser: rewraps its errors so the problem-details filter
 * answers them precisely (Nest would otherwise turn a JSON syntax error into a bare 400 that echoes parser text).
 */
export function rewrapBodyParserErrors(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const parserError = error as { type?: unknown; status?: unknown; limit?: unknown };
  if (typeof parserError?.type === 'string' && typeof parserError.status === 'number') {
    next(
      new UnreadableBodyError(parserError.type, parserError.status, typeof parserError.limit === 'number' ? parserError.limit : undefined),
    );
    return;
  }
  next(error);
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before JSON.parse, so a body nested thousands of levels deep
 * is refused (400 body_too_deep) before the parser or the validation pipe recurse into it.
 */
export function refuseDeepJson(_request: unknown, _response: unknown, body: Buffer): void {
  if (nestsDeeperThan(body, MAX_JSON_DEPTH))
    throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { type: 'entity.too.deep', status: 400 });
}
