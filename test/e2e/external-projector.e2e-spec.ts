import { project } from '../../apps/ledger-cli/src/commands/project.command';
import { LedgerMetrics } from '../../apps/ledger-api/src/observability/ledger-metrics';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

/**
 * An API with LEDGER_PROJECTOR=external and `ledger project` (run here in-process) on one embedded data dir: the
 * API reads the projector's heartbeat and the figure checkpoints, and says degraded / stale once the projector is
 * behind the log and not moving for LEDGER_PROJECTOR_STALL_SECONDS.
 */
describe('an external projector that stalls', () => {
  let ledger: LedgerTestApp;
  let projector: { stop: AbortController; done: Promise<void> } | undefined;
  const lines: string[] = [];

  const startProjector = () => {
    const stop = new AbortController();
    projector = { stop, done: project(ledger.config, stop.signal, (line) => lines.push(line)) };
  };
  const stopProjector = async () => {
    projector?.stop.abort();
    await projector?.done;
    projector = undefined;
  };
  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (projector said: ${lines.join(' | ')})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const health = async () => (await ledger.http().get('/health').expect(200)).body;
  const record = async (trainingId: string) =>
    (
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId })
        .expect(201)
    ).body.events[0].position as number;

  beforeAll(async () => {
    ledger = await startLedgerApp({ LEDGER_PROJECTOR: 'external', LEDGER_PROJECTOR_STALL_SECONDS: '1' });
  });
  afterAll(async () => {
    await stopProjector();
    await ledger.close();
  });

  it('is ok while the projector keeps up, degraded and stale once it is behind and not moving, ok again when it moves', async () => {
    const head = await record('a');
    startProjector();
    await until('the projector to catch up', async () => ((await health()).projection?.position === head ? true : undefined));
    const caughtUp = await health();
    expect(caughtUp).toMatchObject({ status: 'ok', projection: { state: 'external', position: head, heartbeatAt: expect.any(String) } });

    // The projector stops (as a process that hangs or died would); the log moves on without it.
    await stopProjector();
    const behind = await record('b');
    // Behind, but within the threshold: a projector gets time to catch up.
    expect((await health()).status).toBe('ok');
    const stalled = await until('degraded health', async () => {
      const body = await health();
      return body.status === 'degraded' ? body : undefined;
    });
    expect(stalled.projection).toMatchObject({ state: 'stalled', position: head, code: 'figures.projector_stalled' });
    expect(stalled.projection.reason).toMatch(new RegExp(`behind the log \\(at position ${head}, head ${behind}\\)`));
    expect(await ledger.app.get(LedgerMetrics).registry.metrics()).toMatch(/ledger_projector_state\{state="stalled"\} 1/);
    // Every figure answer says it is stale since the position it stands at, and why.
    const answer = (await ledger.http().get('/v1/figures/trainings').expect(200)).body;
    expect(answer.stale).toMatchObject({ since: head, reason: expect.stringMatching(/external projector is behind the log/) });
    expect((await ledger.http().get('/v1/figures').expect(200)).body.stale).toMatchObject({ since: head });
    // A caller limited to some countries gets a reason that counts nothing.
    const regulator = (
      await ledger
        .as('admin')
        .post('/v1/keys')
        .send({ role: 'regulator', countries: ['US'] })
        .expect(201)
    ).body.key as string;
    const scoped = (await ledger.anonymous().get('/v1/figures/trainings').set('Authorization', `Bearer ${regulator}`).expect(200)).body;
    expect(scoped.stale).toEqual({
      since: null,
      failedAt: null,
      reason: 'the projector is behind the log and not moving; figures stay at this position until it moves again',
    });

    startProjector();
    // A restarted projector gets the threshold to catch up (health is ok at once); wait for it to reach the head.
    await until('the projector to catch up again', async () => {
      const body = await health();
      return body.status === 'ok' && body.projection?.position === behind ? true : undefined;
    });
    expect((await health()).projection).toMatchObject({ state: 'external', position: behind });
    expect((await ledger.http().get('/v1/figures/trainings').expect(200)).body.stale).toBeUndefined();
  });
});
