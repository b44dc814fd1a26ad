/** A page of an answer (events, provenance, restatements) ends here even when its `limit` is not reached. */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

/** The longest prefix of `items` whose JSON fits in `maxBytes` (at least one item, so a page always moves on). */
export function withinBytes<T>(items: readonly T[], maxBytes: number = MAX_PAGE_BYTES): T[] {
  let bytes = 0;
  const kept: T[] = [];
  for (const item of items) {
    bytes += Buffer.byteLength(JSON.stringify(item)) + 1;
    if (kept.length > 0 && bytes > maxBytes) break;
    kept.push(item);
  }
  return kept;
}
