import type { LedgerCommand } from '@ledger/domain';
import type { AppendRequest } from '@ledger/event-store';

/** What goes into the command pipeline and what comes out of it: commands, their options, outcomes and batches. */

/** A command as callers send it: the domain command without its context (the pipeline adds time and actor). */
export type CommandInput = LedgerCommand extends infer C ? (C extends LedgerCommand ? Pick<C, 'type' | 'data'> : never) : never;

export interface ExecuteOptions {
  /** Authenticated principal; recorded as the events' actor. */
  readonly actor: string;
  /** Makes the command safe to retry: scoped to the actor; becomes the events' commandId. */
  readonly idempotencyKey?: string;
  /** Hash of the request as received; defaults to the SHA-256 of the canonical command. */
  readonly requestHash?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /**
   * History brought over from an earlier system: where it comes from and when that system recorded it. Stored as
   * `metadata.imported` (the ledger's own recordedAt is never backdated); accepted from imports only, for callers
   * allowed to import history. The pipeline checks the instant and stores it in the canonical UTC form.
   */
  readonly imported?: ImportedRecord;
}

/** Where a record imported from an earlier system comes from and when that system recorded it (ISO instant). */
export interface ImportedRecord {
  readonly source: string;
  readonly recordedAt: string;
}

export interface AppendedEventRef {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
}

export interface CommandOutcome {
  readonly commandId: string;
  readonly stream: string;
  readonly events: readonly AppendedEventRef[];
  /** True when the idempotency key had already been executed: nothing was appended, the original answer is returned. */
  readonly replayed: boolean;
}

export interface BatchItem {
  readonly command: CommandInput;
  readonly options: ExecuteOptions;
}

export interface BatchFailure {
  /** Index of the item in the batch. */
  readonly index: number;
  readonly error: Error;
}

export type BatchOutcome =
  | { readonly ok: true; readonly outcomes: readonly CommandOutcome[] }
  | {
      readonly ok: false;
      readonly failures: readonly BatchFailure[];
      /** What went in before the failure: empty on an atomic store, where a refused batch appends nothing. */
      readonly appended: readonly CommandOutcome[];
    };

export interface PipelineOptions {
  /** How many times a command is re-read and re-decided after losing an optimistic-concurrency race. */
  readonly maxConflictRetries?: number;
  /** Told about every durable append (metrics); must not throw. */
  readonly observer?: PipelineObserver;
}

export interface PipelineObserver {
  appended(requests: readonly AppendRequest[], seconds: number): void;
}
