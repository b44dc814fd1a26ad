import { Client } from 'pg';
import { dropPostgresSchemas } from '@ledger/test-support';
import { FiguresHarness, harnessPool } from '@ledger/test-support/figures/figures-harness';
import { monthByDimensionQueries } from '@ledger/test-support/figures/month-by-dimension';
import { randomHistory } from '@ledger/test-support/figures/random-history';
import { FIGURES } from '../definitions';
import { DIMENSION_NAMES } from '../sql/aggregate-select';
import { PostgresFigureStore } from './postgres-figure-store';

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEY = `s.figure, r.grain, r.period, r.pos_bucket, ${DIMENSION_NAMES.map((d) => `r.${d}`).join(', ')}`;

/** Every live packed row of a schema by figure (slots differ between stores), in key order. */
async function packedRows(schema: string): Promise<unknown[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query({
      text: `SELECT ${KEY}, r.items FROM ${schema}.figure_rollup_items r JOIN ${schema}.figure_slot s ON s.slot = r.slot AND s.role = 'live'
             ORDER BY ${KEY}`,
      rowMode: 'array',
    });
    const { rows: itemRows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}.figure_rollup WHERE item <> ''`);
    expect(itemRows[0].n).toBe('0');
    return rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL packed rollup items', () => {
  const pool = harnessPool({ positionBucketSize: 16 });
  const schemas = [`figures_packed_live_${process.pid}`, `figures_packed_rebuilt_${process.pid}`];
  const history = randomHistory(5, 900);
  let live: FiguresHarness;
  let rebuilt: FiguresHarness;
  let sqlite: FiguresHarness;

  beforeAll(async () => {
    // Small batches: most packed rows are merged by upserts many times. Projected once over the empty log first, so
    // every figure has a checkpoint and the history goes through the live path (not a build).
    live = pool.make({ batchSize: 7, store: new PostgresFigureStore({ connectionString, schema: schemas[0] }) });
    await live.project();
    live.events.add(...history);
    await live.project();
    rebuilt = pool.make({
      batchSize: 10_000,
      buildLimits: { chunkEvents: 64 },
      store: new PostgresFigureStore({ connectionString, schema: schemas[1] }),
    });
    rebuilt.events.add(...history);
    await rebuilt.projector.rebuild();
    sqlite = pool.make({ batchSize: 10_000 });
    sqlite.events.add(...history);
    await sqlite.project();
  }, 120_000);
  afterAll(async () => {
    await pool.closeAll();
    await dropPostgresSchemas(connectionString, ...schemas);
  });

  it("keeps item rows only packed, and derives the same packed text in a rebuild as the live projector's upserts merge", async () => {
    const liveRows = await packedRows(schemas[0]);
    expect(liveRows.length).toBeGreaterThan(100);
    expect(await packedRows(schemas[1])).toEqual(liveRows);
  });

  it('answers month x dimension, current, as of, known at a position and a time, as SQLite does', async () => {
    const middleTime = live.events.log[450].metadata.recordedAt;
    let compared = 0;
    for (const h of [live, rebuilt]) {
      for (const { figure, params } of monthByDimensionQueries(FIGURES, middleTime)) {
        const label = `${figure.name} ${JSON.stringify(params)}`;
        expect(`${label} ${JSON.stringify(await h.service.answer(figure.name, params))}`).toBe(
          `${label} ${JSON.stringify(await sqlite.service.answer(figure.name, params))}`,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  }, 120_000);
});
