import { LEDGER_COMMAND_TYPES } from '@ledger/domain';
import type { CommandInput, ImportedRecord } from '../command-outcome';

/**
 * One NDJSON line: `{"type": "RecordTrainingSession", "data": {...}, "idempotencyKey"?: "...", "imported"?: {...}}`.
 * `imported: {"source", "recordedAt"}` marks history brought over from an earlier system and when it recorded it.
 */
export interface ImportCommand {
  readonly command: CommandInput;
  readonly idempotencyKey?: string;
  readonly imported?: ImportedRecord;
}

export interface LineFailure {
  /** 1-based line number in the input. */
  readonly line: number;
  /** Stable code: `import.*` for the line's form, otherwise the domain's or pipeline's own code. */
  readonly code: string;
  readonly message: string;
}

export type ParsedLine =
  { readonly ok: true; readonly value: ImportCommand } | { readonly ok: false; readonly code: string; readonly message: string };

const KNOWN_TYPES: ReadonlySet<string> = new Set(LEDGER_COMMAND_TYPES);
const ALLOWED_FIELDS: ReadonlySet<string> = new Set(['type', 'data', 'idempotencyKey', 'imported']);
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Checks a line's form: JSON, an object with a known command type, an object `data` and an optional key.
 * What the data must hold is the domain's business: the pipeline's decide step checks it.
 */
export function parseImportLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'import.invalid_json', message: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'import.not_an_object', message: 'each line must be a JSON object {"type", "data", "idempotencyKey"?}' };
  }
  const record = value as Record<string, unknown>;
  const unknownFields = Object.keys(record).filter((k) => !ALLOWED_FIELDS.has(k));
  if (unknownFields.length > 0) {
    return {
      ok: false,
      code: 'import.unknown_field',
      message: `unknown field(s) ${unknownFields.join(', ')}; a line holds only type, data, idempotencyKey and imported`,
    };
  }
  if (typeof record.type !== 'string' || !KNOWN_TYPES.has(record.type)) {
    return {
      ok: false,
      code: 'import.unknown_type',
      message: `type must be one of ${LEDGER_COMMAND_TYPES.join(', ')}; got ${JSON.stringify(record.type) ?? 'nothing'}`,
    };
  }
  if (typeof record.data !== 'object' || record.data === null || Array.isArray(record.data)) {
    return { ok: false, code: 'import.missing_data', message: `data must be an object with the fields of ${record.type}` };
  }
  if (record.idempotencyKey !== undefined && (typeof record.idempotencyKey !== 'string' || !KEY_PATTERN.test(record.idempotencyKey))) {
    return {
      ok: false,
      code: 'import.invalid_idempotency_key',
      message: 'idempotencyKey must be 1-200 printable ASCII characters without spaces',
    };
  }
  const imported = record.imported === undefined ? undefined : importedRecord(record.imported);
  if (imported === null) {
    return {
      ok: false,
      code: 'import.invalid_imported',
      message: 'imported must be {"source": "<earlier system>", "recordedAt": "<ISO-8601 instant with zone>"} and nothing else',
    };
  }
  const command = { type: record.type, data: record.data } as CommandInput;
  return {
    ok: true,
    value: {
      command,
      ...(record.idempotencyKey !== undefined && { idempotencyKey: record.idempotencyKey as string }),
      ...(imported !== undefined && { imported }),
    },
  };
}

/** The form of `imported`; the pipeline checks the instant against its clock. null when malformed. */
function importedRecord(value: unknown): ImportedRecord | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { source, recordedAt, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof source !== 'string' || typeof recordedAt !== 'string') return null;
  return { source, recordedAt };
}
