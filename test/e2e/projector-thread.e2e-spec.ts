import { type LedgerTestApp, recordTrainings, startLedgerApp } from '@ledger/test-support/http/ledger-app';

describe('LEDGER_PROJECTOR=thread: the API projects on a thread of its own', () => {
  let ledger: LedgerTestApp | undefined;
  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  it('answers figures the thread projects from the commands this API appends, and says where it stands in /health', async () => {
    ledger = await startLedgerApp({ LEDGER_PROJECTOR: 'thread' });
    const head = await recordTrainings(ledger, ['cdmx-1', 'cdmx-2']);
    let sessions: unknown;
    for (let attempt = 0; attempt < 200 && sessions !== 2; attempt++) {
      const answer = await ledger.http().get('/v1/figures/trainings').expect(200);
      sessions = answer.body.rows[0]?.measures.sessions;
      if (sessions !== 2) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(sessions).toBe(2);
    let health: { status?: string; projection?: unknown } = {};
    for (let attempt = 0; attempt < 100; attempt++) {
      health = (await ledger.http().get('/health').expect(200)).body;
      const projection = health.projection as { state?: string; position?: number } | undefined;
      if (projection?.state === 'caught-up' && projection.position === head) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(health).toMatchObject({ status: 'ok', projection: { state: 'caught-up', position: head } });
  });
});
