import { trainingsFigure } from '../src/definitions';
import {
  type AggregateGroup,
  CheckpointConflictError,
  type ContributionRow,
  DIMENSION_COLUMNS,
  type FigureStore,
  type ProjectionBatch,
  type RollupDelta,
  VALUE_COLUMNS,
} from '../src/figure-store.port';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import { randomHistory } from '@ledger/test-support/figures/random-history';
import { FIGURES } from '../src/definitions';
import { columnTotal } from '../src/query/aggregate-accumulator';

const key = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
const zeros = (...values: bigint[]) => [...values, ...new Array<bigint>(VALUE_COLUMNS - values.length).fill(0n)];
/** A group's totals of one column that are not 0, by item. */
const byItem = (group: AggregateGroup, column: number) =>
  Object.fromEntries([...(group.columns[column] ?? new Map<string, bigint>())].filter(([, value]) => value !== 0n));
const sixDims = (dims: readonly string[]) => [...dims, ...new Array<string>(DIMENSION_COLUMNS - dims.length).fill('')];

function contribution(
  position: number,
  occurredAt: string,
  dims: readonly string[],
  values: bigint[],
  item = '',
  knownAt = '2025-01-01T00:00:00.000Z',
): ContributionRow {
  return {
    figure: 'f',
    position,
    seq: 0,
    eventId: `e${position}`,
    stream: `s-${position}`,
    eventType: 'T',
    occurredAt,
    recordedAt: '2025-01-01T00:00:00.000Z',
    knownAt,
    dims: sixDims(dims),
    item,
    events: 1,
    values: zeros(...values),
  };
}

function rollup(
  grain: 'y' | 'm' | 'd',
  period: string,
  posBucket: number,
  dims: readonly string[],
  values: bigint[],
  item = '',
): RollupDelta {
  return { figure: 'f', grain, period, posBucket, dims: sixDims(dims), item, events: 1n, values: zeros(...values) };
}

function batch(expectedPosition: number, position: number, parts: Partial<ProjectionBatch>): ProjectionBatch {
  return {
    contributions: [],
    rollups: [],
    entities: [],
    checkpoints: [{ figure: 'f', version: 1, position, recordedAt: '2025-01-01T00:00:00.000Z', events: position, expectedPosition }],
    ...parts,
  };
}

/**
 * One contract for every figure store adapter. `open` gives a fresh, empty store (its own file or schema);
 * `cleanup` removes it.
 */
export function figureStoreContract(
  adapter: string,
  open: () => Promise<FigureStore>,
  cleanup: () => Promise<void> = async () => undefined,
): void {
  describe(`FigureStore contract: ${adapter}`, () => {
    let store: FigureStore;
    const extra: FigureStore[] = [];
    beforeEach(async () => {
      store = await open();
      await store.init();
      await store.init(); // idempotent
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
      await cleanup();
    });

    it('reset starts a figure at position 0 with its version; commit moves it with its rows, atomically', async () => {
      await store.reset('f', 3);
      expect(await store.checkpoints()).toEqual([{ figure: 'f', version: 3, position: 0, recordedAt: '', events: 0 }]);
      await store.commit(
        batch(0, 2, {
          contributions: [
            contribution(1, '2023-01-01T00:00:00.000Z', ['MX', '', ''], [5n]),
            contribution(2, '2023-02-01T00:00:00.000Z', ['AR', '', ''], [7n]),
          ],
          entities: [
            { figure: 'f', entity: 'a', state: '{"n":1}' },
            { figure: 'f', entity: 'b', state: '{"n":2}' },
          ],
        }),
      );
      expect((await store.checkpoints())[0]).toMatchObject({ position: 2, version: 1, events: 2 });
      expect(await store.loadEntities('f', ['a', 'b', 'c'])).toEqual(
        new Map([
          ['a', '{"n":1}'],
          ['b', '{"n":2}'],
        ]),
      );
      await store.commit(batch(2, 3, { entities: [{ figure: 'f', entity: 'a', state: null }] }));
      expect(await store.loadEntities('f', ['a', 'b'])).toEqual(new Map([['b', '{"n":2}']]));
    });

    it('refuses a batch whose expected checkpoint moved, and writes none of it', async () => {
      await store.reset('f', 1);
      await store.commit(batch(0, 1, { contributions: [contribution(1, '2023-01-01T00:00:00.000Z', ['MX', '', ''], [1n])] }));
      await expect(
        store.commit(
          batch(0, 2, {
            contributions: [contribution(2, '2023-01-01T00:00:00.000Z', ['MX', '', ''], [1n])],
            entities: [{ figure: 'f', entity: 'x', state: '{}' }],
          }),
        ),
      ).rejects.toBeInstanceOf(CheckpointConflictError);
      expect((await store.checkpoints())[0].position).toBe(1);
      expect(await store.loadEntities('f', ['x'])).toEqual(new Map());
      expect((await store.contributions({ figure: 'f', filters: [], limit: 10 })).map((c) => c.position)).toEqual([1]);
    });

    it('a failing batch (duplicate contribution key) rolls back the checkpoint with it', async () => {
      await store.reset('f', 1);
      const twice = contribution(1, '2023-01-01T00:00:00.000Z', ['MX', '', ''], [1n]);
      const outcome = await store.commit(batch(0, 1, { contributions: [twice, twice] })).then(
        () => 'committed',
        () => 'refused',
      );
      expect(outcome).toBe('refused');
      expect((await store.checkpoints())[0].position).toBe(0);
      expect(await store.contributions({ figure: 'f', filters: [], limit: 10 })).toEqual([]);
    });

    it('aggregates rollup periods, position buckets and raw ranges exactly, beyond 2^53', async () => {
      await store.reset('f', 1);
      const big = 1n << 59n;
      await store.commit(
        batch(0, 3, {
          rollups: [
            rollup('y', '2022', 0, ['MX', 'a', ''], [big, 1n]),
            rollup('y', '2022', 0, ['MX', 'b', ''], [big, -3n]),
            rollup('y', '2023', 1, ['AR', 'a', ''], [1n]),
            rollup('m', '2023-05', 0, ['AR', 'a', ''], [2n]),
            rollup('d', '2023-05-06', 0, ['AR', 'a', ''], [4n], 'item-1'),
          ],
          contributions: [
            contribution(1, '2023-05-06T10:00:00.000Z', ['MX', 'a', ''], [8n]),
            contribution(2, '2023-05-07T10:00:00.000Z', ['MX', 'a', ''], [16n]),
            contribution(3, '2023-05-07T11:00:00.000Z', ['AR', 'b', ''], [32n]),
          ],
        }),
      );
      // Each group's events, then its first two columns item by item.
      const sorted = (groups: Awaited<ReturnType<FigureStore['aggregate']>>) =>
        groups.map((g) => [g.group, g.events, byItem(g, 0), byItem(g, 1)]).sort((a, b) => key(a).localeCompare(key(b)));
      expect(
        sorted(
          await store.aggregate({
            figure: 'f',
            groupBy: ['year'],
            filters: [],
            rollup: { periods: [{ grain: 'y', from: '', to: '~' }] },
            raw: [],
          }),
        ),
      ).toEqual([
        [['2022'], 2n, { '': big * 2n }, { '': -2n }],
        [['2023'], 1n, { '': 1n }, {}],
      ]);
      expect(
        sorted(
          await store.aggregate({
            figure: 'f',
            groupBy: ['month', 'd1'],
            filters: [{ column: 'd2', values: ['a'] }],
            rollup: {
              periods: [
                { grain: 'm', from: '2023-01', to: '2023-12' },
                { grain: 'd', from: '2023-05-01', to: '2023-05-31' },
              ],
              posBucketBelow: 1,
            },
            raw: [{ from: '2023-05-07T00:00:00.000Z', to: '2023-05-07T23:59:59.999Z', positionFrom: 2, positionTo: 2 }],
          }),
        ),
      ).toEqual([
        [['2023-05', 'AR'], 2n, { '': 2n, 'item-1': 4n }, {}],
        [['2023-05', 'MX'], 1n, { '': 16n }, {}],
      ]);
    });

    it('without perItem, sums the rows without an item only, one row per group, from rollups and raw ranges', async () => {
      await store.reset('f', 1);
      await store.commit(
        batch(0, 3, {
          rollups: [
            rollup('m', '2023-04', 0, ['MX', 'a', ''], [1n, 10n]),
            rollup('m', '2023-04', 0, ['MX', 'a', ''], [0n, 100n], '7'),
            rollup('m', '2023-04', 1, ['MX', 'b', ''], [2n, 20n]),
            rollup('m', '2023-04', 1, ['AR', 'b', ''], [0n, 200n], '9'),
          ],
          contributions: [
            contribution(1, '2023-05-06T10:00:00.000Z', ['MX', 'a', ''], [4n, 40n]),
            contribution(2, '2023-05-06T11:00:00.000Z', ['MX', 'a', ''], [0n, 400n], '7'),
            contribution(3, '2023-05-06T12:00:00.000Z', ['AR', 'a', ''], [0n, 800n], '9'),
          ],
        }),
      );
      const spec = {
        figure: 'f',
        groupBy: ['d1'] as const,
        filters: [],
        rollup: { periods: [{ grain: 'm' as const, from: '2023-04', to: '2023-04' }] },
        raw: [{ from: '2023-05-06T00:00:00.000Z', to: '2023-05-06T23:59:59.999Z' }],
      };
      // Each group's events, then its first two columns item by item.
      const rows = (perItem: boolean) =>
        store
          .aggregate({ ...spec, groupBy: [...spec.groupBy], perItem })
          .then((all) => all.map((g) => [g.group, g.events, byItem(g, 0), byItem(g, 1)]).sort((a, b) => key(a).localeCompare(key(b))));
      expect(await rows(false)).toEqual([[['MX'], 3n, { '': 7n }, { '': 70n }]]);
      expect(await rows(true)).toEqual([
        [['AR'], 2n, {}, { '9': 1000n }],
        [['MX'], 5n, { '': 7n }, { '': 70n, '7': 500n }],
      ]);
    });

    it('holds values and sums past 64 bits exactly: wide rows, upserts that overflow, sums that overflow', async () => {
      await store.reset('f', 1);
      const wide = 10n ** 38n + 7n;
      const nearMax = 2n ** 63n - 10n;
      await store.commit(
        batch(0, 2, {
          rollups: [
            rollup('y', '2022', 0, ['MX', '', '', '', '', ''], [wide, nearMax]),
            rollup('y', '2023', 0, ['MX', '', '', '', '', ''], [nearMax, -wide]),
          ],
          contributions: [
            contribution(1, '2022-05-06T10:00:00.000Z', ['MX', '', '', '', '', ''], [wide]),
            contribution(2, '2022-05-07T10:00:00.000Z', ['MX', '', '', '', '', ''], [nearMax]),
          ],
        }),
      );
      // The same rollup rows again: each sum leaves 64 bits in the upsert itself.
      await store.commit(
        batch(2, 3, {
          rollups: [
            rollup('y', '2022', 0, ['MX', '', '', '', '', ''], [wide, nearMax]),
            rollup('y', '2023', 0, ['MX', '', '', '', '', ''], [nearMax, 1n]),
          ],
        }),
      );
      const byYear = await store.aggregate({
        figure: 'f',
        groupBy: ['year'],
        filters: [],
        rollup: { periods: [{ grain: 'y', from: '', to: '~' }] },
        raw: [],
      });
      expect(byYear.map((r) => [r.group, columnTotal(r, 0), columnTotal(r, 1)]).sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
        [['2022'], 2n * wide, 2n * nearMax],
        [['2023'], 2n * nearMax, 1n - wide],
      ]);
      const total = await store.aggregate({
        figure: 'f',
        groupBy: [],
        filters: [],
        rollup: { periods: [{ grain: 'y', from: '', to: '~' }] },
        raw: [{ from: '2022-01-01T00:00:00.000Z', to: '2022-12-31T23:59:59.999Z' }],
      });
      expect(total.map((r) => [columnTotal(r, 0), columnTotal(r, 1)])).toEqual([
        [2n * wide + 2n * nearMax + wide + nearMax, 2n * nearMax + 1n - wide],
      ]);
      expect((await store.contributions({ figure: 'f', filters: [], limit: 10 })).map((c) => c.values[0])).toEqual([wide, nearMax]);
    });

    it('sums many in-range values whose total passes 64 bits, on a figure with no wide row', async () => {
      await store.reset('f', 1);
      const big = 2n ** 61n;
      await store.commit(
        batch(0, 8, { rollups: [1, 2, 3, 4, 5, 6, 7, 8].map((d) => rollup('y', '2022', 0, [`C${d}`, '', '', '', '', ''], [big])) }),
      );
      const total = await store.aggregate({
        figure: 'f',
        groupBy: [],
        filters: [],
        rollup: { periods: [{ grain: 'y', from: '', to: '~' }] },
        raw: [],
      });
      expect(total.map((r) => columnTotal(r, 0))).toEqual([8n * big]);
    });

    it('groups and filters by all six dimensions, sums sixteen columns, and bounds raw rows by known time', async () => {
      await store.reset('f', 1);
      const sixteen = Array.from({ length: VALUE_COLUMNS }, (_, i) => BigInt(i + 1));
      await store.commit(
        batch(0, 3, {
          rollups: [
            rollup('y', '2023', 0, ['a', 'b', 'c', 'd', 'e', 'f'], sixteen),
            rollup('y', '2023', 0, ['a', 'b', 'c', 'd', 'e', 'g'], sixteen),
          ],
          contributions: [
            contribution(1, '2023-05-06T10:00:00.000Z', ['a', 'b', 'c', 'd', 'e', 'f'], [1n], '', '2023-05-06T10:00:00.000Z'),
            // Imported history: known earlier than a contribution at a lower position.
            contribution(2, '2023-05-06T11:00:00.000Z', ['a', 'b', 'c', 'd', 'e', 'f'], [10n], '', '2023-01-01T00:00:00.000Z'),
            contribution(3, '2023-05-06T12:00:00.000Z', ['a', 'b', 'c', 'd', 'x', 'f'], [100n], '', '2024-01-01T00:00:00.000Z'),
          ],
        }),
      );
      const rolled = await store.aggregate({
        figure: 'f',
        groupBy: ['year', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'],
        filters: [{ column: 'd6', values: ['f'] }],
        rollup: { periods: [{ grain: 'y', from: '2023', to: '2023' }] },
        raw: [],
      });
      expect(rolled.map((r) => [r.group, sixteen.map((_, i) => columnTotal(r, i))])).toEqual([
        [['2023', 'a', 'b', 'c', 'd', 'e', 'f'], sixteen],
      ]);
      const known = await store.aggregate({
        figure: 'f',
        groupBy: ['d5'],
        filters: [{ column: 'd4', values: ['d'] }],
        rollup: { periods: [] },
        raw: [{ from: '', to: '~', knownBy: '2023-06-30T23:59:59.999Z' }],
      });
      expect(known.map((r) => [r.group, columnTotal(r, 0)])).toEqual([[['e'], 11n]]);
      const page = await store.contributions({ figure: 'f', filters: [], limit: 10, knownBy: '2023-02-01T00:00:00.000Z' });
      expect(page.map((c) => [c.position, c.knownAt, c.dims])).toEqual([[2, '2023-01-01T00:00:00.000Z', ['a', 'b', 'c', 'd', 'e', 'f']]]);
    });

    it('pages contributions by event, in log order, with filters and a knownAt bound', async () => {
      await store.reset('f', 1);
      const rows = [1, 2, 3, 4, 5].flatMap((p) => [
        { ...contribution(p, `2023-0${p}-01T00:00:00.000Z`, [p % 2 ? 'MX' : 'AR', '', ''], [1n]), seq: 0 },
        { ...contribution(p, `2023-0${p}-01T00:00:00.000Z`, [p % 2 ? 'MX' : 'AR', '', ''], [2n]), seq: 1 },
      ]);
      await store.commit(batch(0, 5, { contributions: rows }));
      const page1 = await store.contributions({ figure: 'f', filters: [{ column: 'd1', values: ['MX'] }], limit: 2 });
      expect(page1.map((c) => [c.position, c.seq, c.values[0]])).toEqual([
        [1, 0, 1n],
        [1, 1, 2n],
        [3, 0, 1n],
        [3, 1, 2n],
      ]);
      const page2 = await store.contributions({
        figure: 'f',
        filters: [{ column: 'd1', values: ['MX'] }],
        limit: 2,
        after: 3,
        positionAtMost: 4,
      });
      expect(page2).toEqual([]);
      const window = await store.contributions({
        figure: 'f',
        filters: [],
        limit: 10,
        from: '2023-02-01T00:00:00.000Z',
        to: '2023-03-31T23:59:59.999Z',
      });
      expect([...new Set(window.map((c) => c.position))]).toEqual([2, 3]);
      expect(window[0]).toEqual({ ...rows[2] });
    });

    it('answers every figure the same, byte for byte, as the SQLite reference', async () => {
      const history = randomHistory(5, 400);
      const here = new FiguresHarness({ store, positionBucketSize: 32, batchSize: 50 });
      const reference = new FiguresHarness({ positionBucketSize: 32 });
      try {
        here.events.add(...history, e.training('last', {}));
        reference.events.add(...history, e.training('last', {}));
        const answers = async (h: FiguresHarness) => {
          const all: unknown[] = [];
          for (const figure of FIGURES) {
            const version = String(figure.version);
            for (const params of [
              { version, groupBy: 'year' } as Record<string, string>,
              { version, groupBy: `month,${figure.dimensions[0].name}`, asOf: '2024-01-15T12:00:00Z', knownAt: '150' },
              { version, groupBy: figure.dimensions.map((d) => d.name).join(','), knownAt: '2025-01-01T02:00:00Z' },
            ]) {
              all.push(await h.answer(figure.name, params));
            }
          }
          all.push(await h.service.provenance(trainingsFigure.name, { limit: '5' }));
          return JSON.stringify(all);
        };
        expect(await answers(here)).toBe(await answers(reference));
      } finally {
        await reference.close();
      }
    });
  });
}
