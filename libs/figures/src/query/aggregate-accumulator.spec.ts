import { VALUE_COLUMNS } from '../figure-store.port';
import { AggregateAccumulator, columnTotal, integerItem } from './aggregate-accumulator';

/** A stored row: two group values, item, events, then the value columns (sparse: column -> value). */
const row = (group: [string, string], item: string, events: unknown, sparse: Record<number, unknown> = {}) => [
  ...group,
  item,
  events,
  ...Array.from({ length: VALUE_COLUMNS }, (_, i) => sparse[i] ?? 0),
];

describe('AggregateAccumulator', () => {
  it('keeps each group once, with its events over every item and each column item by item', () => {
    const sums = new AggregateAccumulator(2);
    sums.addRow(row(['2024', 'MX'], '', 2, { 0: 5, 3: '-99999999999999999999' }), 2);
    sums.addRow(row(['2024', 'MX'], '17', 1n, { 6: 1 }), 2);
    sums.addPacked(
      ['2024', 'MX'],
      [
        ['17', 0, 6, 2, 11, 1],
        ['5', 3, 6, '18446744073709551616'],
      ],
    );
    sums.addRow(row(['2024', 'AR'], '', null, { 0: 1 }), 2);
    const [mx, ar] = sums.groups();
    expect(mx.group).toEqual(['2024', 'MX']);
    expect(mx.events).toBe(6n);
    expect(mx.columns[0]).toEqual(new Map([['', 5n]]));
    expect(mx.columns[3]).toEqual(new Map([['', -99999999999999999999n]]));
    expect(mx.columns[6]).toEqual(
      new Map([
        ['17', 3n],
        ['5', 2n ** 64n],
      ]),
    );
    expect(mx.columns[11]).toEqual(new Map([['17', 1n]]));
    expect(mx.columns.filter((column) => column !== undefined)).toHaveLength(4);
    expect([ar.events, columnTotal(ar, 0), columnTotal(ar, 6)]).toEqual([0n, 1n, 0n]);
  });

  it('with one source sets each item once; a cell of no items adds no group', () => {
    const sums = new AggregateAccumulator(1);
    sums.addPacked(['2024'], []);
    sums.addRow(row(['2024', 'MX'], '', 1, { 0: 1 }), 2);
    sums.addPacked(['2024', 'MX'], [['3', 1, 0, 4]]);
    expect(sums.groups().map((group) => [group.group, group.events, columnTotal(group, 0)])).toEqual([[['2024', 'MX'], 2n, 5n]]);
  });

  it('refuses totals that are not exact integers', () => {
    expect(() => new AggregateAccumulator().addRow(row(['2024', 'MX'], '', 1, { 2: 2 ** 60 }), 2)).toThrow(RangeError);
    expect(() => new AggregateAccumulator().addPacked(['2024'], [['1', 1.5]])).toThrow(RangeError);
    expect(() => new AggregateAccumulator().addPacked(['2024'], [['1', 1, 0, '12x']])).toThrow(RangeError);
  });

  it('reads an integer item as BigInt() would, from the made-once small values or not', () => {
    const items = ['0', '7', '16383', '16384', '007', '', '-3', '+5', ' 9', '12345678901234567890123'];
    expect(items.map(integerItem)).toEqual(items.map((item) => BigInt(item)));
    expect(() => integerItem('1.5')).toThrow(SyntaxError);
    expect(() => integerItem('x')).toThrow(SyntaxError);
  });
});
