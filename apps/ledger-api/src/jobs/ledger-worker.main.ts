import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { auditFileOf, EventLeafIndex, openAuditLog, readGlobalLog } from '@ledger/audit';
import { systemClock } from '@ledger/commands';
import { DomainError } from '@ledger/domain';
import { openSharedStore, resolveLedgerSecrets } from '@ledger/shared-store';
import type { FigureService, FigureStore } from '@ledger/figures';
import { openEventStore } from '../store/event-store.provider';
import { LedgerVerifier } from './ledger-verifier';
import type { LedgerWorkerData, WorkerError, WorkerMessage, WorkerRequest } from './ledger-worker.protocol';
import type { RestatementsCache } from './restatements-pages';

/** The event id -> leaf index file in the data dir (derived data: deleting it only costs a refill). */
export const EVENT_INDEX_FILENAME = 'audit-event-index.sqlite';
/** How far past the indexed leaves a lookup by event id reads the log (the tail the verifier has not reached). */
const TAIL_SCAN_LIMIT = 20_000;

/**
 * The ledger worker: a thread of the API process with its own connections to the event store, the audit log and
 * (on first use) the figure store. It runs the full verifications, the continuous verifier, restatements and event
 * id lookups, so none of that work runs on the request loop.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('ledger-worker.main runs as a worker thread');
  const { config, followIntervalMs, sweepPerSecond } = workerData as LedgerWorkerData;
  let closed = false;
  // After stop, work still finishing (a full pass reading closed connections) has nobody to tell.
  const post = (message: WorkerMessage) => {
    if (!closed) port.postMessage(message);
  };
  // Requests sent while the stores open (a stop among them) wait here and are handled, in order, once they are open.
  const early: WorkerRequest[] = [];
  const hold = (request: WorkerRequest) => void early.push(request);
  port.on('message', hold);
  const events = openEventStore(config, systemClock);
  // Signed heads and the signing key come from the shared store, as in the API: several instances check one set of heads.
  const shared = await openSharedStore(config, () => new Date().toISOString());
  const secrets = await resolveLedgerSecrets(config, shared);
  const audit = openAuditLog(auditFileOf(config), secrets.signingKey, shared.treeHeads);
  const index = EventLeafIndex.open(join(config.dataDir, EVENT_INDEX_FILENAME));
  const verifier = new LedgerVerifier(events, audit.audit, index);
  // Restatements need the figures lib: loaded on first use, so a worker that only verifies starts faster.
  let figures: Promise<{ service: FigureService; store: FigureStore; restatements: RestatementsCache }> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  let wakeRequested = false;

  // The sweep's budget grows with the time passed (a wake does not buy more re-reads), at most two intervals' worth.
  let sweptAt = Date.now();
  const sweepBudget = () => {
    const now = Date.now();
    const budget = Math.floor((Math.min(now - sweptAt, 2 * followIntervalMs) * sweepPerSecond) / 1000);
    if (budget > 0) sweptAt = now;
    return budget;
  };
  const follow = async () => {
    while (!stopping) {
      try {
        let position = await verifier.step();
        // New events first; then, at low priority and a bounded rate, events verified before (wrapping around).
        if (position?.ok === true && sweepPerSecond > 0) position = await verifier.sweep(sweepBudget());
        if (position !== undefined) post({ kind: 'verifier', position });
      } catch (error) {
        // A read that failed (e.g. the store busy) is no mismatch: the next step tries again; the age shows the wait.
        process.stderr.write(`continuous verifier: ${(error as Error).message}\n`);
      }
      if (wakeRequested) {
        wakeRequested = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, followIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  const eventLeaf = async (eventId: string): Promise<number | null> => {
    const hit = index.lookup(eventId);
    if (hit !== undefined && hit.leafIndex < audit.audit.treeSize && audit.audit.merkleLog.leaf(hit.leafIndex).position === hit.position)
      return hit.leafIndex;
    // Not indexed yet: the few leaves the verifier has not reached.
    const indexed = Math.min(index.indexed, audit.audit.treeSize);
    const treeSize = audit.audit.treeSize;
    if (indexed >= treeSize) return null;
    const after = indexed === 0 ? undefined : audit.audit.merkleLog.leaf(indexed - 1).position;
    let leafIndex = indexed;
    for await (const event of readGlobalLog(events, { ...(after !== undefined && { after }), pageSize: 1000 })) {
      if (leafIndex >= treeSize || leafIndex - indexed >= TAIL_SCAN_LIMIT) break;
      if (event.eventId === eventId) return leafIndex;
      leafIndex++;
    }
    return null;
  };

  const handle = (request: WorkerRequest) => {
    switch (request.kind) {
      case 'verify':
        void verifier
          .full((progress) => post({ kind: 'progress', jobId: request.jobId, ...progress }))
          .then(
            (report) => {
              post({ kind: 'verified', jobId: request.jobId, report });
              if (verifier.position !== undefined) post({ kind: 'verifier', position: verifier.position });
            },
            (error: Error) => post({ kind: 'verifyFailed', jobId: request.jobId, error: error.message }),
          );
        return;
      case 'call': {
        const work =
          request.method === 'eventLeaf'
            ? eventLeaf(request.eventId)
            : (async () => {
                figures ??= (async () => {
                  const { FigureService: Service } = await import('@ledger/figures');
                  const { configuredFigureStore } = await import('../figures/configured-figure-store');
                  const { RestatementsCache: Cache } = await import('./restatements-pages');
                  const store = configuredFigureStore(config);
                  return { store, service: new Service(events, store), restatements: new Cache() };
                })();
                const { service, store, restatements } = await figures;
                const { answersComputed, ...page } = await restatements.page(service, store, events, request.args);
                return { json: JSON.stringify(page), answersComputed };
              })();
        void work.then(
          (value) => post({ kind: 'reply', id: request.id, value }),
          (error: Error) => post({ kind: 'reply', id: request.id, error: asWorkerError(error) }),
        );
        return;
      }
      case 'wake':
        if (wake !== undefined) wake();
        else wakeRequested = true;
        return;
      case 'stop':
        stopping = true;
        wake?.();
        void (async () => {
          // The step under way ends before the connections close.
          await following;
          await (await figures?.catch(() => undefined))?.store.close();
          index.close();
          audit.close();
          await shared.close();
          await events.close();
          closed = true;
          // The thread ends itself, from JavaScript: never ended from outside while inside SQLite (ledger-worker.ts).
          process.exit(0);
        })();
        return;
    }
  };
  post({ kind: 'ready' });
  const following = follow();
  port.off('message', hold);
  port.on('message', handle);
  for (const request of early.splice(0)) handle(request);
}

function asWorkerError(error: Error): WorkerError {
  if (error instanceof DomainError) return { message: error.message, kind: error.kind, code: error.code, details: error.details };
  return { message: error.message };
}

void main().catch((error: Error) => {
  // Written at once (a worker's process.stderr is flushed through the main thread, after the exit below).
  writeSync(2, `ledger worker failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
