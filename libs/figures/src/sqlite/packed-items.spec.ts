import Database from 'better-sqlite3';
import fc from 'fast-check';
import { VALUE_COLUMNS } from '../figure-store.port';
import { AggregateAccumulator } from '../query/aggregate-accumulator';
import { addItem, addPacked, type PackedCell, packItems, registerPackedItemFunctions, unpackItems } from './packed-items';

const values = (sparse: Record<number, bigint>): bigint[] => Array.from({ length: VALUE_COLUMNS }, (_, i) => sparse[i] ?? 0n);
const cellOf = (...items: [string, bigint, Record<number, bigint>][]): PackedCell => {
  const cell: PackedCell = new Map();
  for (const [item, events, sparse] of items) addItem(cell, item, events, values(sparse));
  return cell;
};
const plain = (cell: PackedCell) => [...cell.entries()].map(([item, sums]) => [item, sums.events, sums.values]);

const bigValue = fc.oneof(
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  fc.constantFrom(0n, 1n, -1n, BigInt(Number.MAX_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER) + 1n, -(2n ** 63n) - 1n),
);
const arbitraryCell = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('0', '12', '007', 'a,b', 'ü"\\\n'), fc.string()),
      bigValue,
      fc.dictionary(fc.integer({ min: 0, max: VALUE_COLUMNS - 1 }).map(String), bigValue),
    ),
    { maxLength: 20 },
  )
  .map((items) => cellOf(...items.map(([item, events, sparse]): [string, bigint, Record<number, bigint>] => [item, events, sparse])));

/** The cell as packItems keeps it: items whose events and values are all 0 dropped, ascending by item. */
const kept = (cell: PackedCell) =>
  plain(cell)
    .filter(([, events, vs]) => events !== 0n || (vs as bigint[]).some((v) => v !== 0n))
    .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0));

describe('packed rollup items', () => {
  it('round-trips values past 2^53 and 2^64, negatives and zeros, items in ascending order', () => {
    const cell = cellOf(['9', 1n, { 3: 2n ** 70n, 15: -(2n ** 64n) - 5n }], ['10', -2n, { 0: -7n }], ['', 0n, {}], ['3', 0n, { 1: 0n }]);
    const packed = packItems(cell);
    expect(packed).toBe('[["10",-2,0,-7],["9",1,3,"1180591620717411303424",15,"-18446744073709551621"]]');
    expect(plain(unpackItems(packed))).toEqual(kept(cell));
  });

  it('packs a cell without items, or whose items all cancel, as []', () => {
    expect(packItems(new Map())).toBe('[]');
    expect(addPacked(packItems(cellOf(['5', 1n, { 2: 1n }])), packItems(cellOf(['5', -1n, { 2: -1n }])))).toBe('[]');
    expect(unpackItems('[]').size).toBe(0);
  });

  it('round-trips any cell exactly', () => {
    fc.assert(fc.property(arbitraryCell, (cell) => expect(plain(unpackItems(packItems(cell)))).toEqual(kept(cell))));
  });

  it('merges two packed cells to their item-by-item sum', () => {
    fc.assert(
      fc.property(arbitraryCell, arbitraryCell, (a, b) => {
        const sum: PackedCell = new Map();
        for (const cell of [a, b]) for (const [item, sums] of cell) addItem(sum, item, sums.events, sums.values);
        expect(addPacked(packItems(a), packItems(b))).toBe(packItems(sum));
      }),
    );
  });

  it('refuses packed values that are not exact integers', () => {
    expect(() => unpackItems('[["1",1.5]]')).toThrow(RangeError);
    expect(() => unpackItems('[["1",1,0,"12x"]]')).toThrow(RangeError);
    expect(() => unpackItems('{"1":1}')).toThrow(RangeError);
  });

  it('adds packed entries to the accumulator as the item rows they stand for, alone or merged with other sources', () => {
    const cell = cellOf(['17', 2n, { 1: 99999999999999999999n, 4: -3n }], ['5', 1n, { 0: 1n }]);
    const packed = JSON.parse(packItems(cell)) as unknown[][];
    const itemRow = (item: string, events: bigint, sparse: Record<number, bigint>) => ['2024', 'MX', item, events, ...values(sparse)];
    for (const sources of [1, 2]) {
      const fromPacked = new AggregateAccumulator(sources);
      const fromRows = new AggregateAccumulator(sources);
      fromPacked.addPacked(['2024', 'MX'], packed);
      fromRows.addRow(itemRow('17', 2n, { 1: 99999999999999999999n, 4: -3n }), 2);
      fromRows.addRow(itemRow('5', 1n, { 0: 1n }), 2);
      if (sources === 2) {
        fromPacked.addPacked(['2024', 'MX'], [['5', 1, 0, 2, 15, '-18446744073709551616']]);
        fromRows.addRow(itemRow('5', 1n, { 0: 2n, 15: -(2n ** 64n) }), 2);
      }
      expect(fromPacked.groups()).toEqual(fromRows.groups());
    }
  });

  describe('in SQLite', () => {
    const db = new Database(':memory:');
    registerPackedItemFunctions(db);
    afterAll(() => db.close());
    const columns = Array.from({ length: VALUE_COLUMNS }, (_, i) => `v${i + 1}`);

    it('packs stored contributions (64-bit integers and wide `n` text) as the JS packing does, and merges packed cells', () => {
      db.exec(`CREATE TABLE c (g TEXT, item TEXT, events INTEGER, ${columns.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(', ')})`);
      const insert = db.prepare('INSERT INTO c (g, item, events, v1, v2, v16) VALUES (?, ?, ?, ?, ?, ?)');
      insert.safeIntegers(true);
      const rows: [string, string, bigint, bigint | string, bigint, bigint][] = [
        ['a', '12', 1n, 9223372036854775807n, 0n, -1n],
        ['a', '12', 1n, '9223372036854775808n', 5n, 0n],
        ['a', '3', 0n, 0n, 0n, 0n],
        ['a', '4', 1n, 0n, -2n, 0n],
        ['b', '4', 1n, 1n, 1n, 1n],
      ];
      for (const row of rows) insert.run(...row);
      const packed = db
        .prepare(`SELECT g, ledger_items_pack(item, events, ${columns.join(', ')}) AS items FROM c GROUP BY g ORDER BY g`)
        .all() as { g: string; items: string }[];
      const a = cellOf(['12', 2n, { 0: 2n ** 64n - 1n, 1: 5n, 15: -1n }], ['3', 0n, {}], ['4', 1n, { 1: -2n }]);
      const b = cellOf(['4', 1n, { 0: 1n, 1: 1n, 15: 1n }]);
      expect(packed).toEqual([
        { g: 'a', items: packItems(a) },
        { g: 'b', items: packItems(b) },
      ]);
      const merged = db
        .prepare('SELECT ledger_items_merge(items) FROM (SELECT ? AS items UNION ALL SELECT ?)')
        .pluck()
        .get(packed[0].items, packed[1].items);
      expect(merged).toBe(addPacked(packItems(a), packItems(b)));
      expect(db.prepare('SELECT ledger_items_add(?, ?)').pluck().get(packed[0].items, packed[1].items)).toBe(merged);
    });
  });
});
