import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, TEST_ADMIN_KEY, TEST_NOW, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { createKey, seedTwoCountries } from '@ledger/test-support/http/access';

/** OWASP API2 (authentication), API3 (object properties, mass assignment) and API4 (resource consumption). */
describe('authentication, object properties and limits', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
    await seedTwoCountries(ledger);
  }, 60_000);
  afterAll(async () => ledger.close());

  describe('API2: broken authentication', () => {
    it.each([
      ['no Authorization header', undefined, 'auth.missing_credentials'],
      ['a scheme other than Bearer', `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'auth.invalid_credentials'],
      ['an empty bearer', 'Bearer ', 'auth.invalid_credentials'],
      ['a key that was never issued', `Bearer ldg_${'x'.repeat(43)}`, 'auth.invalid_key'],
      ['the admin key with one character changed', `Bearer ${TEST_ADMIN_KEY.slice(0, -1)}r`, 'auth.invalid_key'],
      ['a JWT while no issuer is configured', 'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.x', 'auth.invalid_token'],
    ])('%s: 401 with WWW-Authenticate', async (_, header, code) => {
      const call = request(ledger.app.getHttpServer()).get('/v1/keys');
      const response = await (header === undefined ? call : call.set('Authorization', header)).expect(401);
      expect(response.body.code).toBe(code);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="ledger"/);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('a revoked key stops working at once, and the revocation is an event naming who revoked it', async () => {
      const key = await createKey(ledger, { role: 'auditor', label: 'soon revoked' });
      const as = (k: string) => request(ledger.app.getHttpServer()).get('/v1/events').set('Authorization', `Bearer ${k}`);
      await as(key.key).expect(200);
      const revoked = await ledger.as('admin').post(`/v1/keys/${key.keyId}/revocation`).send({ reason: 'left the team' }).expect(200);
      expect(revoked.body).toMatchObject({ keyId: key.keyId, revokedBy: ledger.actors.admin, revokedAt: TEST_NOW });
      await as(key.key).expect(401);
      await ledger.as('admin').post(`/v1/keys/${key.keyId}/revocation`).send({}).expect(409);

      const log = (await ledger.as('auditor').get('/v1/security/events?limit=1000').expect(200)).body.events;
      const ofKey = log.filter((e: { stream: string }) => e.stream === `apikey-${key.keyId}`);
      expect(ofKey.map((e: { type: string; metadata: { actor: string } }) => [e.type, e.metadata.actor])).toEqual([
        ['ApiKeyCreated', ledger.actors.admin],
        ['ApiKeyRevoked', ledger.actors.admin],
      ]);
      expect(ofKey[1].metadata.prevHash).toBe(ofKey[0].metadata.contentHash);
    });
  });

  describe('API3: object properties', () => {
    it('a key is shown once: never in lists, the log or a second read; its hash (keyed) is never shown either', async () => {
      const created = await ledger
        .as('admin')
        .post('/v1/keys')
        .send({ role: 'regulator', countries: ['MX'] })
        .expect(201);
      expect(created.body.key).toMatch(/^ldg_[A-Za-z0-9_-]{43}$/);
      expect(created.headers['cache-control']).toBe('no-store');
      const listed = JSON.stringify((await ledger.as('admin').get('/v1/keys').expect(200)).body);
      const one = JSON.stringify((await ledger.as('admin').get(`/v1/keys/${created.body.keyId}`).expect(200)).body);
      const log = JSON.stringify((await ledger.as('auditor').get('/v1/security/events?limit=1000').expect(200)).body);
      const sha256 = createHash('sha256').update(created.body.key).digest('hex');
      for (const text of [listed, one, log]) {
        expect(text).not.toContain(created.body.key);
        expect(text).not.toContain(sha256);
        expect(text).not.toContain('keyHash');
      }
      expect(log).toContain(created.body.keyId);
    });

    it.each([
      ['an id of its own choosing', { role: 'auditor', keyId: '0000000000000000' }, 'keyId'],
      ['a hash of a key it knows', { role: 'auditor', keyHash: 'a'.repeat(64) }, 'keyHash'],
      ['its creator', { role: 'admin', createdBy: 'someone' }, 'createdBy'],
      ['countries for a non-regulator', { role: 'auditor', countries: ['MX'] }, 'role'],
      ['categories for a regulator', { role: 'regulator', countries: ['MX'], categories: ['freeze'] }, 'role'],
      ['an unknown role', { role: 'root' }, 'role'],
      ['an unknown category', { role: 'service', categories: ['payroll'] }, 'categories'],
    ])('mass assignment: a new key naming %s is refused (400), nothing created', async (_, body, field) => {
      const before = (await ledger.as('admin').get('/v1/keys').expect(200)).body.keys.length;
      const refused = await ledger.as('admin').post('/v1/keys').send(body).expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await ledger.as('admin').get('/v1/keys').expect(200)).body.keys).toHaveLength(before);
    });

    it.each([
      ['actor', { actor: 'apikey:someone-else' }],
      ['metadata', { metadata: { actor: 'x' } }],
      ['recordedAt', { recordedAt: '2020-01-01T00:00:00Z' }],
    ])('mass assignment: a command carrying %s is refused; the actor is always the authenticated principal', async (field, extra) => {
      const refused = await ledger
        .as('service')
        .post('/v1/trainings')
        .send({ ...recordTraining, ...extra })
        .expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('records the authenticated principal as the actor of each event it appends', async () => {
      const key = await createKey(ledger, { role: 'service', categories: ['training'] });
      const appended = await request(ledger.app.getHttpServer())
        .post('/v1/trainings')
        .set('Authorization', `Bearer ${key.key}`)
        .send(recordTraining)
        .expect(201);
      const stored = (await ledger.as('auditor').get(`/v1/streams/${appended.body.stream}`).expect(200)).body.events[0];
      expect(stored.metadata.actor).toBe(`apikey:${key.keyId}`);
    });
  });

  describe('API4: resource consumption', () => {
    it('a JSON body over the limit: 413 problem, nothing appended', async () => {
      const head = (await ledger.as('auditor').get('/health').expect(200)).body.headPosition;
      const big = { ...recordTraining, topics: Array.from({ length: 6000 }, (_, i) => `topic ${i} `.padEnd(190, 'x')) };
      const response = await ledger.as('service').post('/v1/trainings').send(big).expect(413);
      expect(response.body).toMatchObject({ code: 'body_too_large', status: 413 });
      expect((await ledger.as('auditor').get('/health').expect(200)).body.headPosition).toBe(head);
    });

    it.each([
      ['/v1/events?limit=1001', 'limit'],
      ['/v1/streams/training-mx-1?limit=100000', 'limit'],
      ['/v1/figures/trainings/provenance?limit=1001', 'limit'],
      ['/v1/security/events?limit=5000', 'limit'],
    ])('page sizes are capped: %s -> 400', async (path) => {
      const response = await ledger.as('auditor').get(path).expect(400);
      expect(response.body.status).toBe(400);
    });
  });
});

describe('API4: rate limits on expensive reads, per key', () => {
  let app: INestApplication;
  let dataDir: string;
  const admin = 'ldg_rate-limit-admin-key-0123456789abcdefghijk';
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-rate-'));
    app = await createApp(loadConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_KEY: admin, LEDGER_RATE_LIMIT: '3/h' }), {
      clock: new FixedClock(TEST_NOW),
      logger: false,
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newKey = async (body: object) =>
    (await request(app.getHttpServer()).post('/v1/keys').set('Authorization', `Bearer ${admin}`).send(body).expect(201)).body.key as string;

  it('the 4th expensive read within the window is 429 with Retry-After; cheap reads and other keys go on', async () => {
    const auditor = await newKey({ role: 'auditor' });
    const other = await newKey({ role: 'auditor' });
    const get = (key: string, path: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);
    await get(auditor, '/v1/events').expect(200);
    await get(auditor, '/v1/events').expect(200);
    await get(auditor, '/v1/security/events').expect(200);
    const limited = await get(auditor, '/v1/events').expect(429);
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await get(auditor, '/v1/figures/trainings/provenance').expect(429);
    await get(auditor, '/v1/audit/verify').expect(429);
    // Cheap reads are not counted; another key has its own budget.
    await get(auditor, '/v1/streams/training-none').expect(404);
    await get(other, '/v1/events').expect(200);
  });
});
