import type { Worker } from 'node:worker_threads';
import type { Projector, ProjectorStatus } from '@ledger/figures';
import { startThread } from '../threads/start-thread';
import type { ProjectorThreadData, ProjectorThreadMessage, ProjectorThreadRequest, ThreadError } from './projector-thread.protocol';

/** What the API's projector service drives: the in-process Projector, or a ProjectorThread. */
export type ProjectorHandle = Pick<Projector, 'status' | 'position' | 'prepare' | 'run'>;

function errorOf(error: ThreadError): Error {
  return Object.assign(new Error(error.message), {
    name: error.name,
    ...(error.code !== undefined && { code: error.code }),
    ...(error.position !== undefined && { position: error.position }),
  });
}

/**
 * A projector on a thread of its own (LEDGER_PROJECTOR=thread): `prepare` starts the thread, which opens the stores
 * the config names and builds the figures; `run` projects live until the signal aborts, and rejects with what
 * stopped it. Status and position are the thread's, as it last reported them. One thread per handle, run once.
 */
export class ProjectorThread implements ProjectorHandle {
  private worker?: Worker;
  private currentStatus: ProjectorStatus = { state: 'idle' };
  private reachedPosition = 0;
  private failure?: Error;
  private readonly listeners = new Set<(message: ProjectorThreadMessage | { kind: 'exit'; code: number }) => void>();

  constructor(private readonly data: ProjectorThreadData) {}

  get status(): ProjectorStatus {
    return this.currentStatus;
  }

  position(): number {
    return this.reachedPosition;
  }

  async prepare(): Promise<void> {
    if (this.worker !== undefined) throw new Error('the projector thread has started already');
    const worker = startThread(__filename, 'projector-thread.main', this.data);
    // Kept alive while it projects, as a promise of its run is: it ends itself once stopped.
    worker.ref();
    this.worker = worker;
    worker.on('message', (message: ProjectorThreadMessage) => this.receive(message));
    worker.on('error', (error) => this.fail({ name: error.name, message: `the projector thread failed: ${error.message}` }));
    worker.on('exit', (code) => {
      if (code !== 0 && this.failure === undefined) this.fail({ name: 'Error', message: `the projector thread exited with code ${code}` });
      for (const listener of this.listeners) listener({ kind: 'exit', code });
    });
    await this.until((message) => {
      if (message.kind === 'prepared') return true;
      if (message.kind === 'exit') throw this.failure ?? new Error('the projector thread ended before it prepared');
      return false;
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.worker === undefined) await this.prepare();
    const worker = this.worker!;
    const stop = () => worker.postMessage({ kind: 'stop' } satisfies ProjectorThreadRequest);
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (signal.aborted) stop();
      else worker.postMessage({ kind: 'run' } satisfies ProjectorThreadRequest);
      // Ends when the thread has closed its stores and exited: a stop resolves, anything else rejects.
      await this.until((message) => {
        if (message.kind !== 'exit') return false;
        if (this.failure !== undefined) throw this.failure;
        if (!signal.aborted) throw new Error('the projector thread ended without being stopped');
        return true;
      });
      this.currentStatus = { state: 'idle' };
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  private receive(message: ProjectorThreadMessage): void {
    switch (message.kind) {
      case 'status':
        this.currentStatus = { state: message.state };
        this.reachedPosition = message.position;
        break;
      case 'prepared':
      case 'ended':
        this.reachedPosition = message.position;
        break;
      case 'failed':
        this.fail(message.error);
        break;
    }
    for (const listener of this.listeners) listener(message);
  }

  private fail(error: ThreadError): void {
    if (this.failure !== undefined) return;
    this.failure = errorOf(error);
    this.currentStatus = { state: 'failed', error: this.failure };
  }

  /** Resolves once `done` returns true for a message (or the thread's exit); rejects with what it throws. */
  private until(done: (message: ProjectorThreadMessage | { kind: 'exit'; code: number }) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const listener = (message: ProjectorThreadMessage | { kind: 'exit'; code: number }) => {
        try {
          if (!done(message)) return;
          this.listeners.delete(listener);
          resolve();
        } catch (error) {
          this.listeners.delete(listener);
          reject(error as Error);
        }
      };
      this.listeners.add(listener);
    });
  }
}
