import { ALL_POSITIONS, FULL_CUBE } from '../figure-store.port';
import { deriveRollupStatements } from './rollup-derivation';

describe('deriveRollupStatements', () => {
  const layout = { bucketSize: 4096, smallCubes: [0, 1], overall: [0, 1] };
  const sum = (column: string) => `SUM(${column})`;
  const readsOfMonths = (statements: string[]) => statements.filter((sql) => /FROM figure_rollup/.test(sql));

  it("bounds a range's reads of its months by the range's first and last month", () => {
    const statements = deriveRollupStatements(3, layout, sum).buckets(4, 7, { first: '2021-01', last: '2021-03' });
    const reads = readsOfMonths(statements);
    expect(reads.length).toBeGreaterThan(0);
    for (const sql of reads) expect(sql).toContain("pos_bucket BETWEEN 4 AND 7 AND period BETWEEN '2021-01' AND '2021-03'");
  });

  it('reads the months unbounded without a span, or with one that is not two YYYY-MM months', () => {
    for (const months of [undefined, { first: null, last: null }, { first: "2021-01' OR '1'='1", last: '2021-03' }]) {
      const reads = readsOfMonths(deriveRollupStatements(3, layout, sum).buckets(4, 7, months));
      for (const sql of reads) expect(sql).not.toContain('period BETWEEN');
    }
  });

  it("sums the overall cubes' months and years over every bucket: the small cubes, or the full cube alone", () => {
    const grains = (overall: number[], smallCubes: number[]) =>
      deriveRollupStatements(3, { bucketSize: 4096, smallCubes, overall }, sum).overall.flatMap(({ grain, statements }) =>
        statements().map((sql) => {
          expect(sql).toContain(`, ${ALL_POSITIONS}, `);
          expect(sql).toContain('pos_bucket >= 0');
          expect(/SELECT 3, '(\w+)'/.exec(sql)?.[1]).toBe(grain);
          return grain;
        }),
      );
    expect(grains([0, 1], [0, 1])).toEqual(['m0', 'y0', 'm1', 'y1']);
    expect(grains([FULL_CUBE], [])).toEqual(['m', 'y']);
    expect(grains([], [])).toEqual([]);
    // The full cube's overall rows keep every dimension.
    const [months] = deriveRollupStatements(3, { bucketSize: 4096, smallCubes: [], overall: [FULL_CUBE] }, sum).overall[0].statements();
    expect(months).toContain(`'m', period, ${ALL_POSITIONS}, d1, d2, d3, d4, d5, d6`);
  });

  it('sums one period of an overall grain when asked, the period quoted as a literal', () => {
    const [months] = deriveRollupStatements(3, { bucketSize: 4096, smallCubes: [], overall: [FULL_CUBE] }, sum).overall;
    const [sql] = months.statements('2021-03');
    expect(sql).toContain("grain = 'm' AND period = '2021-03' AND pos_bucket >= 0");
    expect(months.statements("20'21")[0]).toContain("period = '20''21'");
  });

  it('refuses an overall cube the layout does not keep', () => {
    expect(() => deriveRollupStatements(3, { bucketSize: 4096, smallCubes: [0], overall: [1] }, sum)).toThrow(/cube 1/);
  });
});
