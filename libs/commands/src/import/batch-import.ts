import type { BatchItem } from '../command-outcome';
import type { CommandPipeline } from '../command-pipeline';
import type { LineFailure, ParsedLine } from './ndjson-line';

/** One input line after its form was checked. */
export interface SourceLine {
  /** 1-based line number (or position in the source). */
  readonly line: number;
  /** Bytes the line took in the input, newline included: progress against a file's size. */
  readonly bytes: number;
  /** null for a blank line: it counts towards bytes and numbering only. */
  readonly parsed: ParsedLine | null;
}

export interface ImportProgress {
  readonly lines: number;
  readonly bytes: number;
  readonly appended: number;
  readonly replayed: number;
  readonly events: number;
  readonly failedLines: number;
}

export interface ImportOptions {
  /** The principal the events are recorded for. */
  readonly actor: string;
  /** Lines per batch; a batch is appended whole or not at all. Default 500. */
  readonly batchSize?: number;
  /** A batch also ends once its lines hold this many bytes, so memory stays bounded whatever the lines weigh.
   *  Default MAX_IMPORT_BATCH_BYTES (16 MiB). */
  readonly maxBatchBytes?: number;
  /** After a failed batch: `stop` appending (default; later lines are still checked and reported) or `continue`. */
  readonly onFailure?: 'stop' | 'continue';
  /** How many failed lines the report lists (it always counts all). Default 1000. */
  readonly maxReportedFailures?: number;
  readonly correlationId?: string;
  /** Called after each batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * May lines carry `imported` (history from an earlier system, with its original recording time)? Default no: such a
   * line fails with `import.imported_not_allowed` and its batch appends nothing.
   */
  readonly allowImported?: boolean;
}

export interface ImportReport extends ImportProgress {
  /** True when every line was appended or replayed. */
  readonly ok: boolean;
  /** Batches handed to the pipeline. */
  readonly batches: number;
  /** The first `maxReportedFailures` failed lines, in line order. */
  readonly failed: readonly LineFailure[];
  /** Well-formed lines that were not appended: their batch, or an earlier one, failed. */
  readonly notAppended: number;
  /** Set when `onFailure: 'stop'` stopped appending: the first line of the batch that failed. */
  readonly stoppedAtLine?: number;
  /** Exactly which lines are in the log now (appended or replayed), as inclusive ranges of line numbers; blank
   *  lines between two such lines do not split a range. Every other non-blank line did not go in. */
  readonly linesInLog: readonly { readonly from: number; readonly to: number }[];
}

export const DEFAULT_IMPORT_BATCH_SIZE = 500;
/** 500 lines of 1 MiB would be half a gigabyte of text before the first append: a batch ends at 16 MiB too. */
export const MAX_IMPORT_BATCH_BYTES = 16 * 1024 * 1024;

/** The one pipeline method an import needs; a fake in tests, the real CommandPipeline elsewhere. */
export type BatchExecutor = Pick<CommandPipeline, 'executeBatch'>;

/**
 * Feeds checked lines through the command pipeline in batches of `batchSize` consecutive lines. A batch with
 * a malformed line, or one the pipeline refuses, appends nothing; the report names each failed line and why.
 * Holds one batch in memory at a time, whatever the size of the input.
 */
export async function importLines(
  source: AsyncIterable<SourceLine> | Iterable<SourceLine>,
  pipeline: BatchExecutor,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number >= 1, got ${batchSize}`);
  const maxReported = options.maxReportedFailures ?? 1000;
  const failed: LineFailure[] = [];
  const totals = { lines: 0, bytes: 0, appended: 0, replayed: 0, events: 0, failedLines: 0, batches: 0, notAppended: 0 };
  let stoppedAtLine: number | undefined;
  let batch: { line: number; item?: BatchItem }[] = [];
  let batchMalformed = false;
  let batchBytes = 0;
  const maxBatchBytes = options.maxBatchBytes ?? MAX_IMPORT_BATCH_BYTES;
  const linesInLog: { from: number; to: number }[] = [];
  let previousLineInLog = false;
  /** Records, in line order, whether each non-blank line of a flushed batch went in. */
  const mark = (line: number, inLog: boolean): void => {
    if (inLog && previousLineInLog) linesInLog[linesInLog.length - 1].to = line;
    else if (inLog) linesInLog.push({ from: line, to: line });
    previousLineInLog = inLog;
  };

  const fail = (line: number, code: string, message: string): void => {
    totals.failedLines++;
    if (failed.length < maxReported) failed.push({ line, code, message });
  };
  /** A batch that failed stops the appending unless the caller asked to continue. */
  const batchFailed = (firstLine: number): void => {
    if (options.onFailure !== 'continue') stoppedAtLine ??= firstLine;
  };

  const flush = async (): Promise<void> => {
    const lines = batch;
    const malformed = batchMalformed;
    batch = [];
    batchMalformed = false;
    batchBytes = 0;
    if (lines.length === 0) return;
    const valid = lines.filter((l): l is { line: number; item: BatchItem } => l.item !== undefined);
    if (stoppedAtLine !== undefined || malformed) {
      for (const l of lines) mark(l.line, false);
      totals.notAppended += valid.length;
      if (malformed) batchFailed(lines[0].line);
      return;
    }
    if (valid.length === 0) return;
    totals.batches++;
    let outcome: Awaited<ReturnType<BatchExecutor['executeBatch']>>;
    try {
      outcome = await pipeline.executeBatch(valid.map((l) => l.item));
    } catch (error) {
      // The store or the pipeline gave up on the whole batch (e.g. a concurrency storm): every line of it failed.
      for (const l of valid) fail(l.line, codeOf(error), (error as Error).message);
      for (const l of valid) mark(l.line, false);
      batchFailed(lines[0].line);
      return;
    }
    const outcomes = outcome.ok ? outcome.outcomes : outcome.appended;
    // Outcomes come in item order and a failed batch's are a prefix: the items before its failure.
    valid.forEach((l, i) => mark(l.line, i < outcomes.length));
    for (const o of outcomes) {
      if (o.replayed) totals.replayed++;
      else {
        totals.appended++;
        totals.events += o.events.length;
      }
    }
    if (!outcome.ok) {
      const failedIndexes = new Set(outcome.failures.map((f) => f.index));
      for (const f of outcome.failures) fail(valid[f.index].line, codeOf(f.error), f.error.message);
      totals.notAppended += valid.length - outcomes.length - failedIndexes.size;
      batchFailed(lines[0].line);
    }
  };

  for await (const { line, bytes, parsed } of source) {
    totals.bytes += bytes;
    if (parsed === null) continue;
    batchBytes += bytes;
    totals.lines++;
    if (parsed.ok && parsed.value.imported !== undefined && !options.allowImported) {
      fail(
        line,
        'import.imported_not_allowed',
        'this import may not carry imported recording times: that needs a credential allowed to import history (a service key granted "history"; ledger import --history)',
      );
      batch.push({ line });
      batchMalformed = true;
    } else if (parsed.ok) {
      const { command, idempotencyKey, imported } = parsed.value;
      batch.push({
        line,
        item: {
          command,
          options: { actor: options.actor, idempotencyKey, correlationId: options.correlationId, ...(imported && { imported }) },
        },
      });
    } else {
      fail(line, parsed.code, parsed.message);
      batch.push({ line });
      batchMalformed = true;
    }
    if (batch.length >= batchSize || batchBytes >= maxBatchBytes) {
      await flush();
      options.onProgress?.(progressOf(totals));
    }
  }
  await flush();
  options.onProgress?.(progressOf(totals));

  const { batches, notAppended, ...progress } = totals;
  return {
    ok: totals.failedLines === 0 && notAppended === 0,
    ...progress,
    batches,
    failed,
    notAppended,
    ...(stoppedAtLine !== undefined ? { stoppedAtLine } : {}),
    linesInLog,
  };
}

function progressOf(totals: ImportProgress): ImportProgress {
  const { lines, bytes, appended, replayed, events, failedLines } = totals;
  return { lines, bytes, appended, replayed, events, failedLines };
}

/** Domain and pipeline errors carry a stable `code`; anything else is named by its class. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.length > 0) return code;
  return error instanceof Error ? error.name : 'error';
}
