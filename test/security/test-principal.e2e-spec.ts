import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERY_ROLE_TEST_PRINCIPAL } from '@ledger/auth/testing';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { TEST_NOW } from '@ledger/test-support/http/ledger-app';

/** The `principal` override other parts' tests use: requests without a credential act as it; sent credentials are still checked. */
describe('createApp(config, { principal }) for tests of other parts', () => {
  let app: INestApplication;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-principal-'));
    app = await createApp(loadConfig({ LEDGER_DATA_DIR: dataDir }), {
      clock: new FixedClock(TEST_NOW),
      logger: false,
      principal: EVERY_ROLE_TEST_PRINCIPAL,
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('acts as the given principal without a header, and records it as the actor', async () => {
    const appended = await request(app.getHttpServer()).post('/v1/trainings').send(recordTraining).expect(201);
    const stored = (await request(app.getHttpServer()).get(`/v1/streams/${appended.body.stream}`).expect(200)).body.events[0];
    expect(stored.metadata.actor).toBe('test:every-role');
    await request(app.getHttpServer()).get('/v1/keys').expect(200);
  });

  it('still refuses a credential that is sent and wrong', async () => {
    await request(app.getHttpServer())
      .get('/v1/events')
      .set('Authorization', `Bearer ldg_${'z'.repeat(43)}`)
      .expect(401);
  });

  it('cannot be set from the environment: an app built from configuration alone denies anonymous requests', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'ledger-principal-'));
    const plain = await createApp(loadConfig({ LEDGER_DATA_DIR: otherDir, LEDGER_PRINCIPAL: 'admin' } as Record<string, string>), {
      logger: false,
    });
    try {
      await request(plain.getHttpServer()).get('/v1/events').expect(401);
    } finally {
      await plain.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
