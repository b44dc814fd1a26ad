/** A lease held by this process: work under it stops when `lost` aborts (connection dropped, lease taken over). */
export interface Lease {
  readonly name: string;
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** Who may run the one projector and the one tree-head signer of a ledger. */
export interface LeaseStore {
  /** The lease, if nobody else holds it; never waits. */
  tryAcquire(name: string): Promise<Lease | undefined>;
}

/** Leases the ledger's processes take (the API with LEDGER_PROJECTOR=in-process and `ledger project` alike). */
export const LEASES = { projector: 'figures-projector', treeHeads: 'tree-head-signer' } as const;

export interface RunUnderLeaseOptions {
  /** How often a waiting process tries again (default 1000 ms): the longest a take-over waits after a holder dies. */
  readonly retryMs?: number;
  readonly onWaiting?: () => void;
  readonly onAcquired?: () => void;
  readonly onLost?: () => void;
}

/**
 * Runs `work` only while this process holds the lease `name`: waits for it, runs, and when the lease is lost stops
 * the work (its signal aborts) and waits again, so another process takes over within `retryMs` of a holder's death.
 * Resolves when `signal` aborts; rejects with the work's own error (after releasing the lease).
 */
export async function runUnderLease(
  leases: LeaseStore,
  name: string,
  signal: AbortSignal,
  work: (signal: AbortSignal) => Promise<void>,
  options: RunUnderLeaseOptions = {},
): Promise<void> {
  const retryMs = options.retryMs ?? 1000;
  let waitingSaid = false;
  while (!signal.aborted) {
    let lease: Lease | undefined;
    try {
      lease = await leases.tryAcquire(name);
    } catch {
      lease = undefined; // the store is unreachable: as good as held by someone else; try again
    }
    if (lease === undefined) {
      if (!waitingSaid) options.onWaiting?.();
      waitingSaid = true;
      await pause(retryMs, signal);
      continue;
    }
    waitingSaid = false;
    options.onAcquired?.();
    try {
      await work(AbortSignal.any([signal, lease.lost]));
    } finally {
      await lease.release().catch(() => undefined);
    }
    if (signal.aborted) return;
    if (!lease.lost.aborted) return;
    options.onLost?.();
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
