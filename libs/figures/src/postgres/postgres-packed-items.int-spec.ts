import fc from 'fast-check';
import { Client } from 'pg';
import { dropPostgresSchemas } from '@ledger/test-support';
import { VALUE_COLUMNS } from '../figure-store.port';
import { VALUE_NAMES } from '../sql/aggregate-select';
import { addItem, type PackedCell, packItems, unpackItems } from '../sqlite/packed-items';
import { PACKED_ITEM_FUNCTIONS, packedCellsSql, SUMMED_ENTRY } from './postgres-packed-items';

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `packed_items_test_${process.pid}`;

const bigValue = fc.oneof(
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  fc.bigInt({ min: -3n, max: 3n }),
  fc.constantFrom(BigInt(Number.MAX_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER) + 1n, -(2n ** 53n), 2n ** 64n),
);
/** Item deltas of one cell: few items and small values too, so many of them cancel when two cells are added. */
const deltas = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom('0', '12', '007', 'a,b', 'ü"\\\n', '\t', 'x\u001f', '😀'), fc.string()),
    bigValue,
    fc.dictionary(fc.integer({ min: 0, max: VALUE_COLUMNS - 1 }).map(String), bigValue),
  ),
  { maxLength: 12 },
);
type Delta = [string, bigint, Record<string, bigint>];
const valuesOf = (sparse: Record<string, bigint>) => Array.from({ length: VALUE_COLUMNS }, (_, i) => sparse[i] ?? 0n);
const cellOf = (...lists: Delta[][]): PackedCell => {
  const cell: PackedCell = new Map();
  for (const list of lists) for (const [item, events, sparse] of list) addItem(cell, item, events, valuesOf(sparse));
  return cell;
};
/** The cell as the reader sees it (answers sort items themselves): item, events, values, by item. */
const plain = (packed: string) =>
  [...unpackItems(packed).entries()].map(([item, sums]) => [item, sums.events, sums.values]).sort(([a], [b]) => (a < b ? -1 : 1));

describe('PostgreSQL packed rollup items', () => {
  const client = new Client({ connectionString, options: `-c search_path=${schema}` });
  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(PACKED_ITEM_FUNCTIONS);
    // Created twice: a second init of the store replaces them.
    await client.query(PACKED_ITEM_FUNCTIONS);
  });
  afterAll(async () => {
    await client.end();
    await dropPostgresSchemas(connectionString, schema);
  });

  /** Packs item rows in PostgreSQL, as the live writer does: one cell, its item rows as unnest() arrays. */
  async function packInPostgres(rows: Delta[]): Promise<string> {
    const columns = ['slot', 'grain', 'period', 'pos_bucket', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'];
    const { rows: packed } = await client.query<{ items: string }>(
      `SELECT items FROM (${packedCellsSql(
        `SELECT ${columns.join(', ')}, item, ${SUMMED_ENTRY} FROM (SELECT 1 AS slot, 'm' AS grain, '2024-01' AS period, -1 AS pos_bucket,
           '' AS d1, '' AS d2, '' AS d3, '' AS d4, '' AS d5, '' AS d6, * FROM unnest($1::text[], $2::numeric[], ${VALUE_NAMES.map(
             (_, i) => `$${3 + i}::numeric[]`,
           ).join(', ')}) AS u (item, events, ${VALUE_NAMES.join(', ')})) AS rows GROUP BY ${columns.join(', ')}, item`,
      )}) AS cells (${columns.join(', ')}, items)`,
      [
        rows.map(([item]) => item),
        rows.map(([, events]) => String(events)),
        ...VALUE_NAMES.map((_, i) => rows.map(([, , sparse]) => String(sparse[i] ?? 0n))),
      ],
    );
    return packed.length === 0 ? '[]' : packed[0].items;
  }

  it('packs item rows and adds packed cells as the JS packing does, exact past 2^53 and 2^64, dropping what cancels', async () => {
    await fc.assert(
      fc.asyncProperty(deltas, deltas, async (a, b) => {
        const packedA = await packInPostgres(a);
        const packedB = await packInPostgres(b);
        expect(plain(packedA)).toEqual(plain(packItems(cellOf(a))));
        const { rows } = await client.query<{ sum: string; again: string }>(
          'SELECT ledger_items_add($1, $2) AS sum, ledger_items_add($2, $1) AS again',
          [packedA, packedB],
        );
        expect(plain(rows[0].sum)).toEqual(plain(packItems(cellOf(a, b))));
        // The same text whichever way round: a live row does not depend on the order its deltas came in.
        expect(rows[0].again).toBe(rows[0].sum);
        // Packing the two lists at once leaves the text adding them does (the rebuild's rows and the live ones).
        expect(await packInPostgres([...a, ...b])).toBe(rows[0].sum);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a cell whose items all cancel as [], and writes safe integers as numbers, wider ones as digits', async () => {
    const big = 2n ** 70n;
    const packed = await packInPostgres([
      ['5', 1n, { 2: big }],
      ['5', -1n, { 2: -big }],
    ]);
    expect(packed).toBe('[]');
    const { rows } = await client.query<{ sum: string }>('SELECT ledger_items_add($1, $2) AS sum', [
      '[["9",1,3,"1180591620717411303424"]]',
      '[["10",-2,0,-7],["9",-1,0,9007199254740991,3,"-1180591620717411303424"]]',
    ]);
    expect(rows[0].sum).toBe('[["10",-2,0,-7],["9",0,0,9007199254740991]]');
    const { rows: cancelled } = await client.query<{ sum: string }>('SELECT ledger_items_add($1, $2) AS sum', [
      '[["9",1,3,"1180591620717411303424"]]',
      '[["9",-1,3,"-1180591620717411303424"]]',
    ]);
    expect(cancelled[0].sum).toBe('[]');
    expect(plain('[["a",0,1,"9007199254740992"]]')).toEqual([['a', 0n, valuesOf({ 1: 2n ** 53n })]]);
  });
});
