import { deriveRollupStatements } from '../sql/rollup-derivation';
import { deriveWaves, eachLimited } from './postgres-derive-waves';
import { POSTGRES_PACKED_ITEM_SQL } from './postgres-packed-items';

const grainOf = (sql: string) => /SELECT \d+, '(\w+)'/.exec(sql)?.[1];

describe('deriveWaves', () => {
  it('runs each statement in the wave after the one that makes the grain it reads, every statement once', () => {
    const { buckets } = deriveRollupStatements(3, { bucketSize: 4096, smallCubes: [0, 1, 2], overall: [0, 1, 2] }, (v) => `SUM(${v})`);
    const statements = buckets(0, 3, { first: '2020-01', last: '2021-12' });
    const waves = deriveWaves(statements);
    expect(waves.map((wave) => wave.map(grainOf))).toEqual([
      ['m', 'd0'],
      ['y', 'm0', 'm1', 'm2'],
      ['y0', 'y1', 'y2'],
    ]);
    expect(waves.flat().sort()).toEqual([...statements].sort());
  });

  it('keeps rollup rows and packed item rows of a grain apart: each merge waits for the table and grain it reads', () => {
    const { buckets } = deriveRollupStatements(
      3,
      { bucketSize: 4096, smallCubes: [0, 1], overall: [0, 1] },
      (v) => `SUM(${v})`,
      (sql) => `(${sql})::int`,
      POSTGRES_PACKED_ITEM_SQL,
    );
    const statements = buckets(0, 3, { first: '2020-01', last: '2021-12' });
    const made = (sql: string) => `${/^INSERT INTO (\w+)/.exec(sql)?.[1]} ${grainOf(sql)}`;
    expect(deriveWaves(statements).map((wave) => wave.map(made))).toEqual([
      ['figure_rollup m', 'figure_rollup_items m', 'figure_rollup d0', 'figure_rollup_items d0'],
      [
        'figure_rollup y',
        'figure_rollup_items y',
        'figure_rollup m0',
        'figure_rollup_items m0',
        'figure_rollup m1',
        'figure_rollup_items m1',
      ],
      ['figure_rollup y0', 'figure_rollup_items y0', 'figure_rollup y1', 'figure_rollup_items y1'],
    ]);
  });

  it('runs statements of another form one after the other, as written', () => {
    const statements = [
      'DELETE FROM figure_rollup WHERE slot = 1',
      "INSERT INTO figure_rollup (slot) SELECT 1, 'm' FROM figure_contribution",
    ];
    expect(deriveWaves(statements)).toEqual([[statements[0]], [statements[1]]]);
  });
});

describe('eachLimited', () => {
  it('runs at most `limit` at a time and, after a failure, starts no more and waits for those running', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const finished: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n === 1 ? 5 : 20));
      running--;
      finished.push(n);
      if (n === 1) throw new Error('one failed');
    };
    await expect(eachLimited([0, 1, 2, 3, 4], 2, work)).rejects.toThrow('one failed');
    expect(most).toBe(2);
    expect(started).toEqual([0, 1]);
    expect(finished.sort()).toEqual([0, 1]);
  });
});
