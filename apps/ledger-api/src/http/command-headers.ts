import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RequestValidationError } from './request-validation';

/** What a command request says besides its body: who sends it and how to recognise a retry. */
export interface CommandRequestContext {
  /** Authenticated principal recorded as the events' actor. */
  readonly actor: string;
  /** `Idempotency-Key` header: a retry with the same key and body returns the original answer. */
  readonly idempotencyKey?: string;
  /** `X-Correlation-Id` header: ties the events to the caller's own trace. */
  readonly correlationId?: string;
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Visible ASCII only, so keys survive logs, proxies and the event metadata unchanged. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * The principal the auth guard put on the request (`request.principal.id`): the actor of every event the request
 * appends. A command that somehow arrives without one is refused, never recorded for nobody.
 */
export function actorOf(request: Request): string {
  const principal = (request as Request & { principal?: { id?: unknown } }).principal;
  if (typeof principal?.id === 'string' && principal.id !== '') return principal.id;
  throw new UnauthorizedException({ code: 'auth.missing_credentials', message: 'send Authorization: Bearer <API key or JWT>' });
}

export function readCommandContext(request: Request): CommandRequestContext {
  const idempotencyKey = request.header(IDEMPOTENCY_KEY_HEADER);
  const correlationId = request.header(CORRELATION_ID_HEADER);
  const problems = [];
  if (idempotencyKey !== undefined && !KEY_PATTERN.test(idempotencyKey)) {
    problems.push({
      field: IDEMPOTENCY_KEY_HEADER,
      message: `${IDEMPOTENCY_KEY_HEADER} must be 1-200 visible ASCII characters, e.g. a UUID`,
      code: 'idempotencyKey',
    });
  }
  if (correlationId !== undefined && !KEY_PATTERN.test(correlationId)) {
    problems.push({
      field: CORRELATION_ID_HEADER,
      message: `${CORRELATION_ID_HEADER} must be 1-200 visible ASCII characters`,
      code: 'correlationId',
    });
  }
  if (problems.length > 0) throw new RequestValidationError(problems);
  return {
    actor: actorOf(request),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
  };
}

/** Controller parameter: the command's request context read from its headers, checked (the domain's CommandContext is what decide() receives). */
export const CommandHeaders = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  readCommandContext(ctx.switchToHttp().getRequest<Request>()),
);
