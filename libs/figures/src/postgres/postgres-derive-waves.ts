/** Derivation statements run at once: PostgreSQL runs each statement on one core, and the client waits meanwhile. */
export const DERIVE_CONNECTIONS = 2;

/** The table and grain a statement makes (the first cell head it selects), and the table and grain it reads. */
const MAKES = /^\s*INSERT INTO (figure_rollup(?:_items)?) \([^)]*\)[\s\S]*?SELECT \d+, '(\w+)'/;
const READS_ROLLUP = /FROM figure_rollup(?:_items)?\b/;
const NEEDS = /FROM (figure_rollup(?:_items)?)\b[\s\S]*? AND grain = '(\w+)'/;

/**
 * A range's derivation statements (sql/rollup-derivation.ts: each an INSERT of one grain into figure_rollup or the
 * packed item rows, from contributions or from one grain of that table already derived) in waves: a statement runs
 * in the wave after the one that makes the (table, grain) it reads, so the statements of a wave are independent.
 * When a statement is not of that form: one wave per statement, in order (they run one after the other, as written).
 */
export function deriveWaves(statements: readonly string[]): string[][] {
  const waveOf = new Map<string, number>();
  const waves: string[][] = [];
  for (const sql of statements) {
    const made = MAKES.exec(sql);
    const makes = made ? `${made[1]} ${made[2]}` : undefined;
    const read = READS_ROLLUP.test(sql) ? NEEDS.exec(sql) : undefined;
    const needs = read ? `${read[1]} ${read[2]}` : undefined;
    if (makes === undefined || waveOf.has(makes) || (READS_ROLLUP.test(sql) && (needs === undefined || !waveOf.has(needs))))
      return statements.map((statement) => [statement]);
    const wave = needs === undefined ? 0 : waveOf.get(needs)! + 1;
    waveOf.set(makes, wave);
    (waves[wave] ??= []).push(sql);
  }
  return waves;
}

/** Runs `work` on every item, `limit` at a time at most; after a failure starts no more, awaits those running, throws. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}
