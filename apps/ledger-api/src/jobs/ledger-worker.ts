import type { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { DomainError } from '@ledger/domain';
import type {
  LedgerWorkerData,
  RestatementsCall,
  SerialisedRestatementsPage,
  WorkerMessage,
  WorkerRequest,
} from './ledger-worker.protocol';
import { startThread } from '../threads/start-thread';

const RESTART_DELAY_MS = 1000;
/** A stop that takes longer than this is logged; one that takes longer than STUCK_STOP_MS ends the thread. */
const SLOW_STOP_MS = 5_000;
const STUCK_STOP_MS = 60_000;

export interface LedgerWorkerHandlers {
  /** Every message but replies (progress, results, the continuous verifier's position, ready). */
  onMessage(message: Exclude<WorkerMessage, { kind: 'reply' }>): void;
  /** The thread ended without being asked to (it is restarted after a pause). */
  onExit(reason: string): void;
}

/**
 * The API side of the ledger worker thread: starts it, sends it work, routes its answers, and starts it again if
 * it dies. Calls sent to a thread that died are refused, never left waiting.
 */
export class LedgerWorker {
  private worker: Worker | undefined;
  private nextCallId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly logger = new Logger('LedgerWorker');

  constructor(
    private readonly data: LedgerWorkerData,
    private readonly handlers: LedgerWorkerHandlers,
  ) {}

  start(): void {
    const worker = startThread(__filename, 'ledger-worker.main', this.data);
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.ended(worker, `the ledger worker failed: ${error.message}`));
    worker.on('exit', (code) => this.ended(worker, `the ledger worker exited with code ${code}`));
    this.worker = worker;
  }

  verify(jobId: string): void {
    this.send({ kind: 'verify', jobId });
  }

  /** Asks the continuous verifier to look for new leaves now. */
  wake(): void {
    if (this.worker !== undefined) this.worker.postMessage({ kind: 'wake' } satisfies WorkerRequest);
  }

  /** The Merkle leaf index of an event, null when no leaf has it. */
  eventLeaf(eventId: string): Promise<number | null> {
    return this.call<number | null>({ method: 'eventLeaf', eventId });
  }

  restatements(args: RestatementsCall): Promise<SerialisedRestatementsPage> {
    return this.call<SerialisedRestatementsPage>({ method: 'restatements', args });
  }

  /** Stops the thread; resolves with its exit code (0: it closed its stores and ended itself), undefined if none ran. */
  async stop(): Promise<number | undefined> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker === undefined) return undefined;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    worker.postMessage({ kind: 'stop' } satisfies WorkerRequest);
    // The thread ends itself once its step is done. It is not ended from outside on a short pause: a thread ended
    // while inside better-sqlite3 (waiting on a lock, say) aborts the whole process, as the addon cannot throw into
    // a terminating isolate. Every SQLite call of the thread gives up within its busy timeout, so only a thread
    // stuck far longer than that is ended, as the last resort.
    const slow = setTimeout(() => this.logger.warn(`the ledger worker is still finishing its step after ${SLOW_STOP_MS} ms`), SLOW_STOP_MS);
    const stuck = setTimeout(() => {
      this.logger.error(`the ledger worker did not stop within ${STUCK_STOP_MS} ms: ending it`);
      void worker.terminate();
    }, STUCK_STOP_MS);
    const code = await exited;
    clearTimeout(slow);
    clearTimeout(stuck);
    return code;
  }

  private call<T>(request: { method: 'eventLeaf'; eventId: string } | { method: 'restatements'; args: RestatementsCall }): Promise<T> {
    const id = this.nextCallId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.send({ kind: 'call', id, ...request } as WorkerRequest);
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  private send(request: WorkerRequest): void {
    if (this.worker === undefined) throw new Error('the ledger worker is not running (it restarts shortly)');
    this.worker.postMessage(request);
  }

  private receive(message: WorkerMessage): void {
    if (message.kind !== 'reply') return this.handlers.onMessage(message);
    const waiting = this.pending.get(message.id);
    if (waiting === undefined) return;
    this.pending.delete(message.id);
    if (message.error === undefined) return waiting.resolve(message.value);
    const { kind, code, message: text, details } = message.error;
    waiting.reject(kind !== undefined && code !== undefined ? new DomainError(kind, code, text, details) : new Error(text));
  }

  private ended(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(new Error(reason));
    this.pending.clear();
    if (this.stopping) return;
    this.handlers.onExit(reason);
    this.restartTimer = setTimeout(() => this.start(), RESTART_DELAY_MS);
    this.restartTimer.unref();
  }
}
