import fs from 'node:fs';
import Database from 'better-sqlite3';
import { tableBytes } from '../lib/sqlite-log';

/**
 * An experiment for issue 14, not a test and not the product: what storing contributions another way would cost,
 * measured on the contribution rows of a rebuilt figure store. It writes the same rows twice, into fresh files:
 *
 * - `rows`: today's layout (sqlite-schema.ts): a row per contribution, clustered on (slot, position, seq), with the
 *   (slot, occurred_at) index;
 * - `packed`: a row per slot and block of BLOCK positions holding the block's contributions as JSON (dimension tuples
 *   kept once per block), and a narrow (slot, day, block) index of the business days each block holds.
 *
 * Then it reads both ways what answers read raw: one business day of one figure (by time) and the positions of half
 * a rollup bucket (by position), summing every value column exactly, and checks that both give the same sums.
 *
 *   node -r ./bench/support/register.js bench/figures/contribution-layouts.ts --file <rebuilt figure store> [--block 64] [--compact-times 1]
 *
 * Prints one JSON line per layout: rows written, seconds to write (multi-row INSERTs, a transaction per 40,000
 * contributions as a build writes them), bytes of its tables and indexes, and median milliseconds of each read.
 */
function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const VALUES = Array.from({ length: 16 }, (_, i) => `v${i + 1}`);
const COLUMNS = ['slot', 'position', 'seq', 'occurred_at', 'known_at', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'item', 'events', ...VALUES];
const PER_TRANSACTION = 40_000;
/** `--compact-times 1`: business and known times as epoch milliseconds (numbers) instead of ISO text. */
const COMPACT_TIMES = option('compact-times', '0') === '1';
const ROWS_PER_STATEMENT = 64;
type Row = unknown[];

function fresh(file: string): Database.Database {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  return db;
}

function insertMany(db: Database.Database, head: string, width: number, rows: readonly Row[]): void {
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  const many = db.prepare(`${head} VALUES ${new Array(ROWS_PER_STATEMENT).fill(tuple).join(', ')}`);
  const one = db.prepare(`${head} VALUES ${tuple}`);
  const params = new Array<unknown>(width * ROWS_PER_STATEMENT);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
    for (let j = 0; j < ROWS_PER_STATEMENT; j++) for (let c = 0; c < width; c++) params[j * width + c] = rows[i + j][c];
    many.run(params);
  }
  for (; i < rows.length; i++) one.run(rows[i]);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length / 2)].toFixed(2));
}

function timed(repeats: number, read: () => bigint[]): { ms: number; sums: bigint[] } {
  const samples: number[] = [];
  let sums: bigint[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    sums = read();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), sums };
}

/** Writes today's layout; reads sum every value column of the matching rows in SQL. */
function rowsLayout(file: string, rows: readonly Row[]) {
  const db = fresh(file);
  db.exec(`CREATE TABLE figure_contribution (slot INTEGER NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL,
    occurred_at TEXT NOT NULL, known_at TEXT NOT NULL, ${['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((d) => `${d} TEXT NOT NULL DEFAULT ''`).join(', ')},
    item TEXT NOT NULL, events INTEGER NOT NULL, ${VALUES.map((v) => `${v} INTEGER NOT NULL DEFAULT 0`).join(', ')},
    PRIMARY KEY (slot, position, seq)) WITHOUT ROWID;
    CREATE INDEX figure_contribution_by_time ON figure_contribution (slot, occurred_at)`);
  const started = performance.now();
  for (let i = 0; i < rows.length; i += PER_TRANSACTION)
    db.transaction(() =>
      insertMany(db, `INSERT INTO figure_contribution (${COLUMNS.join(', ')})`, COLUMNS.length, rows.slice(i, i + PER_TRANSACTION)),
    )();
  const writeSeconds = (performance.now() - started) / 1000;
  const sums = `SUM(events), ${VALUES.map((v) => `SUM(${v})`).join(', ')}`;
  const byDay = db
    .prepare(`SELECT ${sums} FROM figure_contribution WHERE slot = ? AND occurred_at BETWEEN ? AND ?`)
    .raw(true)
    .safeIntegers(true);
  const byPosition = db
    .prepare(`SELECT ${sums} FROM figure_contribution WHERE slot = ? AND position BETWEEN ? AND ?`)
    .raw(true)
    .safeIntegers(true);
  const asSums = (row: unknown[]) => row.map((v) => BigInt((v as bigint | null) ?? 0n));
  return {
    db,
    writeSeconds,
    day: (slot: number, day: string) => asSums(byDay.get(slot, `${day}T00:00:00.000Z`, `${day}T23:59:59.999Z`) as unknown[]),
    positions: (slot: number, from: number, to: number) => asSums(byPosition.get(slot, from, to) as unknown[]),
  };
}

/**
 * A block's JSON: `{ dims: [[d1..d6], ...], c: [[position offset, seq, occurredAt, knownAt or 0 (the previous one's),
 * dims index, item, events, column, value, ...], ...] }`, values as numbers when safe, else digits.
 */
function packBlock(rows: readonly Row[], first: number): string {
  const dims: string[][] = [];
  const dimIndex = new Map<string, number>();
  const packed: unknown[][] = [];
  let lastKnown = '';
  for (const row of rows) {
    const tuple = row.slice(5, 11) as string[];
    const key = tuple.join('\u0000');
    let index = dimIndex.get(key);
    if (index === undefined) {
      dimIndex.set(key, (index = dims.length));
      dims.push(tuple);
    }
    const known = row[4] as string;
    const occurred = COMPACT_TIMES ? Date.parse(row[3] as string) : row[3];
    const knownValue = COMPACT_TIMES ? Date.parse(known) : known;
    const entry: unknown[] = [(row[1] as number) - first, row[2], occurred, known === lastKnown ? 0 : knownValue, index, row[11], row[12]];
    lastKnown = known;
    for (let v = 0; v < 16; v++) {
      const value = row[13 + v] as number;
      if (value !== 0) entry.push(v, value);
    }
    packed.push(entry);
  }
  return JSON.stringify({ dims, c: packed });
}

/** Writes the packed layout; reads decode the blocks and sum in JavaScript, exactly. */
function packedLayout(file: string, rows: readonly Row[], block: number) {
  const db = fresh(file);
  db.exec(`CREATE TABLE figure_contribution_block (slot INTEGER NOT NULL, block INTEGER NOT NULL, packed TEXT NOT NULL,
      PRIMARY KEY (slot, block)) WITHOUT ROWID;
    CREATE TABLE figure_contribution_day (slot INTEGER NOT NULL, day TEXT NOT NULL, block INTEGER NOT NULL,
      PRIMARY KEY (slot, day, block)) WITHOUT ROWID`);
  const started = performance.now();
  let blocks: Row[] = [];
  let days: Row[] = [];
  let held = 0;
  const flush = () => {
    db.transaction(() => {
      insertMany(db, 'INSERT INTO figure_contribution_block (slot, block, packed)', 3, blocks);
      insertMany(db, 'INSERT INTO figure_contribution_day (slot, day, block)', 3, days);
    })();
    blocks = [];
    days = [];
    held = 0;
  };
  // Whole blocks only, a transaction once 40,000 contributions are held (as a build writes them).
  for (let i = 0; i < rows.length;) {
    const slot = rows[i][0] as number;
    const number = Math.floor((rows[i][1] as number) / block);
    let k = i;
    const seen = new Set<string>();
    while (k < rows.length && rows[k][0] === slot && Math.floor((rows[k][1] as number) / block) === number) {
      seen.add((rows[k][3] as string).slice(0, 10));
      k++;
    }
    blocks.push([slot, number, packBlock(rows.slice(i, k), number * block)]);
    for (const day of seen) days.push([slot, day, number]);
    held += k - i;
    i = k;
    if (held >= PER_TRANSACTION) flush();
  }
  if (held > 0) flush();
  const writeSeconds = (performance.now() - started) / 1000;
  const blocksOfDay = db
    .prepare(
      'SELECT b.block, b.packed FROM figure_contribution_day d JOIN figure_contribution_block b ON b.slot = d.slot AND b.block = d.block WHERE d.slot = ? AND d.day = ?',
    )
    .raw(true);
  const blocksBetween = db
    .prepare('SELECT block, packed FROM figure_contribution_block WHERE slot = ? AND block BETWEEN ? AND ?')
    .raw(true);
  const sum = (packedRows: unknown[][], keep: (entry: unknown[], first: number) => boolean) => {
    const sums = new Array<bigint>(17).fill(0n);
    for (const [number, text] of packedRows) {
      const first = (number as number) * block;
      for (const entry of (JSON.parse(text as string) as { c: unknown[][] }).c) {
        if (!keep(entry, first)) continue;
        sums[0] += BigInt(entry[6] as number);
        for (let x = 7; x < entry.length; x += 2) sums[1 + (entry[x] as number)] += BigInt(entry[x + 1] as number | string);
      }
    }
    return sums;
  };
  return {
    db,
    writeSeconds,
    day: (slot: number, day: string) =>
      sum(blocksOfDay.all(slot, day) as unknown[][], (entry) => {
        if (!COMPACT_TIMES) return (entry[2] as string).startsWith(day);
        const start = Date.parse(`${day}T00:00:00.000Z`);
        return (entry[2] as number) >= start && (entry[2] as number) < start + 86_400_000;
      }),
    positions: (slot: number, from: number, to: number) =>
      sum(blocksBetween.all(slot, Math.floor(from / block), Math.floor(to / block)) as unknown[][], (entry, first) => {
        const position = first + (entry[0] as number);
        return position >= from && position <= to;
      }),
  };
}

function main(): void {
  const file = option('file', '');
  if (!fs.existsSync(file)) throw new Error('--file <rebuilt figure store> names no file');
  const block = Number(option('block', '64'));
  const source = new Database(file, { readonly: true });
  const rows = source
    .prepare(`SELECT ${COLUMNS.join(', ')} FROM figure_contribution ORDER BY slot, position, seq`)
    .raw(true)
    .all() as Row[];
  // The figure with the most contributions, its busiest day, and half the bucket holding its middle position.
  const [slot] = source.prepare('SELECT slot FROM figure_contribution GROUP BY slot ORDER BY COUNT(*) DESC LIMIT 1').raw(true).get() as [
    number,
  ];
  const [day] = source
    .prepare('SELECT substr(occurred_at, 1, 10) FROM figure_contribution WHERE slot = ? GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1')
    .raw(true)
    .get(slot) as [string];
  const [middle] = source.prepare('SELECT MAX(position) / 2 FROM figure_contribution WHERE slot = ?').raw(true).get(slot) as [number];
  source.close();
  const bucketStart = Math.floor(middle / 4096) * 4096;
  const layouts = [
    { name: 'rows', make: (f: string) => rowsLayout(f, rows), tables: 'figure_contribution%' },
    {
      name: `packed per ${block} positions${COMPACT_TIMES ? ', times as epoch ms' : ''}`,
      make: (f: string) => packedLayout(f, rows, block),
      tables: 'figure_contribution%',
    },
  ];
  const answers: bigint[][] = [];
  for (const layout of layouts) {
    const out = `${file}.layout-bench`;
    const made = layout.make(out);
    const day1 = timed(15, () => made.day(slot, day));
    const half = timed(15, () => made.positions(slot, bucketStart, bucketStart + 2047));
    made.db.close();
    answers.push([...day1.sums, ...half.sums]);
    console.log(
      JSON.stringify({
        layout: layout.name,
        contributions: rows.length,
        writeSeconds: Number(made.writeSeconds.toFixed(1)),
        megabytes: Number((tableBytes(out, layout.tables) / 2 ** 20).toFixed(1)),
        busiestDayMs: day1.ms,
        halfBucketMs: half.ms,
      }),
    );
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(out + suffix, { force: true });
  }
  if (answers[0].join() !== answers[1].join()) throw new Error(`the layouts disagree: ${answers[0].join()} against ${answers[1].join()}`);
  console.log(JSON.stringify({ sameSums: true, slot, day, positions: [bucketStart, bucketStart + 2047] }));
}

main();
