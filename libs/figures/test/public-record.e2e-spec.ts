import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandPipeline, FixedClock, randomIds } from '@ledger/commands';
import { seedDemoHistory } from '@ledger/demo';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { Projector } from '../src/projector/projector';
import { FigureService } from '../src/query/figure-service';
import { SqliteFigureStore } from '../src/sqlite/sqlite-figure-store';
import { checkPublicRecord } from './public-record';

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
    const report = await seedDemoHistory(new CommandPipeline(events, new FixedClock('2025-01-02T00:00:00.000Z'), randomIds), { batchSize: 2000 });
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
