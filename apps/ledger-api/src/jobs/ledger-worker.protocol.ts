import type { VerifyReport } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';

/** What the API process hands the ledger worker when it starts it. */
export interface LedgerWorkerData {
  /** Copied into the thread (structured clone): LedgerConfig must stay plain data, no functions or class instances. */
  readonly config: LedgerConfig;
  /** How often the continuous verifier looks for new leaves of the Merkle log (ms). */
  readonly followIntervalMs: number;
  /** Events a second the background sweep re-verifies (0: no sweep). */
  readonly sweepPerSecond: number;
}

/** A full verification's report as the API serves it: the library's report and how fast it went. */
export type TimedVerifyReport = VerifyReport & { readonly seconds: number; readonly eventsPerSecond: number };

/** Where the continuous verifier stands: everything up to `treeSize` leaves (position `position`) checked. */
export interface VerifierPosition {
  readonly ok: boolean;
  readonly treeSize: number;
  readonly position: number | null;
  readonly streamsChecked: number;
  readonly treeHeadsChecked: number;
  readonly rootHash: string;
  /** When the worker last checked (ISO instant), whether or not new events had come. */
  readonly checkedAt: string;
  readonly firstMismatch?: VerifyReport['firstMismatch'];
}

/** Requests the API sends; each is answered by one `reply` with the same id. */
export type WorkerRequest =
  | { readonly kind: 'verify'; readonly jobId: string }
  | { readonly kind: 'call'; readonly id: number; readonly method: 'eventLeaf'; readonly eventId: string }
  | { readonly kind: 'call'; readonly id: number; readonly method: 'restatements'; readonly args: RestatementsCall }
  /** Look for new leaves now instead of at the next interval. */
  | { readonly kind: 'wake' }
  | { readonly kind: 'stop' };

export interface RestatementsCall {
  readonly figure: string;
  readonly query: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The caller's countries when it is limited to some (a regulator): nothing of other jurisdictions is shown. */
  readonly countries?: readonly string[];
  /** Restatements after this: a log position (the previous page's last), or for a scoped caller, whose list
   *  carries no positions, how many restatements came before. */
  readonly after?: number;
  readonly limit: number;
  readonly maxBytes: number;
}

export interface RestatementsPage {
  readonly figure: string;
  readonly version: number;
  readonly query: unknown;
  readonly knownAt: unknown;
  readonly restatements: readonly unknown[];
  /** Position to pass as `after` for the next page; null on the last page. */
  readonly next: number | null;
  /** Restatements in the whole answer (every page). */
  readonly total: number;
  /** Figure answers computed for this call (0 when the list was cached): what it cost. */
  readonly answersComputed: number;
}

/** A page as the worker sends it: already JSON (the page without answersComputed), so the loop only writes bytes. */
export interface SerialisedRestatementsPage {
  readonly json: string;
  readonly answersComputed: number;
}

/** What the worker sends back. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'progress';
      readonly jobId: string;
      readonly eventsChecked: number;
      readonly position: number | null;
      readonly of: number;
    }
  | { readonly kind: 'verified'; readonly jobId: string; readonly report: TimedVerifyReport }
  | { readonly kind: 'verifyFailed'; readonly jobId: string; readonly error: string }
  | { readonly kind: 'verifier'; readonly position: VerifierPosition }
  | { readonly kind: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: WorkerError };

/** An error thrown in the worker; a domain error keeps its kind, code and details so the API answers the same. */
export interface WorkerError {
  readonly message: string;
  readonly kind?: 'invalid' | 'not_found' | 'conflict';
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}
