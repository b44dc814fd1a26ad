import { importLines, type BatchExecutor, type ImportProgress, type ImportReport, type SourceLine } from '@ledger/commands/import';
import { routeCommand, type LedgerCommand } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { generateDemoHistory, type DemoCommand, type DemoHistoryOptions } from './demo-history';

/** Everyone's demo events are recorded for this principal; idempotency keys are scoped to it. */
export const DEMO_ACTOR = 'service:demo-seeder';
export const DEFAULT_DEMO_BATCH_SIZE = 1000;

export interface SeedProgress extends ImportProgress {
  /** Business time of the last command handed to the pipeline (or recognised as already stored). */
  readonly occurredAt?: string;
}

export interface SeedDemoOptions extends DemoHistoryOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
  /**
   * The store the pipeline writes to. When given, a re-run recognises the batches already stored with one
   * stream read each and skips them, instead of re-deciding every command to find it was a replay.
   */
  readonly store?: Pick<EventStore, 'readStream'>;
}

/**
 * Feeds the demo history through the command side in atomic batches. Every command carries its deterministic
 * key, so seeding the same data dir again replays instead of appending: nothing is duplicated.
 */
export async function seedDemoHistory(pipeline: BatchExecutor, options: SeedDemoOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_DEMO_BATCH_SIZE;
  const history = generateDemoHistory(options);
  let occurredAt: string | undefined;

  // The demo appends in history order, batch after batch, so what is stored is always a prefix of the history:
  // when a chunk's last command is stored, the whole chunk is.
  let skipped = 0;
  let resumeWith: DemoCommand[] = [];
  if (options.store !== undefined) {
    for (;;) {
      const chunk = take(history, batchSize);
      if (chunk.length === 0 || !(await isStored(options.store, chunk[chunk.length - 1]))) {
        resumeWith = chunk;
        break;
      }
      skipped += chunk.length;
      occurredAt = chunk[chunk.length - 1].occurredAt;
      options.onProgress?.({ lines: skipped, bytes: 0, appended: 0, replayed: skipped, events: 0, failedLines: 0, occurredAt });
    }
  }

  function* lines(): Generator<SourceLine> {
    for (const items of [resumeWith, history]) {
      for (const item of items) {
        occurredAt = item.occurredAt;
        yield {
          line: item.seq + 1,
          bytes: 0,
          parsed: { ok: true, value: { command: item.command, idempotencyKey: item.idempotencyKey, imported: item.imported } },
        };
      }
    }
  }
  const report = await importLines(lines(), pipeline, {
    actor: DEMO_ACTOR,
    batchSize,
    // The demo is history from an earlier system: each record keeps the time it was first recorded.
    allowImported: true,
    onProgress: (progress) =>
      options.onProgress?.({ ...progress, lines: progress.lines + skipped, replayed: progress.replayed + skipped, occurredAt }),
  });
  return { ...report, lines: report.lines + skipped, replayed: report.replayed + skipped };
}

function take<T>(iterator: Iterator<T>, count: number): T[] {
  const items: T[] = [];
  while (items.length < count) {
    const next = iterator.next();
    if (next.done) break;
    items.push(next.value);
  }
  return items;
}

async function isStored(store: Pick<EventStore, 'readStream'>, item: DemoCommand): Promise<boolean> {
  const { stream } = routeCommand({ ...item.command, context: { now: item.occurredAt, actor: DEMO_ACTOR } } as LedgerCommand);
  const events = await store.readStream(stream);
  return events.some((event) => event.metadata.commandId === item.idempotencyKey && event.metadata.actor === DEMO_ACTOR);
}
