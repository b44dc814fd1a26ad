import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '@ledger/commands';
import { Projector } from '@ledger/figures';
import { openEventStore } from '../store/event-store.provider';
import { configuredFigureStore } from './configured-figure-store';
import type { ProjectorThreadData, ProjectorThreadMessage, ProjectorThreadRequest, ThreadError } from './projector-thread.protocol';

/** How often the thread tells the API its projector's state (only when it changed; positions also after each batch). */
const STATUS_INTERVAL_MS = 50;

function threadError(error: unknown): ThreadError {
  const { name, message, code, position } = error as Error & { code?: unknown; position?: unknown };
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof code === 'string' && { code }),
    ...(typeof position === 'number' && { position }),
  };
}

/**
 * The projector thread (LEDGER_PROJECTOR=thread): its own connections to the stores the config names, the figures
 * built (prepare) as soon as it starts, then projected live once the API says `run` (it holds the projector lease),
 * until it says `stop`. Every batch is committed on this thread, so the API's request loop never waits for one.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('projector-thread.main runs as a worker thread');
  const { config, pollIntervalMs, batchSize } = workerData as ProjectorThreadData;
  const post = (message: ProjectorThreadMessage) => port.postMessage(message);
  const stop = new AbortController();
  let runRequested = false;
  let requested: (() => void) | undefined;
  port.on('message', (request: ProjectorThreadRequest) => {
    if (request.kind === 'stop') stop.abort();
    else runRequested = true;
    requested?.();
  });
  const events = openEventStore(config, systemClock, undefined, { pollIntervalMs });
  const store = configuredFigureStore(config);
  let reported = '';
  // After each committed batch at once (the figures answer from there), and on every interval for state changes.
  const projector: Projector = new Projector(events, store, {
    ...(batchSize !== undefined && { batchSize }),
    onProgress: () => report(),
  });
  const report = () => {
    const { state } = projector.status;
    if (state === 'failed') return;
    const position = projector.position();
    if (`${state} ${position}` === reported) return;
    reported = `${state} ${position}`;
    post({ kind: 'status', state, position });
  };
  const reporting = setInterval(report, STATUS_INTERVAL_MS);
  try {
    await projector.prepare();
    post({ kind: 'prepared', position: projector.position() });
    // Told to run or to stop: the API runs only while it holds the projector lease.
    while (!runRequested && !stop.signal.aborted) await new Promise<void>((resolve) => (requested = resolve));
    if (!stop.signal.aborted) await projector.run(stop.signal);
    report();
    post({ kind: 'ended', position: projector.position() });
  } catch (error) {
    post({ kind: 'failed', error: threadError(error) });
  } finally {
    clearInterval(reporting);
    port.removeAllListeners('message');
    await store.close().catch(() => undefined);
    await events.close().catch(() => undefined);
  }
}

// The thread ends itself, from JavaScript, once its stores are closed: never ended from outside while inside SQLite
// (see ledger-worker.ts).
void main().then(
  () => process.exit(0),
  (error: unknown) => {
    parentPort?.postMessage({ kind: 'failed', error: threadError(error) } satisfies ProjectorThreadMessage);
    process.exit(1);
  },
);
