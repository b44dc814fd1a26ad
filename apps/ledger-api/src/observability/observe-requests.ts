import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CORRELATION_ID_HEADER } from '../http/command-headers';
import { PROBLEM_JSON, problemType } from '../http/problem-details';
import type { LedgerLogger } from './ledger-logger';
import type { LedgerMetrics } from './ledger-metrics';
import type { Lifecycle } from './lifecycle';
import { REQUEST_ID_HEADER, requestIdFrom, runInRequestContext, type RequestContext } from './request-context';

const tracer = trace.getTracer('@ledger/api');

/** What the first middleware leaves on the request for the second (after body parsing). */
interface Observed {
  readonly context: RequestContext;
  readonly traceContext: Context;
}

const OBSERVED = Symbol('observed');
type ObservedRequest = Request & { [OBSERVED]?: Observed };

const VISIBLE_ASCII = /^[\x21-\x7e]{1,200}$/;

/** The matched route template (`/v1/trainings/:id`), never the raw path: labels stay few and carry no ids. */
export function routeTemplate(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : 'unmatched';
}

export interface ObserveRequestsOptions {
  readonly metrics: LedgerMetrics;
  readonly lifecycle: Lifecycle;
  /** Access lines go here; none when the app logs nothing (tests). */
  readonly logger?: LedgerLogger;
}

/**
 * First in the chain: gives the request its id (an incoming X-Request-Id is honoured, and echoed), refuses it
 * with 503 while the process drains, counts it in flight, opens its span, and on the answer records the
 * duration metric and one access line (method, route template, status, time: never the URL, body or headers).
 */
export function observeRequests({ metrics, lifecycle, logger }: ObserveRequestsOptions): RequestHandler {
  return (request: ObservedRequest, response: Response, next: NextFunction) => {
    const requestId = requestIdFrom(request.header(REQUEST_ID_HEADER));
    response.setHeader(REQUEST_ID_HEADER, requestId);
    lifecycle.requestArrived();
    if (lifecycle.isDraining) {
      refuseWhileDraining(response, request);
      return;
    }
    const correlationHeader = request.header(CORRELATION_ID_HEADER);
    const requestContext: RequestContext = {
      requestId,
      ...(correlationHeader !== undefined && VISIBLE_ASCII.test(correlationHeader) ? { correlationId: correlationHeader } : {}),
    };
    const started = process.hrtime.bigint();
    // A caller's W3C traceparent makes this request a child of its span.
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `HTTP ${request.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'ledger.request_id': requestId } },
      parent,
    );
    const traceContext = trace.setSpan(parent, span);
    request[OBSERVED] = { context: requestContext, traceContext };
    lifecycle.requestStarted();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      lifecycle.requestEnded();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(request);
      // An answer cut off before it was complete is counted apart from what was answered.
      const status = response.writableFinished ? response.statusCode : 0;
      metrics.answered(request.method, route, status, seconds);
      endSpan(span, request.method, route, status);
      logger?.pino.info(
        {
          requestId,
          ...(requestContext.correlationId !== undefined ? { correlationId: requestContext.correlationId } : {}),
          method: request.method,
          route,
          status,
          durationMs: Math.round(seconds * 10_000) / 10,
        },
        'request answered',
      );
    };
    closeConnectionIfDraining(response, lifecycle);
    response.once('finish', end);
    response.once('close', end);
    context.with(traceContext, () => runInRequestContext(requestContext, next));
  };
}

/**
 * After body parsing: body-parser calls on from the socket's own async context, so the request's log context
 * and span are entered again here, for everything the controllers do.
 */
export function reenterRequestContext(): RequestHandler {
  return (request: ObservedRequest, _response: Response, next: NextFunction) => {
    const observed = request[OBSERVED];
    if (observed === undefined) return next();
    context.with(observed.traceContext, () => runInRequestContext(observed.context, next));
  };
}

function endSpan(span: Span, method: string, route: string, status: number): void {
  span.updateName(`${method} ${route}`);
  span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
  if (status === 0 || status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** An answer written after the drain began also closes its keep-alive connection, so no new request races the close. */
function closeConnectionIfDraining(response: Response, lifecycle: Lifecycle): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: Response, ...args: unknown[]) {
    if (lifecycle.isDraining && !this.headersSent) this.setHeader('Connection', 'close');
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}

function refuseWhileDraining(response: Response, request: Request): void {
  response.setHeader('Connection', 'close');
  response.setHeader('Retry-After', '1');
  response
    .status(503)
    .type(PROBLEM_JSON)
    .send(
      JSON.stringify({
        type: problemType('shutting_down'),
        title: 'Shutting down',
        status: 503,
        detail: 'this instance is stopping and takes no new requests; retry (another instance will answer)',
        instance: request.originalUrl,
        code: 'shutting_down',
      }),
    );
}
