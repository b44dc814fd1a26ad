import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import request from 'supertest';
import { freezeFunds, recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, TEST_NOW, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { createKey, FIGURE_NAMES, projectedTo } from '@ledger/test-support/http/access';

/** Issue 13: what an anonymous caller, an unlucky client or a stuck projector must never do to the ledger. */
describe('hardening', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger?.close());

  it('anonymous /health says only up; a bad credential is anonymous; a valid one sees the head', async () => {
    await ledger.http().post('/v1/trainings').send(recordTraining).expect(201);
    expect((await ledger.anonymous().get('/health').expect(200)).body).toEqual({ status: 'up' });
    expect((await ledger.anonymous().get('/health').set('Authorization', 'Bearer ldg_nope').expect(200)).body).toEqual({ status: 'up' });
    expect((await ledger.http().get('/health').expect(200)).body).toMatchObject({ status: 'ok', headPosition: 1 });
  });

  it("a regulator's knownAt=<n> never returns the recording time (or the log as of) event n, another jurisdiction's; auditors still see it", async () => {
    const regulator = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    const ar = await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'ar-timing', country: 'AR', city: 'Rosario' })
      .expect(201);
    const n = ar.body.events[0].position;
    await projectedTo(ledger, n);
    const asRegulator = (path: string) => request(ledger.app.getHttpServer()).get(path).set('Authorization', `Bearer ${regulator}`);
    // On main: knownAt.recordedAt was event n's recording time, whatever its country. Now positions are not for it.
    expect((await asRegulator(`/v1/figures/trainings?knownAt=${n}`).expect(403)).body.code).toBe('auth.positions_out_of_scope');
    expect((await asRegulator('/v1/figures/trainings').expect(200)).body.knownAt).toEqual({ position: null, recordedAt: null });
    expect((await asRegulator(`/v1/figures/trainings/provenance?knownAt=${n}`).expect(403)).body.code).toBe('auth.positions_out_of_scope');
    for (const figure of (await asRegulator('/v1/figures').expect(200)).body.figures)
      expect(figure.projectedTo).toEqual({ position: null, recordedAt: null });
    expect((await ledger.http().get(`/v1/figures/trainings?knownAt=${n}`).expect(200)).body.knownAt).toEqual({
      position: n,
      recordedAt: expect.any(String),
    });
  });

  it('a body nested thousands of levels deep is a 400 problem, not a 500, and appends nothing', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const before = (await ledger.allEvents()).length;
    for (const body of [`{"trainingId":"deep","agencies":${deep}}`, deep, `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`]) {
      const response = await ledger.http().post('/v1/trainings').set('content-type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ status: 400, code: 'body_too_deep' });
    }
    // Brackets inside strings are not nesting.
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'brackets', city: '[[{{'.repeat(20) })
      .expect(201);
    expect((await ledger.allEvents()).length).toBe(before + 1);
  });

  it('a freeze of usdValue 100000000000 (and of the domain maximum) projects and answers exactly', async () => {
    await ledger
      .http()
      .post('/v1/freezes')
      .send({ ...freezeFunds, freezeId: 'huge-1', assets: [{ asset: 'USDT', amount: '100000000000', usdValue: '100000000000' }] })
      .expect(201);
    const max = '9'.repeat(30) + '.99999999';
    const last = await ledger
      .http()
      .post('/v1/freezes')
      .send({
        ...freezeFunds,
        freezeId: 'huge-2',
        assets: [{ asset: 'BTC', amount: `${'9'.repeat(30)}.${'9'.repeat(18)}`, usdValue: max }],
      })
      .expect(201);
    await projectedTo(ledger, last.body.events[0].position);
    const funds = (await ledger.http().get('/v1/figures/funds').expect(200)).body;
    expect(funds.stale).toBeUndefined();
    expect(funds.rows[0].measures.frozenUsd).toBe('1000000000000000000099999999999.99999999');
    expect((await ledger.http().get('/health').expect(200)).body.status).toBe('ok');
  });
});

describe('a projector that fails is visible in /health, every figure answer and verify', () => {
  let ledger: LedgerTestApp;
  let regulatorKey: string;
  let failedAt: number;
  beforeAll(async () => {
    ledger = await startLedgerApp();
    regulatorKey = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    const first = await ledger.http().post('/v1/trainings').send(recordTraining).expect(201);
    await projectedTo(ledger, first.body.events[0].position);
    // An event no projection knows: the projector must stop on it, never skip it.
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const appended = await store.appendToStream(
      'mystery-1',
      [{ eventId: randomUUID(), type: 'MysteryHappened', schemaVersion: 1, data: {}, metadata: { actor: 'test' } }],
      { expectedRevision: 'no_stream' },
    );
    failedAt = appended.lastPosition!;
    for (let attempt = 0; attempt < 250; attempt++) {
      if ((await ledger.http().get('/health')).body.status === 'degraded') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 30_000);
  afterAll(async () => ledger?.close());

  it('/health: degraded with the position and the reason for a credential; anonymous still only up', async () => {
    const health = (await ledger.http().get('/health').expect(200)).body;
    expect(health).toMatchObject({
      status: 'degraded',
      projection: { state: 'failed', position: failedAt - 1, eventPosition: failedAt, reason: expect.stringContaining('MysteryHappened') },
    });
    expect((await ledger.anonymous().get('/health').expect(200)).body).toEqual({ status: 'up' });
  });

  it('every figure answer and provenance page says it is stale since position N and why', async () => {
    for (const name of FIGURE_NAMES) {
      const answer = (await ledger.http().get(`/v1/figures/${name}`).expect(200)).body;
      expect(answer.stale).toMatchObject({ since: failedAt - 1, reason: expect.stringContaining('MysteryHappened') });
      expect((await ledger.http().get(`/v1/figures/${name}/provenance`).expect(200)).body.stale).toMatchObject({ since: failedAt - 1 });
    }
    expect((await ledger.http().get('/v1/figures').expect(200)).body.stale).toMatchObject({ since: failedAt - 1 });
  });

  it('a regulator is told the answer is stale, without the event that stopped it', async () => {
    const answer = (
      await request(ledger.app.getHttpServer()).get('/v1/figures/trainings').set('Authorization', `Bearer ${regulatorKey}`).expect(200)
    ).body;
    // Stale, but since no position: a position counts every jurisdiction's events.
    expect(answer.stale).toMatchObject({ since: null, failedAt: null, reason: expect.stringContaining('projector stopped') });
    expect(JSON.stringify(answer)).not.toMatch(/mystery|Mystery/);
    const list = (await request(ledger.app.getHttpServer()).get('/v1/figures').set('Authorization', `Bearer ${regulatorKey}`).expect(200))
      .body;
    expect(JSON.stringify(list)).not.toMatch(/mystery|Mystery/);
  });

  it('verify reports the log intact and the projection stalled, side by side', async () => {
    const report = (await ledger.as('auditor').get('/v1/audit/verify').expect(200)).body;
    expect(report.projection).toMatchObject({ state: 'failed', position: failedAt - 1 });
  });
});

describe('the data dir is private to the service user', () => {
  it('is 0700 with every file 0600, and tightens a dir and files that were left wider', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
    // As main left them: a 0755 dir with 0644 databases.
    chmodSync(dataDir, 0o755);
    for (const name of ['events.sqlite', 'security.sqlite']) writeFileSync(join(dataDir, name), '', { mode: 0o644 });
    const config = loadConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LEDGER_LOG_LEVEL: 'error' });
    const app = await createApp(config, { clock: new FixedClock(TEST_NOW), logger: false });
    try {
      const admin = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
      await request(app.getHttpServer()).post('/v1/trainings').set('Authorization', `Bearer ${admin}`).send(recordTraining);
      const files = readdirSync(dataDir);
      expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'events.sqlite-wal', 'security.sqlite', 'admin.key']));
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(files.map((name) => [name, (statSync(join(dataDir, name)).mode & 0o777).toString(8)])).toEqual(
        files.map((name) => [name, '600']),
      );
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
