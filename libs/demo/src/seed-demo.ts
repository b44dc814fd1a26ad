import { importLines, type BatchExecutor, type ImportProgress, type ImportReport, type SourceLine } from '@ledger/commands/import';
import { generateDemoHistory, type DemoHistoryOptions } from './demo-history';

/** Everyone's demo events are recorded for this principal; idempotency keys are scoped to it. */
export const DEMO_ACTOR = 'service:demo-seeder';
export const DEFAULT_DEMO_BATCH_SIZE = 1000;

export interface SeedProgress extends ImportProgress {
  /** Business time of the last command handed to the pipeline. */
  readonly occurredAt?: string;
}

export interface SeedDemoOptions extends DemoHistoryOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
}

/**
 * Feeds the demo history through the command side in atomic batches. Every command carries its deterministic
 * key, so seeding the same data dir again replays instead of appending: nothing is duplicated.
 */
export async function seedDemoHistory(pipeline: BatchExecutor, options: SeedDemoOptions = {}): Promise<ImportReport> {
  let occurredAt: string | undefined;
  function* lines(): Generator<SourceLine> {
    for (const item of generateDemoHistory(options)) {
      occurredAt = item.occurredAt;
      yield { line: item.seq + 1, bytes: 0, parsed: { ok: true, value: { command: item.command, idempotencyKey: item.idempotencyKey } } };
    }
  }
  return importLines(lines(), pipeline, {
    actor: DEMO_ACTOR,
    batchSize: options.batchSize ?? DEFAULT_DEMO_BATCH_SIZE,
    onProgress: (progress) => options.onProgress?.({ ...progress, occurredAt }),
  });
}
