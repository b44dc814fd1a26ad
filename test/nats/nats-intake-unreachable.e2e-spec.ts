import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { TEST_ADMIN_KEY, TEST_AUTH_ENV, TEST_NOW } from '@ledger/test-support/http/ledger-app';
import { freePort } from '@ledger/test-support/process/api-process';
import { eventually } from '@ledger/test-support/nats/nats-test';

// With the bus unreachable the ledger still starts, serves HTTP, says so in /health, and shuts down promptly.
it('given LEDGER_NATS_URL on a closed port, then the API serves, /health says disconnected, and close does not wait for the bus', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-nats-down-'));
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    ...TEST_AUTH_ENV,
    LEDGER_NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    LEDGER_NATS_CATEGORIES: '*',
  });
  const app = await createApp(config, { clock: new FixedClock(TEST_NOW), logger: false });
  try {
    const health = await eventually('a failed connection attempt', async () => {
      const body = (await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).expect(200)).body;
      return body.natsIntake?.state === 'disconnected' ? body : undefined;
    });
    expect(health).toMatchObject({ status: 'ok', eventStore: 'up', natsIntake: { state: 'disconnected', inFlight: 0 } });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
