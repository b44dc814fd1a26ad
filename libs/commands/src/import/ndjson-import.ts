import { Readable } from 'node:stream';
import { importLines, type BatchExecutor, type ImportOptions, type ImportReport, type SourceLine } from './batch-import';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { parseImportLine } from './ndjson-line';

/**
 * Longest line accepted, in bytes (UTF-8, newline excluded). The reader refuses a line as soon as it passes this,
 * before holding more of it: memory per import stays about one line plus one batch, whatever a caller sends.
 */
export const MAX_IMPORT_LINE_BYTES = 1024 * 1024;

/** Code of the failure a line over the byte cap gets; the import stops reading there. */
export const LINE_TOO_LONG = 'import.line_too_long';

export type NdjsonInput = string | Buffer | Readable | AsyncIterable<string | Buffer>;

export interface NdjsonReadOptions {
  /** Byte cap per line; default MAX_IMPORT_LINE_BYTES. */
  readonly maxLineBytes?: number;
}

/**
 * Bulk intake: NDJSON commands, one per line, checked and appended in all-or-nothing batches.
 * `text` may be the whole body (HTTP) or a stream (a file): a stream is read line by line, never whole.
 */
export function importNdjson(
  input: NdjsonInput,
  pipeline: BatchExecutor,
  options: ImportOptions & NdjsonReadOptions,
): Promise<ImportReport> {
  return importLines(ndjsonLines(input, options), pipeline, options);
}

/**
 * The lines of an NDJSON input with their line numbers, each checked for form. A line over the byte cap is the last
 * one read: it is reported as `import.line_too_long` and the rest of the input is left unread.
 */
export async function* ndjsonLines(input: NdjsonInput, options: NdjsonReadOptions = {}): AsyncGenerator<SourceLine> {
  const maxLineBytes = options.maxLineBytes ?? MAX_IMPORT_LINE_BYTES;
  let number = 0;
  for await (const piece of splitLines(input, maxLineBytes)) {
    number++;
    if (piece.tooLong) {
      yield {
        line: number,
        bytes: piece.bytes,
        parsed: {
          ok: false,
          code: LINE_TOO_LONG,
          message: `line ${number} is longer than ${maxLineBytes} bytes; nothing from it on was read`,
        },
      };
      return;
    }
    const raw = piece.text;
    const bytes = piece.bytes;
    const text = (number === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (text.trim().length === 0) {
      yield { line: number, bytes, parsed: null };
      continue;
    }
    if (nestsDeeperThan(text)) {
      yield {
        line: number,
        bytes,
        parsed: { ok: false, code: 'import.too_deep', message: `line ${number} nests JSON deeper than ${MAX_JSON_DEPTH} levels` },
      };
      continue;
    }
    yield { line: number, bytes, parsed: parseImportLine(text) };
  }
}

type LinePiece =
  { readonly tooLong: false; readonly text: string; readonly bytes: number } | { readonly tooLong: true; readonly bytes: number };

const NEWLINE = 0x0a;

/**
 * Splits bytes on `\n` without ever holding more than `maxLineBytes` of one line (readline would buffer a whole
 * line, however long, before anyone could look at its length). Bytes counts include the newline.
 */
export async function* splitLines(input: NdjsonInput, maxLineBytes: number): AsyncGenerator<LinePiece> {
  const chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer> =
    typeof input === 'string' || Buffer.isBuffer(input) ? [input] : input instanceof Readable ? input : input;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (tail: Buffer): Buffer => {
    const whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    return whole;
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start < bytes.length) {
      const end = bytes.indexOf(NEWLINE, start);
      const segmentEnd = end < 0 ? bytes.length : end;
      if (pendingBytes + (segmentEnd - start) > maxLineBytes) {
        yield { tooLong: true, bytes: pendingBytes + (segmentEnd - start) + (end < 0 ? 0 : 1) };
        return;
      }
      if (end < 0) {
        // Copied: a stream may reuse its chunk's memory, and a slice would pin the whole chunk.
        pending.push(Buffer.from(bytes.subarray(start)));
        pendingBytes += bytes.length - start;
        break;
      }
      const line = take(bytes.subarray(start, end));
      yield { tooLong: false, text: line.toString('utf8'), bytes: line.length + 1 };
      start = end + 1;
    }
  }
  if (pendingBytes > 0) {
    const line = take(Buffer.alloc(0));
    yield { tooLong: false, text: line.toString('utf8'), bytes: line.length };
  }
}
