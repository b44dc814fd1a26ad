import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandPipeline, FixedClock, randomIds } from '@ledger/commands';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { DEMO_IMPORT_SOURCE, generateDemoHistory } from './demo-history';
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
    const events = await store.readAll({ limit: 100_000 });
    const types = new Set(events.map((e) => e.type));
    // Imported history: each event keeps when the earlier system recorded it, beside the ledger's own recording time.
    const history = [...generateDemoHistory({ scale: 0.01 })];
    events.forEach((event, i) => {
      expect(event.metadata.imported).toEqual({ source: DEMO_IMPORT_SOURCE, recordedAt: new Date(history[i].occurredAt).toISOString() });
      expect(event.metadata.recordedAt >= '2025-01-02T00:00:00.000Z').toBe(true);
    });
    for (const type of [
      'TrainingSessionCorrected',
      'TrainingSessionWithdrawn',
      'FundsSeized',
      'FundsReleased',
      'FundsReturned',
      'FundsRecovered',
      'LawEnforcementRequestWithdrawn',
    ]) {
      expect(types).toContain(type);
    }

    const second = await seedDemoHistory(pipeline, { scale: 0.01 });

    expect(second).toMatchObject({ ok: true, appended: 0, events: 0, replayed: first.lines });
    expect(await store.headPosition()).toBe(head);
  });

  it('with the store at hand, a re-run recognises the stored batches without deciding them again, and resumes an interrupted seeding', async () => {
    const calls: number[] = [];
    const counting = {
      executeBatch: (items: Parameters<CommandPipeline['executeBatch']>[0]) => (calls.push(items.length), pipeline.executeBatch(items)),
    };
    const part = await seedDemoHistory(counting, { until: '2021-11-20', batchSize: 100, store });
    const partHead = await store.headPosition();
    calls.length = 0;

    const whole = await seedDemoHistory(counting, { until: '2021-12-05', batchSize: 100, store });

    expect(part).toMatchObject({ ok: true, replayed: 0 });
    expect(whole).toMatchObject({ ok: true, replayed: part.lines, appended: whole.lines - part.lines });
    expect(await store.headPosition()).toBe(partHead! + whole.appended);
    // Only the batch that straddles the old end is decided again; the ones before it are skipped.
    expect(calls.reduce((s, n) => s + n, 0)).toBeLessThan(whole.lines - part.lines + 100);
    calls.length = 0;

    const again = await seedDemoHistory(counting, { until: '2021-12-05', batchSize: 100, store });

    expect(again).toMatchObject({ ok: true, appended: 0, replayed: whole.lines, lines: whole.lines });
    expect(calls).toEqual([]);
  });

  it('reports progress with the business time reached', async () => {
    const seen: string[] = [];

    await seedDemoHistory(pipeline, { until: '2021-11-08', batchSize: 50, onProgress: (p) => p.occurredAt && seen.push(p.occurredAt) });

    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)! < '2021-11-08').toBe(true);
    expect([...seen].sort()).toEqual(seen);
  });
});
