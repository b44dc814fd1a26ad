import Database from 'better-sqlite3';

/** The raw baseline a rebuild is compared with: every row of the SQLite events table read in pages and its JSON parsed. */
export function rawReadBaseline(file: string): { events: number; seconds: number } {
  const db = new Database(file, { readonly: true });
  const started = process.hrtime.bigint();
  let events = 0;
  let last = 0;
  const page = db.prepare('SELECT position, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 20000');
  for (;;) {
    const rows = page.all(last) as { position: number; data: string; metadata: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    events += rows.length;
    last = rows[rows.length - 1].position;
  }
  db.close();
  return { events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export /** Bytes of the tables (and their indexes) whose names match, from SQLite's dbstat. */
function tableBytes(file: string, like: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Number(
      db
        .prepare(
          'SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE ? OR name IN (SELECT name FROM sqlite_schema WHERE tbl_name LIKE ?)',
        )
        .pluck()
        .get(like, like),
    );
  } finally {
    db.close();
  }
}
