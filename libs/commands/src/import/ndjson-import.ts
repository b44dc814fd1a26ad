import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { importLines, type BatchExecutor, type ImportOptions, type ImportReport, type SourceLine } from './batch-import';
import { parseImportLine } from './ndjson-line';

/** Longest line accepted (characters); longer ones are reported, not parsed. */
export const MAX_IMPORT_LINE_LENGTH = 1_000_000;

export type NdjsonInput = string | Buffer | Readable | AsyncIterable<string | Buffer>;

/**
 * Bulk intake: NDJSON commands, one per line, checked and appended in all-or-nothing batches.
 * `text` may be the whole body (HTTP) or a stream (a file): a stream is read line by line, never whole.
 */
export function importNdjson(input: NdjsonInput, pipeline: BatchExecutor, options: ImportOptions): Promise<ImportReport> {
  return importLines(ndjsonLines(input), pipeline, options);
}

/** The non-blank lines of an NDJSON input with their line numbers, each checked for form. */
export async function* ndjsonLines(input: NdjsonInput): AsyncGenerator<SourceLine> {
  let number = 0;
  for await (const raw of rawLines(input)) {
    number++;
    const bytes = Buffer.byteLength(raw, 'utf8') + 1;
    const text = (number === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (text.trim().length === 0) {
      yield { line: number, bytes, parsed: null };
      continue;
    }
    const parsed =
      text.length > MAX_IMPORT_LINE_LENGTH
        ? ({ ok: false, code: 'import.line_too_long', message: `line is ${text.length} characters; at most ${MAX_IMPORT_LINE_LENGTH} are accepted` } as const)
        : parseImportLine(text);
    yield { line: number, bytes, parsed };
  }
}

function rawLines(input: NdjsonInput): AsyncIterable<string> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) return splitText(input.toString());
  const stream = input instanceof Readable ? input : Readable.from(input);
  return createInterface({ input: stream, crlfDelay: Infinity });
}

async function* splitText(text: string): AsyncGenerator<string> {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0) {
      yield text.slice(start);
      return;
    }
    yield text.slice(start, end);
    start = end + 1;
  }
}
