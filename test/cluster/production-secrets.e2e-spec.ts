/**
 * Production (DATABASE_URL): nothing secret is made by one instance on its own. A missing admin key stops the start
 * naming LEDGER_ADMIN_KEY, unless the shared store already holds an active admin key; secrets kept in the shared
 * store (`ledger secrets init`) serve an instance that configures none.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@ledger/config';
import { initSharedSecrets, openSharedStore } from '@ledger/shared-store';
import { Client } from 'pg';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { withKeys } from '../../apps/ledger-cli/src/commands/keys.command';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `ledger_secrets_${process.pid}_${randomBytes(3).toString('hex')}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

describe('production secrets come from configuration or the shared store', () => {
  let dir: string;
  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ledger-prod-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start without an admin key, then starts once the shared store holds one and its secrets', async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: dir, DATABASE_URL: databaseUrl, PORT: '0', LEDGER_LOG_LEVEL: 'error' });
    // No secret anywhere: the start names every variable to set.
    const refused = await createApp(config, { logger: false }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).message).toMatch(/LEDGER_PSEUDONYM_SECRET[\s\S]*LEDGER_KEY_HASH_SECRET[\s\S]*LEDGER_SIGNING_KEY_PEM/);

    const store = await openSharedStore(config, () => new Date().toISOString());
    await initSharedSecrets(store);
    await store.close();
    const noAdmin = await createApp(config, { logger: false }).then(
      async (app) => void (await app.close()),
      (error: unknown) => error,
    );
    expect((noAdmin as ConfigError).message).toContain('LEDGER_ADMIN_KEY is required with DATABASE_URL');

    await withKeys(config, (keys) => keys.create({ role: 'admin', label: 'ops' }, 'cli:ops'));
    const app = await createApp(config, { logger: false });
    await app.close();
    // Nothing secret was written into this instance's data dir.
    expect(readdirSync(dir).filter((file) => /secret|\.key$|\.pem$/.test(file))).toEqual([]);
  }, 60_000);
});
