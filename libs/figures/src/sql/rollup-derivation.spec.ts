import { deriveRollupStatements } from './rollup-derivation';

describe('deriveRollupStatements', () => {
  const layout = { bucketSize: 4096, smallCubes: [0, 1] };
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
});
