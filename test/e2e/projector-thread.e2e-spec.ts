import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type LedgerTestApp, recordTrainings, startLedgerApp } from '@ledger/test-support/http/ledger-app';

describe('LEDGER_PROJECTOR=thread: the API projects on a thread of its own', () => {
  let ledger: LedgerTestApp | undefined;
  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  /** Records two trainings, then waits until the figures count both and /health says the projector caught up. */
  async function projectsTwoTrainings(app: LedgerTestApp): Promise<void> {
    const head = await recordTrainings(app, ['cdmx-1', 'cdmx-2']);
    let sessions: unknown;
    for (let attempt = 0; attempt < 200 && sessions !== 2; attempt++) {
      const answer = await app.http().get('/v1/figures/trainings').expect(200);
      sessions = answer.body.rows[0]?.measures.sessions;
      if (sessions !== 2) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(sessions).toBe(2);
    let health: { status?: string; projection?: unknown } = {};
    for (let attempt = 0; attempt < 100; attempt++) {
      health = (await app.http().get('/health').expect(200)).body;
      const projection = health.projection as { state?: string; position?: number } | undefined;
      if (projection?.state === 'caught-up' && projection.position === head) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(health).toMatchObject({ status: 'ok', projection: { state: 'caught-up', position: head } });
  }

  const figureTablesIn = (file: string): string[] => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'figure%'").pluck().all() as string[];
    } finally {
      db.close();
    }
  };

  it('answers figures the thread projects from the commands this API appends, and says where it stands in /health', async () => {
    ledger = await startLedgerApp({ LEDGER_PROJECTOR: 'thread' });
    await projectsTwoTrainings(ledger);
    expect(figureTablesIn(join(ledger.dataDir, 'events.sqlite'))).toContain('figure_checkpoint');
  });

  it('with LEDGER_FIGURES_FILE=own, keeps the figures in figures.sqlite of the data dir, none in the events file', async () => {
    ledger = await startLedgerApp({ LEDGER_PROJECTOR: 'thread', LEDGER_FIGURES_FILE: 'own' });
    await projectsTwoTrainings(ledger);
    expect(figureTablesIn(join(ledger.dataDir, 'figures.sqlite'))).toContain('figure_checkpoint');
    // Over EventStoreDB the data dir holds no events file at all.
    const eventsFile = join(ledger.dataDir, 'events.sqlite');
    expect(existsSync(eventsFile) ? figureTablesIn(eventsFile) : []).toEqual([]);
  });

  it('shuts down at once after it started, the thread ending with it', async () => {
    ledger = await startLedgerApp({ LEDGER_PROJECTOR: 'thread' });
    const started = Date.now();
    await ledger.close();
    ledger = undefined;
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
