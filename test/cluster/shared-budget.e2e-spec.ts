/**
 * Issue 13: with DATABASE_URL the cost budget is one per key for all API instances, not one per instance. Two API
 * apps on one PostgreSQL database (each its own data dir; no projector, so their logs do not meet) serve one key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { scratchDatabase } from '@ledger/test-support';

const database = scratchDatabase('ledger_budget');
const databaseUrl = database.url;

describe('one cost budget per key across API instances (DATABASE_URL)', () => {
  const dirs: string[] = [];
  const apps: INestApplication[] = [];
  const adminKey = `ldg_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    await database.create();
    const env = {
      DATABASE_URL: databaseUrl,
      LEDGER_ADMIN_KEY: adminKey,
      LEDGER_PSEUDONYM_SECRET: randomBytes(32).toString('base64url'),
      LEDGER_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
      LEDGER_SIGNING_KEY_PEM: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      LEDGER_PROJECTOR: 'external',
      // Five units an hour: 50 pages of the log (0.1 each, the least a page costs), whichever instance serves them.
      LEDGER_RATE_LIMIT: '5/h',
      LEDGER_LOG_LEVEL: 'error',
      PORT: '0',
    };
    for (const name of ['a', 'b']) {
      const dir = mkdtempSync(path.join(tmpdir(), `ledger-budget-${name}-`));
      dirs.push(dir);
      apps.push(await createApp(loadConfig({ ...env, LEDGER_DATA_DIR: dir }), { logger: false }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }, 60_000);

  it('lets a key spend its budget once over two instances, and says when to come back on both', async () => {
    const created = await request(apps[0].getHttpServer())
      .post('/v1/keys')
      .set('Authorization', `Bearer ${adminKey}`)
      .send({ role: 'auditor' })
      .expect(201);
    const key = created.body.key as string;
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++)
      statuses.push(
        (
          await request(apps[i % 2].getHttpServer())
            .get('/v1/events?limit=1')
            .set('Authorization', `Bearer ${key}`)
        ).status,
      );
    const allowed = statuses.filter((s) => s === 200).length;
    // One budget: 50 pages (less what one instance held ahead, a twentieth of the budget, that the other could not
    // use), never 100 as with a bucket per process.
    expect(allowed).toBeGreaterThanOrEqual(47);
    expect(allowed).toBeLessThanOrEqual(50);
    expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);
    for (const app of apps) {
      const refused = await request(app.getHttpServer()).get('/v1/events?limit=1').set('Authorization', `Bearer ${key}`).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another key has its own budget.
    const other = (
      await request(apps[1].getHttpServer())
        .post('/v1/keys')
        .set('Authorization', `Bearer ${adminKey}`)
        .send({ role: 'auditor' })
        .expect(201)
    ).body.key as string;
    await request(apps[0].getHttpServer()).get('/v1/events?limit=1').set('Authorization', `Bearer ${other}`).expect(200);
  }, 60_000);
});
