import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { eventStoreFile, loadConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { recordTrainings, TEST_NOW, startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

/** Verify as jobs in the ledger worker, the continuous verifier, paged restatements, and limits by cost. */
describe('verify jobs, the latest result, restatement pages', () => {
  let ledger: LedgerTestApp;
  let head = 0;

  async function settled(): Promise<void> {
    for (let attempt = 0; attempt < 250; attempt++) {
      const { body } = await ledger.http().get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => f.projectedTo?.position === head)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`figures did not reach log position ${head}`);
  }
  async function finished(
    location: string,
  ): Promise<{ state: string; progress: { eventsChecked: number; of: number }; result?: Record<string, unknown> }> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const { body } = await ledger.http().get(location).expect(200);
      if (body.state !== 'running') return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`job ${location} did not finish`);
  }

  beforeAll(async () => {
    ledger = await startLedgerApp();
    head = await recordTrainings(ledger, ['a', 'b', 'c']);
    head = (
      await ledger
        .http()
        .post('/v1/trainings/a/corrections')
        .send({ changes: { participants: 40 }, reason: 'sheet said 40' })
        .expect(201)
    ).body.events[0].position;
    head = (
      await ledger
        .http()
        .post('/v1/trainings/b/corrections')
        .send({ changes: { participants: 41 }, reason: 'sheet said 41' })
        .expect(201)
    ).body.events[0].position;
    await settled();
  });
  afterAll(async () => ledger.close());

  it('runs a full verification as a job: 202 with its Location, then progress and the report', async () => {
    const started = await ledger.as('auditor').post('/v1/audit/verifications').expect(202);
    expect(started.headers.location).toBe(`/v1/audit/verifications/${started.body.id}`);
    expect(started.body).toMatchObject({ id: expect.any(String), state: expect.stringMatching(/^(running|done)$/) });
    const job = await finished(started.headers.location);
    expect(job).toMatchObject({
      state: 'done',
      progress: { eventsChecked: 5, of: 5 },
      result: { ok: true, eventsChecked: 5, streamsChecked: 3 },
    });
    await ledger.http().get('/v1/audit/verifications/00000000-0000-4000-8000-000000000000').expect(404);
    await ledger.http().get('/v1/audit/verifications/not-a-uuid').expect(400);
  });

  it('serves the latest result at once, carried to new events by the continuous verifier, and shows it in /health', async () => {
    head = (
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId: 'd' })
        .expect(201)
    ).body.events[0].position;
    await settled();
    // Old clients: GET /v1/audit/verify waits (off the loop) until the verifier has reached the new event.
    const verify = (await ledger.http().get('/v1/audit/verify').expect(200)).body;
    expect(verify).toMatchObject({
      ok: true,
      eventsChecked: 6,
      lastPosition: head,
      treeSize: 6,
      ageSeconds: expect.any(Number),
      fullVerification: { ok: true },
    });
    const latest = (await ledger.http().get('/v1/audit/verifications/latest').expect(200)).body;
    expect(latest).toMatchObject({ ok: true, eventsChecked: 6 });
    const health = (await ledger.http().get('/health').expect(200)).body;
    expect(health.verifier).toMatchObject({
      state: 'following',
      verifiedTreeSize: 6,
      verifiedPosition: head,
      ageSeconds: expect.any(Number),
    });
    expect((await ledger.anonymous().get('/health').expect(200)).body.verifier).toBeUndefined();
    // A regulator learns nothing of the whole log's size from it.
    const regulator = (
      await ledger
        .as('admin')
        .post('/v1/keys')
        .send({ role: 'regulator', countries: ['MX'] })
        .expect(201)
    ).body.key;
    expect(
      (await request(ledger.app.getHttpServer()).get('/health').set('Authorization', `Bearer ${regulator}`).expect(200)).body.verifier,
    ).toBeUndefined();
  });

  it('proves a just-appended event by id, before or after the index has it', async () => {
    const added = (
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId: 'e' })
        .expect(201)
    ).body.events[0];
    head = added.position;
    await settled();
    await ledger.as('auditor').post('/v1/audit/tree-heads').expect(201);
    const proof = (await ledger.http().get('/v1/audit/proofs/inclusion').query({ eventId: added.eventId }).expect(200)).body;
    expect(proof).toMatchObject({ position: added.position, leafIndex: 6, treeSize: 7 });
    const missing = await ledger
      .http()
      .get('/v1/audit/proofs/inclusion')
      .query({ eventId: '00000000-0000-4000-8000-0000000000ff' })
      .expect(404);
    expect(missing.body.code).toBe('audit.event_not_found');
  });

  it('pages restatements: limit and next, the same list across pages', async () => {
    const first = (await ledger.http().get('/v1/figures/trainings/restatements').query({ limit: 1 }).expect(200)).body;
    expect(first).toMatchObject({ total: 2, restatements: [{ correction: { reason: 'sheet said 40' } }] });
    expect(first.next).toBe(first.restatements[0].position);
    const second = (await ledger.http().get('/v1/figures/trainings/restatements').query({ limit: 1, after: first.next }).expect(200)).body;
    expect(second).toMatchObject({ total: 2, next: null, restatements: [{ correction: { reason: 'sheet said 41' } }] });
    await ledger.http().get('/v1/figures/trainings/restatements').query({ limit: 0 }).expect(400);
  });

  it('finds an event altered after it was verified by the background sweep, without a full job, and a full job agrees', async () => {
    const db = new Database(eventStoreFile(ledger.config));
    try {
      db.prepare("UPDATE events SET data = json_set(data, '$.participants', 999) WHERE position = ?").run(1);
    } finally {
      db.close();
    }
    // The sweep re-reads the verified log at LEDGER_VERIFY_SWEEP_RATE (1000 events/s by default): 7 events take
    // well under its one-second interval; a few intervals are allowed for a loaded machine.
    let latest: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 100 && latest.ok !== false; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      latest = (await ledger.http().get('/v1/audit/verifications/latest').expect(200)).body;
    }
    expect(latest).toMatchObject({
      ok: false,
      firstMismatch: { problem: 'content_hash_mismatch', position: 1 },
      fullVerification: { ok: true },
    });
    expect((await ledger.http().get('/health').expect(200)).body.verifier).toMatchObject({ state: 'mismatch' });
    const started = await ledger.as('auditor').post('/v1/audit/verifications').expect(202);
    const job = await finished(started.headers.location);
    expect(job.result).toMatchObject({ ok: false, firstMismatch: { problem: 'content_hash_mismatch', position: 1 } });
    expect((await ledger.http().get('/v1/audit/verifications/latest').expect(200)).body).toMatchObject({
      ok: false,
      firstMismatch: { position: 1 },
      fullVerification: { ok: false },
    });
  });
});

describe('limits by cost: figure answers, restatements and jobs draw on one budget per key', () => {
  let app: INestApplication;
  let dataDir: string;
  const admin = 'ldg_cost-limit-admin-key-0123456789abcdefghijk';
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-cost-'));
    app = await createApp(loadConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_KEY: admin, LEDGER_RATE_LIMIT: '1/h' }), {
      clock: new FixedClock(TEST_NOW),
      logger: false,
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const newKey = async () =>
    (await request(app.getHttpServer()).post('/v1/keys').set('Authorization', `Bearer ${admin}`).send({ role: 'auditor' }).expect(201)).body
      .key as string;
  const get = (key: string, path: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);

  it('charges a figure answer by its groupings and time filters, so a budget buys many plain answers and few wide ones', async () => {
    const wide = await newKey();
    // 0.02 x (1 + 3 groupings) x 4 (knownAt) = 0.32 units: three fit in one unit, the fourth does not.
    for (let i = 0; i < 3; i++) await get(wide, '/v1/figures/trainings?groupBy=year,month,country&knownAt=1').expect(200);
    const limited = await get(wide, '/v1/figures/trainings?groupBy=year,month,country&knownAt=1').expect(429);
    expect(limited.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const plain = await newKey();
    // 0.02 units each: twelve are well within the budget.
    for (let i = 0; i < 12; i++) await get(plain, '/v1/figures/trainings').expect(200);
  });

  it('lets a call dearer than the budget (restatements, a verify job) through on a full bucket only, then waits', async () => {
    const key = await newKey();
    await get(key, '/v1/figures/trainings/restatements').expect(200);
    await get(key, '/v1/figures/trainings').expect(429);
    const other = await newKey();
    await request(app.getHttpServer()).post('/v1/audit/verifications').set('Authorization', `Bearer ${other}`).expect(202);
    await request(app.getHttpServer()).post('/v1/audit/verifications').set('Authorization', `Bearer ${other}`).expect(429);
  });
});
