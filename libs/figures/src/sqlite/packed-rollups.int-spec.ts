import type Database from 'better-sqlite3';
import { FiguresHarness, harnessPool } from '@ledger/test-support/figures/figures-harness';
import { monthByDimensionQueries } from '@ledger/test-support/figures/month-by-dimension';
import { randomHistory } from '@ledger/test-support/figures/random-history';
import { FIGURES } from '../definitions';
import { FigureService } from '../query/figure-service';
import { DIMENSION_NAMES } from '../sql/aggregate-select';

/** The store's own connection (the tests read its tables). */
const connectionOf = (h: FiguresHarness) => (h.store as unknown as { db: Database.Database }).db;

/** Every live packed row of a store by figure (slots differ between stores), in key order. */
function packedRows(h: FiguresHarness): unknown[] {
  return connectionOf(h)
    .prepare(
      `SELECT s.figure, r.grain, r.period, r.pos_bucket, ${DIMENSION_NAMES.map((d) => `r.${d}`).join(', ')}, r.items
       FROM figure_rollup_items r JOIN figure_slot s ON s.slot = r.slot AND s.role = 'live'
       ORDER BY s.figure, r.grain, r.period, r.pos_bucket, ${DIMENSION_NAMES.map((d) => `r.${d}`).join(', ')}`,
    )
    .raw(true)
    .all();
}

describe('SQLite packed rollup items', () => {
  const pool = harnessPool({ positionBucketSize: 16 });
  const harness = pool.make;
  afterAll(() => pool.closeAll());
  const history = randomHistory(5, 900);
  let live: FiguresHarness;
  let rebuilt: FiguresHarness;

  beforeAll(async () => {
    // Small batches: most packed rows are merged by upserts many times. Projected once over the empty log first, so
    // every figure has a checkpoint and the history goes through the live path (not a build).
    live = harness({ batchSize: 7 });
    await live.project();
    live.events.add(...history);
    await live.project();
    rebuilt = harness({ batchSize: 10_000, buildLimits: { chunkEvents: 64 } });
    rebuilt.events.add(...history);
    await rebuilt.projector.rebuild();
  });

  it('keeps item rows only packed: figure_rollup holds item "" alone', () => {
    for (const h of [live, rebuilt]) {
      expect(connectionOf(h).prepare("SELECT COUNT(*) FROM figure_rollup WHERE item <> ''").pluck().get()).toBe(0);
      expect(packedRows(h).length).toBeGreaterThan(100);
    }
  });

  it("derives the same packed rows in a rebuild as the live projector's upserts merge", () => {
    expect(packedRows(rebuilt)).toEqual(packedRows(live));
  });

  it('answers month x dimension, current, as of, known at a position and a time, as the raw contributions do', async () => {
    const middleTime = live.events.log[450].metadata.recordedAt;
    let compared = 0;
    for (const h of [live, rebuilt]) {
      const raw = new FigureService(h.events, h.store, { positionBucketSize: 16, rawContributionsOnly: true });
      for (const { figure, params } of monthByDimensionQueries(FIGURES, middleTime)) {
        expect(JSON.stringify(await h.service.answer(figure.name, params))).toBe(JSON.stringify(await raw.answer(figure.name, params)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
