import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@ledger/commands';
import { conflict, invalid, notFound } from '@ledger/domain';
import {
  EventStoreRefusedError,
  EventStoreUnavailableError,
  IdempotencyConflictError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { ArgumentsHost, ForbiddenException, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RequestValidationError } from './request-validation';
import { UnreadableBodyError } from './unreadable-body';

interface Answer {
  status?: number;
  contentType?: string;
  body?: Record<string, unknown>;
}

function answerTo(exception: unknown): Answer {
  const answer: Answer = {};
  const response = {
    headersSent: false,
    status(code: number) {
      answer.status = code;
      return this;
    },
    type(contentType: string) {
      answer.contentType = contentType;
      return this;
    },
    send(text: string) {
      answer.body = JSON.parse(text);
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ method: 'POST', originalUrl: '/v1/freezes/fz-1/releases' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return answer;
}

describe('ProblemDetailsFilter: every error becomes RFC 9457 problem details', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it.each([
    [
      'invalid input listed by field',
      new RequestValidationError([{ field: 'assets[0].amount', message: 'bad', code: 'isDecimalString' }]),
      400,
      'validation',
    ],
    ['an invalid domain command', invalid('invalid_time', 'frozenAt is in the future', { field: 'frozenAt' }), 400, 'invalid_time'],
    ['an unknown aggregate', notFound('freeze.not_found', 'freeze fz-1 does not exist'), 404, 'freeze.not_found'],
    ['a broken invariant', conflict('freeze.exceeds_held', 'more than held'), 409, 'freeze.exceeds_held'],
    ['retries exhausted on a busy stream', new ConcurrencyConflictError('freeze-fz-1', 6), 409, 'concurrency.conflict'],
    ['a lost optimistic-concurrency race', new WrongExpectedRevisionError('freeze-fz-1', 3, 4), 409, 'concurrency.wrong_expected_revision'],
    ['an Idempotency-Key reused for another request', new IdempotencyKeyReusedError('k', 'other body'), 422, 'idempotency.key_reused'],
    ['event ids of a key found in another stream', new IdempotencyConflictError('ids elsewhere', ['e1']), 422, 'idempotency.key_reused'],
    ['an unreachable store', new EventStoreUnavailableError('connection refused'), 503, 'store.unavailable'],
    ['a log position inside a record', new InvalidPositionError(1234), 400, 'store.invalid_position'],
    ["an append over the store's size limit", new EventStoreRefusedError('append_too_large', 'too large'), 413, 'store.append_too_large'],
    ['malformed JSON', new UnreadableBodyError('entity.parse.failed', 400), 400, 'malformed_json'],
    ['a body over the limit', new UnreadableBodyError('entity.too.large', 413, 1024), 413, 'body_too_large'],
    ['an unknown route', new NotFoundException('Cannot GET /v2'), 404, 'not_found'],
    ['a missing credential', new UnauthorizedException(), 401, 'http_401'],
    ['a forbidden read', new ForbiddenException({ code: 'auth.scope', message: 'not your jurisdiction' }), 403, 'auth.scope'],
  ])('%s -> %i %s', (_, exception, status, code) => {
    const answer = answerTo(exception);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: `urn:ledger:problem:${code}`, status, code, instance: '/v1/freezes/fz-1/releases' });
    expect(typeof answer.body?.title).toBe('string');
    expect(typeof answer.body?.detail).toBe('string');
  });

  it('lists the field of an invalid domain command, as for schema errors', () => {
    expect(answerTo(invalid('invalid_time', 'frozenAt is in the future', { field: 'frozenAt' })).body?.errors).toEqual([
      { field: 'frozenAt', message: 'frozenAt is in the future', code: 'invalid_time' },
    ]);
  });

  it("answers a store refusal that is the deployment's (access denied) with a logged 500, not a retryable 503", () => {
    const answer = answerTo(new EventStoreRefusedError('access_denied', 'EventStoreDB refused to read $all: Access Denied'));
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ status: 500, code: 'store.access_denied' });
    expect(logged).toHaveBeenCalled();
  });

  it('answers a bug with a bare 500: no message, no stack', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'revision') at /srv/ledger/dist/x.js:10");
    const answer = answerTo(bug);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      detail: 'the ledger failed unexpectedly; the error is logged',
      instance: '/v1/freezes/fz-1/releases',
      code: 'internal',
    });
    // ...while the operator gets the whole story in the log.
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('TypeError: Cannot read properties of undefined'), bug.stack);
  });

  it('does not log refusals of bad requests: they are the caller’s business', () => {
    answerTo(conflict('freeze.exceeds_held', 'more than held'));
    answerTo(new RequestValidationError([]));
    expect(logged).not.toHaveBeenCalled();
  });
});
