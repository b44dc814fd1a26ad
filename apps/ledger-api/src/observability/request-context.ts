import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line of one request carries. Mutable: the correlation id is known only once the command is read. */
export interface RequestContext {
  readonly requestId: string;
  correlationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming X-Request-Id is kept when it is a plain token (so it cannot smuggle text into logs); otherwise one is made. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}

export function runInRequestContext<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

/** The context of the request being served, if any (log lines outside a request have none). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
