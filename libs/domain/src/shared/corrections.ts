import { invalid } from './domain-error';

/**
 * What every correction checks about its `changes`: an object naming at least one field, each one the record has.
 * Returns the changed field names. `category` prefixes the error codes (`freeze.empty_correction`, ...).
 */
export function requireChangedFields<K extends string>(category: string, changes: unknown, fields: readonly K[]): K[] {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw invalid(`${category}.empty_correction`, `changes must be an object of the corrected fields; any of ${fields.join(', ')}`);
  }
  const keys = Object.keys(changes);
  if (keys.length === 0) throw invalid(`${category}.empty_correction`, 'a correction must change at least one field');
  const unknown = keys.find((key) => !(fields as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw invalid(
      `${category}.unknown_field`,
      `changes.${unknown} is not a field that can be corrected; expected any of ${fields.join(', ')}`,
      { field: `changes.${unknown}` },
    );
  }
  return keys as K[];
}

/** The values the changed fields had before the correction; null for a field that was not set. */
export function replacedValues<K extends string>(keys: readonly K[], current: Partial<Record<K, unknown>>): Record<K, unknown> {
  const replaces = {} as Record<K, unknown>;
  for (const key of keys) replaces[key] = current[key] ?? null;
  return replaces;
}

/** Applies changes to a record: null removes an optional field, any other value replaces it. */
export function applyChanges<T extends object>(current: T, changes: object): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as T;
}
