import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandPipeline, FixedClock, randomIds } from '@ledger/commands';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { seedDemoHistory } from './seed-demo';

describe('seeding the demo history through the command side (SQLite file)', () => {
  let dir: string;
  let store: EventStore;
  let pipeline: CommandPipeline;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
    store = createEventStore({ kind: 'sqlite', filename: join(dir, 'events.sqlite') });
    pipeline = new CommandPipeline(store, new FixedClock('2025-01-02T00:00:00.000Z'), randomIds);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the whole period (requests scaled down) passes every domain rule, and a second seeding appends nothing', async () => {
    const first = await seedDemoHistory(pipeline, { scale: 0.01 });

    expect(first.failed).toEqual([]);
    expect(first).toMatchObject({ ok: true, replayed: 0 });
    expect(first.appended).toBe(first.lines);
    const head = await store.headPosition();
    expect(head).toBe(first.events);
    const types = new Set((await store.readAll({ limit: 100_000 })).map((e) => e.type));
    for (const type of ['TrainingSessionCorrected', 'TrainingSessionWithdrawn', 'FundsSeized', 'FundsReleased', 'FundsReturned', 'FundsRecovered', 'LawEnforcementRequestWithdrawn']) {
      expect(types).toContain(type);
    }

    const second = await seedDemoHistory(pipeline, { scale: 0.01 });

    expect(second).toMatchObject({ ok: true, appended: 0, events: 0, replayed: first.lines });
    expect(await store.headPosition()).toBe(head);
  });

  it('reports progress with the business time reached', async () => {
    const seen: string[] = [];

    await seedDemoHistory(pipeline, { until: '2021-11-08', batchSize: 50, onProgress: (p) => p.occurredAt && seen.push(p.occurredAt) });

    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)! < '2021-11-08').toBe(true);
    expect([...seen].sort()).toEqual(seen);
  });
});
