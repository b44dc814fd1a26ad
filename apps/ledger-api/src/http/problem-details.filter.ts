import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@ledger/commands';
import { DomainError } from '@ledger/domain';
import {
  EventStoreRefusedError,
  EventStoreUnavailableError,
  IdempotencyConflictError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import type { Request, Response } from 'express';
import { PROBLEM_JSON, problemType, type FieldProblem, type ProblemDetails } from './problem-details';
import { routeTemplate } from '../observability/observe-requests';
import { RequestValidationError } from './request-validation';
import { MAX_JSON_DEPTH } from '@ledger/commands/import';
import { UnreadableBodyError } from './unreadable-body';

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
  readonly extra?: Record<string, unknown>;
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = { invalid: 400, not_found: 404, conflict: 409 };
const DOMAIN_TITLE: Record<DomainError['kind'], string> = {
  invalid: 'Request is invalid',
  not_found: 'Not found',
  conflict: 'Refused by the ledger’s rules',
};

/**
 * The one place errors become HTTP answers: RFC 9457 problem details as application/problem+json.
 * Stack traces never leave the process; 500 is kept for bugs, which are logged with their stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = problemDocument(exception, request.originalUrl ?? request.url);
    if (body.status >= 500) {
      // The route template, not the URL: paths and query strings can carry what a log must not.
      this.logger.error(`${request.method} ${routeTemplate(request)} failed: ${describe(exception)}`, (exception as Error)?.stack);
    }
    if (response.headersSent) return;
    response.status(body.status).type(PROBLEM_JSON).send(JSON.stringify(body));
  }

  static toProblem(exception: unknown): Problem {
    if (exception instanceof RequestValidationError) {
      return { status: 400, code: 'validation', title: 'Request is invalid', detail: exception.message, errors: exception.errors };
    }
    if (exception instanceof DomainError) {
      const field = typeof exception.details.field === 'string' ? exception.details.field : undefined;
      return {
        status: DOMAIN_STATUS[exception.kind],
        code: exception.code,
        title: DOMAIN_TITLE[exception.kind],
        detail: exception.message,
        ...(exception.kind === 'invalid' && field ? { errors: [{ field, message: exception.message, code: exception.code }] } : {}),
      };
    }
    if (exception instanceof IdempotencyKeyReusedError || exception instanceof IdempotencyConflictError) {
      return {
        status: 422,
        code: 'idempotency.key_reused',
        title: 'Idempotency-Key reused for a different request',
        detail: `${exception.message}; send a new key for a new request`,
      };
    }
    if (exception instanceof ConcurrencyConflictError || exception instanceof WrongExpectedRevisionError) {
      return {
        status: 409,
        code: exception.code,
        title: 'Concurrent change',
        detail: exception.message,
        extra: { stream: exception.stream },
      };
    }
    if (exception instanceof InvalidPositionError) {
      return {
        status: 400,
        code: exception.code,
        title: 'Request is invalid',
        detail: `${exception.message}: give the position of an event (as the log reports it)`,
        extra: { position: exception.position },
      };
    }
    if (exception instanceof EventStoreRefusedError) {
      // Too large is the request's fault; the other refusals (deleted stream, access denied, unimplemented) are the deployment's.
      if (exception.reason === 'append_too_large')
        return {
          status: 413,
          code: exception.code,
          title: 'Payload too large',
          detail: 'the events of this command are larger than the event store accepts in one append',
        };
      return {
        status: 500,
        code: exception.code,
        title: 'Internal error',
        detail: 'the event store refused the operation; the error is logged',
      };
    }
    if (exception instanceof EventStoreUnavailableError) {
      return {
        status: 503,
        code: exception.code,
        title: 'Event store unavailable',
        detail: 'the event store cannot be reached; retry later with the same Idempotency-Key',
      };
    }
    if (exception instanceof UnreadableBodyError) return bodyParserProblem(exception);
    if (exception instanceof HttpException) return fromHttpException(exception);
    return { status: 500, code: 'internal', title: 'Internal error', detail: 'the ledger failed unexpectedly; the error is logged' };
  }
}

/** The problem document of an error: what HTTP answers, and what the NATS intake publishes with a refusal. */
export function problemDocument(exception: unknown, instance: string): ProblemDetails & Record<string, unknown> {
  const problem = ProblemDetailsFilter.toProblem(exception);
  return {
    type: problem.status === 500 ? 'about:blank' : problemType(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance,
    code: problem.code,
    ...(problem.errors ? { errors: [...problem.errors] } : {}),
    ...problem.extra,
  };
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const payload = exception.getResponse();
  const message =
    typeof payload === 'string'
      ? payload
      : Array.isArray((payload as { message?: unknown }).message)
        ? (payload as { message: string[] }).message.join('; ')
        : String((payload as { message?: unknown }).message ?? exception.message);
  const code = (payload as { code?: unknown })?.code;
  const errors = (payload as { errors?: FieldProblem[] })?.errors;
  // Our own exceptions may carry extension members (e.g. an import's report); Nest's carry only these three.
  const {
    message: _m,
    code: _c,
    errors: _e,
    statusCode: _s,
    error: _x,
    ...extra
  } = typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  return {
    status,
    code: typeof code === 'string' ? code : status === 404 ? 'not_found' : `http_${status}`,
    title: (HttpStatus[status] ?? 'Error')
      .toString()
      .toLowerCase()
      .replace(/_/g, ' ')
      .replace(/^./, (c) => c.toUpperCase()),
    detail: status === 404 && message.startsWith('Cannot ') ? `${message}: no such route` : message,
    ...(Array.isArray(errors) ? { errors } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** Errors raised by Express's body parser before Nest sees the request (malformed JSON, body too large). */
function bodyParserProblem(error: UnreadableBodyError): Problem {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'malformed_json', title: 'Request is invalid', detail: 'the request body is not valid JSON' };
    case 'entity.too.large':
      return {
        status: 413,
        code: 'body_too_large',
        title: 'Payload too large',
        detail: `the request body is larger than the limit of ${error.limit ?? '?'} bytes`,
      };
    case 'entity.too.deep':
      return {
        status: 400,
        code: 'body_too_deep',
        title: 'Request is invalid',
        detail: `the request body nests JSON deeper than ${MAX_JSON_DEPTH} levels`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_encoding', title: 'Unsupported media type', detail: 'the request body must be UTF-8 JSON' };
    default:
      return {
        status: error.status >= 400 && error.status < 500 ? error.status : 400,
        code: 'unreadable_body',
        title: 'Request is invalid',
        detail: 'the request body could not be read',
      };
  }
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
