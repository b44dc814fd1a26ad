import type { Server } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Lifecycle } from './lifecycle';

export interface GracefulShutdownOptions {
  /** How long in-flight requests get to finish; the whole shutdown stays under 10 s. */
  readonly drainTimeoutMs: number;
  readonly logger: LoggerService;
  /** Closed after the app (the metrics server, the tracer). */
  readonly alsoClose?: readonly (() => Promise<unknown>)[];
  /** Called with the exit code; default process.exit. */
  readonly exit?: (code: number) => void;
}

/** A stuck close still ends the process: past this, exit 1. */
const HARD_DEADLINE_MS = 9_500;
/** No request for this long after the drain began: what was queued has been answered. */
const QUIET_MS = 150;

/**
 * SIGTERM and SIGINT, in order: stop accepting (readiness fails, new requests get 503 and the listener closes),
 * let in-flight requests finish (each answers; none is cut), then close the app: the projector stops at a
 * checkpoint and the stores close, the event store committing its pending group commit first. Exits 0.
 */
export function installGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const deadline = setTimeout(() => {
      options.logger.error(`shutdown did not finish within ${HARD_DEADLINE_MS} ms; exiting`);
      exit(1);
    }, HARD_DEADLINE_MS);
    deadline.unref();
    shutDown(app, signal, options).then(
      () => exit(0),
      (error: Error) => {
        options.logger.error(`shutdown failed: ${error.message}`, error.stack);
        exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

async function shutDown(app: INestApplication, signal: string, options: GracefulShutdownOptions): Promise<void> {
  const lifecycle = app.get(Lifecycle);
  const server = app.getHttpServer() as Server;
  lifecycle.startDraining();
  options.logger.log(`${signal}: draining ${lifecycle.requestsInFlight} request(s) in flight`);
  // The listener stays open until it is quiet: closing it would reset the connections still in its accept queue.
  // Meanwhile new requests are answered 503 with Connection: close, and in-flight ones finish.
  const quiet = await lifecycle.whenQuiet(QUIET_MS, options.drainTimeoutMs);
  if (!quiet)
    options.logger.warn(`${lifecycle.requestsInFlight} request(s) still running after ${options.drainTimeoutMs} ms; closing anyway`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 200))]);
  await app.close();
  for (const close of options.alsoClose ?? []) await close();
  options.logger.log('stopped');
}
