import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandPipeline, FixedClock, randomIds } from '@ledger/commands';
import { seedDemoHistory } from '@ledger/demo';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { Projector } from '../src/projector/projector';
import { FigureService } from '../src/query/figure-service';
import { SqliteFigureStore } from '../src/sqlite/sqlite-figure-store';
import { checkPublicRecord } from '@ledger/test-support/figures/public-record';

// The whole demo history (about 400k commands) through the command side, then every figure from position 0:
// minutes, not seconds, hence an e2e spec with a long timeout.
jest.setTimeout(30 * 60_000);

describe('the demo history reproduces every line of the public record through the figure API', () => {
  let dir: string;
  let events: EventStore;
  let store: SqliteFigureStore;
  let service: FigureService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-public-record-'));
    const file = join(dir, 'ledger.sqlite');
    events = createEventStore({ kind: 'sqlite', filename: file });
    const report = await seedDemoHistory(new CommandPipeline(events, new FixedClock('2025-01-02T00:00:00.000Z'), randomIds), {
      batchSize: 2000,
    });
    expect(report.failed).toEqual([]);
    store = new SqliteFigureStore({ filename: file });
    await new Projector(events, store, { batchSize: 20_000 }).rebuild();
    service = new FigureService(events, store);
  });

  afterAll(async () => {
    await store?.close();
    await events?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every public-record line holds', async () => {
    expect(await checkPublicRecord(service)).toEqual([]);
  });

  it('version 2 stocks on the demo are never negative, never count the future, and hold what the flows say', async () => {
    const requests = await service.answer('le-requests', { groupBy: 'year' });
    for (const row of requests.rows) {
      const m = row.measures as Record<string, number>;
      expect(m.openAtEnd).toBeGreaterThanOrEqual(0);
      expect(m.overdueAtEnd).toBeLessThanOrEqual(m.openAtEnd);
      expect(m.open0to2Days + m.open3to7Days + m.open8to30Days + m.openOver30Days).toBe(m.openAtEnd);
    }
    // No year after the last recording time the answer knows gets a row, and its stocks stand at most then.
    const lastYear = requests.knownAt.recordedAt!.slice(0, 4);
    expect(requests.rows.map((row) => row.group.year).filter((year) => year! > lastYear)).toEqual([]);
    expect(requests.stocksAt! <= requests.knownAt.recordedAt!).toBe(true);
    const funds = await service.answer('funds', { groupBy: 'month,country' });
    expect(funds.rows.filter((row) => (row.measures.heldUsd as string).startsWith('-'))).toEqual([]);
    const byAsset = await service.answer('funds', { groupBy: 'year,asset' });
    expect(byAsset.rows.filter((row) => (row.measures.heldAmount as string).startsWith('-'))).toEqual([]);
    // Each event counts once: the answer's events never exceed the events the log holds.
    expect(requests.events).toBeLessThanOrEqual((await events.headPosition())!);
  });

  it('events are distinct: all of history counts each request event once, a year row every event with a contribution that year', async () => {
    let requestEvents = 0;
    for (let after: number | undefined; ;) {
      const page = await events.readAll({ ...(after === undefined ? {} : { after }), limit: 20_000 });
      if (page.length === 0) break;
      requestEvents += page.filter((event) => event.stream.startsWith('request-')).length;
      after = page[page.length - 1].position;
    }
    // Every request event of the demo (receipts, answers, withdrawals) contributes: each counts once.
    expect((await service.answer('le-requests', {})).events).toBe(requestEvents);
    const byYear = await service.answer('le-requests', { groupBy: 'year' });
    expect(byYear.events).toBe(requestEvents);
    for (const row of byYear.rows) {
      const m = row.measures as Record<string, number>;
      // Each receipt, answer and withdrawal of the year is a distinct event with a contribution in it.
      expect(row.events).toBeGreaterThanOrEqual(m.received + m.answered + m.withdrawn);
      expect(row.events).toBeLessThanOrEqual(requestEvents);
      // The year on its own counts the same events as its row.
      expect((await service.answer('le-requests', { year: row.group.year! })).events).toBe(row.events);
    }
  });

  it('the Mexico City seminar was corrected: known before the correction it showed the participants first recorded', async () => {
    const cell = { country: 'MX', from: '2024-06-20', asOf: '2024-06-20' };
    const provenance = await service.provenance('trainings', cell);
    const correction = provenance.events.find((e) => e.type === 'TrainingSessionCorrected');
    expect(correction).toBeDefined();
    const [previous] = await events.readAll({ direction: 'backwards', before: correction!.position, limit: 1 });
    const before = await service.answer('trainings', { ...cell, knownAt: String(previous.position) });
    expect(before.rows[0].measures.participants).toBe(33);
    expect((await service.answer('trainings', cell)).rows[0].measures.participants).toBe(35);
  });
});
