import { DomainError } from '@ledger/domain';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import { randomHistory } from '@ledger/test-support/figures/random-history';
import { FIGURES } from '../definitions';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteFigureStore } from '../sqlite/sqlite-figure-store';
import { FigureService } from './figure-service';

describe('FigureService', () => {
  let h: FiguresHarness;
  beforeEach(() => (h = new FiguresHarness({ positionBucketSize: 16 })));
  afterEach(() => h.close());

  it('a correction changes the figure asOf now, while knownAt the earlier position still gives the earlier answer', async () => {
    h.events.add(
      e.training('mx', { deliveredOn: '2023-05-10', country: 'MX', participants: 35 }, '2023-05-11T09:00:00.000Z'),
      e.training('ar', { deliveredOn: '2023-08-01', country: 'AR', participants: 40 }, '2023-08-02T09:00:00.000Z'),
    );
    h.events.add(e.correctTraining('mx', { participants: 30, country: 'BR' }, '2024-02-01T09:00:00.000Z'));
    const now = await h.answer('trainings', { groupBy: 'country', asOf: '2023-12-31' });
    expect(now.rows.map((r) => [r.group.country, r.measures.participants])).toEqual([
      ['AR', 40],
      ['BR', 30],
    ]);
    expect(now.knownAt).toEqual({ position: 3, recordedAt: '2024-02-01T09:00:00.000Z' });

    const published = await h.service.answer('trainings', { groupBy: 'country', asOf: '2023-12-31', knownAt: '2' });
    expect(published.rows.map((r) => [r.group.country, r.measures.participants])).toEqual([
      ['AR', 40],
      ['MX', 35],
    ]);
    expect(published.knownAt).toEqual({ position: 2, recordedAt: '2023-08-02T09:00:00.000Z' });
    // The same, asked by recording time: what the ledger knew on 2024-01-15.
    const byTime = await h.service.answer('trainings', { groupBy: 'country', asOf: '2023-12-31', knownAt: '2024-01-15' });
    const cells = (rows: typeof published.rows) => rows.map((r) => [r.group, r.measures, r.events]);
    expect(cells(byTime.rows)).toEqual(cells(published.rows));
    // By time, each contribution's known time is compared (never a log position found for the time).
    // Its header names the last event known by then (the correction at 3 came later), not the head.
    expect(byTime.knownAt).toEqual({ position: 2, recordedAt: '2023-08-02T09:00:00.000Z', knownBy: '2024-01-15T23:59:59.999Z' });
    // Provenance of the corrected cell shows both the original event and the correction that moved it away.
    const mx = await h.service.provenance('trainings', { country: 'MX' });
    expect(mx.events.map((p) => [p.type, p.contributions.map((c) => c.values.participants)])).toEqual([
      ['TrainingSessionRecorded', ['35', undefined]],
      ['TrainingSessionCorrected', ['-35', undefined]],
    ]);
  });

  it("knownAt by time honours each fact's known time (imported history, recording times out of log order)", async () => {
    h.events.add(
      // Imported history: recorded by the ledger in 2025, known since 2023 and 2022 in the earlier system, out of order.
      {
        ...e.training('a', { deliveredOn: '2023-03-01', country: 'MX' }, '2025-01-01T00:00:00.000Z'),
        imported: { source: 'spreadsheet-2023', recordedAt: '2023-03-02T00:00:00.000Z' },
      },
      {
        ...e.training('b', { deliveredOn: '2022-03-01', country: 'MX' }, '2025-01-01T00:00:00.000Z'),
        imported: { source: 'spreadsheet-2022', recordedAt: '2022-03-02T00:00:00.000Z' },
      },
      e.training('c', { deliveredOn: '2024-03-01', country: 'MX' }, '2025-01-02T00:00:00.000Z'),
    );
    await h.project();
    const sessions = async (knownAt: string) => (await h.service.answer('trainings', { knownAt })).rows[0].measures.sessions;
    expect(await sessions('2022-12-31')).toBe(1); // b only, though it is at position 2
    expect(await sessions('2023-12-31')).toBe(2);
    expect(await sessions('2025-01-01T12:00:00Z')).toBe(2);
    expect(await sessions('2025-01-02')).toBe(3);
    const provenance = await h.service.provenance('trainings', { knownAt: '2022-12-31' });
    expect(provenance.events.map((p) => [p.position, p.knownAt])).toEqual([[2, '2022-03-02T00:00:00.000Z']]);
    // Under version 1 as well: known time, not a log position found by time.
    expect((await h.service.answer('trainings', { knownAt: '2022-12-31', version: '1' })).rows[0].measures.sessions).toBe(1);
  });

  it('every answer states its definition version, log position and time, events behind it, and provenance links', async () => {
    h.events.add(
      e.receiveRequest('r1', '2023-01-01T00:00:00Z'),
      e.answerRequest('r1', '2023-01-03T00:00:00Z'),
      e.receiveRequest('r2', '2024-01-01T00:00:00Z'),
    );
    const answer = await h.answer('le-requests', { groupBy: 'year', country: 'AR', version: '1' });
    expect(answer).toMatchObject({
      figure: 'le-requests',
      version: 1,
      knownAt: { position: 3, recordedAt: '2025-01-01T00:00:00.000Z' },
      events: 3,
    });
    expect(answer.rows.map((r) => [r.group.year, r.events, r.provenance])).toEqual([
      ['2023', 2, '/v1/figures/le-requests/provenance?version=1&year=2023&country=AR'],
      ['2024', 1, '/v1/figures/le-requests/provenance?version=1&year=2024&country=AR'],
    ]);
    // Without a version: the latest, whose stocks stand at each year's end (the last one at asOf; without asOf, the
    // open request would stand in every year up to the last recording time, 2025).
    const latest = await h.service.answer('le-requests', { groupBy: 'year', country: 'AR', asOf: '2024-06-30' });
    expect(latest).toMatchObject({ figure: 'le-requests', version: 2, events: 3 });
    expect(latest.rows.map((r) => [r.group.year, r.measures.received, r.measures.openAtEnd, r.events])).toEqual([
      ['2023', 1, 0, 2],
      ['2024', 1, 1, 1],
    ]);
    await expect(h.service.answer('le-requests', { version: '3' })).rejects.toMatchObject({ code: 'figures.unknown_version' });
    const cell = await h.service.provenance('le-requests', { year: '2023', country: 'AR' });
    expect(cell.events.map((p) => p.position)).toEqual([1, 2]);
  });

  it('provenance pages through exactly the events behind a cell', async () => {
    for (let i = 0; i < 7; i++) h.events.add(e.training(`t${i}`, { country: i % 2 === 0 ? 'MX' : 'AR', deliveredOn: `2023-0${1 + i}-01` }));
    await h.project();
    const seen: number[] = [];
    let page = await h.service.provenance('trainings', { country: 'MX', limit: '2' });
    for (;;) {
      seen.push(...page.events.map((p) => p.position));
      if (!page.next) break;
      const params = Object.fromEntries(new URL(page.next, 'http://x').searchParams);
      page = await h.service.provenance('trainings', params);
    }
    expect(seen).toEqual([1, 3, 5, 7]);
    const answer = await h.service.answer('trainings', { country: 'MX' });
    expect(answer.rows[0].measures.sessions).toBe(seen.length);
    const window = await h.service.provenance('trainings', { from: '2023-02-01', asOf: '2023-04-01', knownAt: '2' });
    expect(window.events.map((p) => p.position)).toEqual([2]);
  });

  it('rollups and raw contributions give the same answer for any window and knowledge point', async () => {
    const history = randomHistory(11, 700);
    h.events.add(...history);
    await h.project();
    const raw = new FigureService(h.events, h.store, { positionBucketSize: 16, rawContributionsOnly: true });
    const windows: Record<string, string>[] = [
      {},
      { asOf: '2023-06-30' },
      { from: '2022-01-01', asOf: '2023-12-31' },
      { from: '2022-03-15T06:00:00Z', asOf: '2024-02-29T18:00:00Z' },
      { from: '2023-07-04T01:00:00Z', asOf: '2023-07-04T23:00:00Z' },
      { year: '2023' },
      { month: '2022-11', asOf: '2022-11-20T12:00:00Z' },
    ];
    const knownAts = [undefined, '1', '15', '16', '17', '250', '699', '2025-01-01T03:00:30Z'];
    let compared = 0;
    for (const figure of FIGURES) {
      for (const groupBy of ['', 'year', 'month', `year,${figure.dimensions[0].name}`, figure.dimensions.map((d) => d.name).join(',')]) {
        for (const window of windows) {
          for (const knownAt of knownAts) {
            const params: Record<string, string> = {
              version: String(figure.version),
              ...window,
              ...(groupBy ? { groupBy } : {}),
              ...(knownAt ? { knownAt } : {}),
            };
            expect(JSON.stringify(await h.service.answer(figure.name, params))).toBe(JSON.stringify(await raw.answer(figure.name, params)));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(FIGURES.length * 5 * 7 * 8);
  });

  it('knownAt by time reads rollups for the prefix of the log known by then and raw contributions after it, as raw-only answers do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'known-prefix-'));
    // Small known-time blocks and buckets, so a time splits the log into a known prefix and a raw rest.
    const store = new SqliteFigureStore({ filename: join(dir, 'ledger.sqlite'), knownBlock: 8 });
    const k = new FiguresHarness({ positionBucketSize: 16, store });
    try {
      const start = Date.parse('2024-01-01T00:00:00Z');
      const history = randomHistory(13, 300).map((event, i) => ({ ...event, recordedAt: new Date(start + i * 3_600_000).toISOString() }));
      // Imported history in the middle of the log: known long before the events around it.
      history.splice(150, 0, {
        ...e.training('old', { deliveredOn: '2021-05-01', country: 'MX' }),
        recordedAt: '2024-01-07T06:30:00.000Z',
        imported: { source: 'sheet', recordedAt: '2021-05-02T00:00:00.000Z' },
      });
      k.events.add(...history);
      await k.project();
      const raw = new FigureService(k.events, store, { positionBucketSize: 16, rawContributionsOnly: true });
      const rollupReads = jest.spyOn(store, 'aggregate');
      let compared = 0;
      for (const knownAt of ['2021-06-01', '2024-01-02T05:30:00Z', '2024-01-05T12:00:00Z', '2024-01-10T00:00:00Z', '2030-01-01']) {
        for (const figure of FIGURES) {
          for (const params of [{ groupBy: 'year' }, { groupBy: `month,${figure.dimensions[0].name}`, asOf: '2024-06-15T12:00:00Z' }, {}]) {
            const query = { version: String(figure.version), knownAt, ...params };
            expect(JSON.stringify(await k.service.answer(figure.name, query))).toBe(JSON.stringify(await raw.answer(figure.name, query)));
            compared++;
          }
        }
      }
      expect(compared).toBe(5 * FIGURES.length * 3);
      // The answers did read rollups (a position bucket below the known prefix), not only raw contributions.
      expect(
        rollupReads.mock.calls.some(
          ([spec]) => spec.rollup.posBucketBelow !== undefined && spec.rollup.posBucketBelow > 0 && spec.raw.some((r) => r.knownBy),
        ),
      ).toBe(true);
    } finally {
      await k.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad query, naming what is wrong', async () => {
    await h.project();
    const refusal = (name: string, params: Record<string, string>) =>
      h.service.answer(name, params).then(
        () => undefined,
        (error: DomainError) => [error.kind, error.message],
      );
    expect(await refusal('nope', {})).toEqual(['not_found', expect.stringContaining('no figure named nope')]);
    expect(await refusal('trainings', { groupBy: 'asset' })).toEqual([
      'invalid',
      expect.stringContaining('groupBy asset is not a dimension of trainings'),
    ]);
    expect(await refusal('trainings', { colour: 'red' })).toEqual(['invalid', expect.stringContaining('unknown parameter colour')]);
    expect(await refusal('trainings', { asOf: '2023-02-30' })).toEqual(['invalid', expect.stringContaining('asOf must be an ISO date')]);
    expect(await refusal('trainings', { year: '23' })).toEqual(['invalid', expect.stringContaining('year must be YYYY')]);
    await expect(h.service.provenance('trainings', { limit: '0' })).rejects.toThrow(/limit must be a whole number from 1 to 1000/);
  });
});
