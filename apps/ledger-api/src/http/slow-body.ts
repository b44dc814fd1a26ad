import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_JSON, problemType } from './problem-details';

export const DEFAULT_BODY_GRACE_MS = 10_000;
/** Slowest average a body may arrive at, after the grace: a 1 GB import at this rate takes about 17 hours. */
export const MIN_BODY_BYTES_PER_SECOND = 16 * 1024;
const CHECK_EVERY_MS = 250;

/**
 * Cuts a request whose body trickles in (slowloris): it has `graceMs`, plus one second per 16 KiB received, to
 * arrive whole; past that it is answered 408 and its connection closed, so no caller can hold a connection (and
 * whatever reads its body) open at a byte a minute. Node's own headersTimeout covers headers that trickle.
 * Bytes are counted on the socket, never by reading the body (that stays with its parser).
 */
export function slowBodyGuard(graceMs = DEFAULT_BODY_GRACE_MS) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (!hasBody || request.complete) {
      next();
      return;
    }
    const socket = request.socket;
    const startedAt = Date.now();
    const bytesAtStart = socket.bytesRead;
    const timer = setInterval(() => {
      if (request.complete || response.writableEnded || socket.destroyed) {
        clearInterval(timer);
        return;
      }
      const received = socket.bytesRead - bytesAtStart;
      if (Date.now() - startedAt <= graceMs + (received / MIN_BODY_BYTES_PER_SECOND) * 1000) return;
      clearInterval(timer);
      const detail = `the request body arrived too slowly: ${received} bytes in ${Date.now() - startedAt} ms (allowed ${graceMs} ms plus 1 s per 16 KiB)`;
      if (!response.headersSent) {
        response.status(408).setHeader('Connection', 'close');
        response.type(PROBLEM_JSON).send(
          JSON.stringify({
            type: problemType('body_too_slow'),
            title: 'Request timeout',
            status: 408,
            detail,
            instance: request.originalUrl,
            code: 'body_too_slow',
          }),
        );
      }
      response.once('finish', () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
    }, CHECK_EVERY_MS);
    timer.unref();
    response.once('close', () => clearInterval(timer));
    next();
  };
}
