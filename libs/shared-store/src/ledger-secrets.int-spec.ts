import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@ledger/config';
import { initSharedSecrets, resolveLedgerSecrets } from './ledger-secrets';
import { PostgresSharedStore } from './postgres/postgres-shared-store';
import { SqliteSharedStore } from './sqlite/sqlite-shared-store';
import { dropPostgresSchemas } from '@ledger/test-support';

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const clock = () => new Date().toISOString();

describe('the ledger secrets: configuration, else the shared store; generated only when embedded', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('embedded: generated once into owner-only files of the data dir, then the same on every start', async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: dir });
    const open = () => new SqliteSharedStore({ dataDir: dir, auditFile: join(dir, 'events.sqlite'), clock });
    const first = open();
    const secrets = await resolveLedgerSecrets(config, first);
    await first.close();
    const second = open();
    const again = await resolveLedgerSecrets(config, second);
    await second.close();
    expect(again.pseudonymSecret).toEqual(secrets.pseudonymSecret);
    expect(again.keyHashSecret).toEqual(secrets.keyHashSecret);
    expect(again.signingKey.keyId).toBe(secrets.signingKey.keyId);
    for (const file of ['pseudonym.secret', 'key-hash.secret', 'ledger-ed25519-key.pem'])
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });

  describe('production (PostgreSQL)', () => {
    const schema = `ledger_secrets_test_${process.pid}`;
    let stores: PostgresSharedStore[] = [];
    const open = async () => {
      const store = await PostgresSharedStore.open({ connectionString, schema, clock });
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of stores) await store.close();
      stores = [];
      await dropPostgresSchemas(connectionString, schema);
    });

    it('a secret neither configured nor kept stops the start, naming each variable; nothing is generated', async () => {
      const store = await open();
      const config = loadConfig({ LEDGER_DATA_DIR: dir, DATABASE_URL: connectionString, LEDGER_PSEUDONYM_SECRET: 'p'.repeat(40) });
      const refused = await resolveLedgerSecrets(config, store).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ConfigError);
      const problems = (refused as ConfigError).problems.join('\n');
      expect(problems).toContain('LEDGER_KEY_HASH_SECRET is required with DATABASE_URL');
      expect(problems).toContain('LEDGER_SIGNING_KEY_PEM (or LEDGER_SIGNING_KEY_FILE) is required with DATABASE_URL');
      expect(problems).not.toContain('LEDGER_PSEUDONYM_SECRET');
      expect(await store.secrets.get('key-hash-secret')).toBeUndefined();
    });

    it('after `ledger secrets init` every instance resolves the same secrets; one configured differently is refused', async () => {
      const one = await open();
      expect((await initSharedSecrets(one)).map((r) => r.created)).toEqual([true, true, true]);
      expect((await initSharedSecrets(one)).map((r) => r.created)).toEqual([false, false, false]);
      const config = loadConfig({ LEDGER_DATA_DIR: dir, DATABASE_URL: connectionString });
      const a = await resolveLedgerSecrets(config, one);
      const b = await resolveLedgerSecrets(
        loadConfig({ LEDGER_DATA_DIR: join(dir, 'other'), DATABASE_URL: connectionString }),
        await open(),
      );
      expect(b.signingKey.keyId).toBe(a.signingKey.keyId);
      expect(b.pseudonymSecret).toEqual(a.pseudonymSecret);
      expect(b.keyHashSecret).toEqual(a.keyHashSecret);
      // A configured secret takes precedence, so it must be the one the others use; a different one stops the start.
      const refused = await resolveLedgerSecrets(
        loadConfig({ LEDGER_DATA_DIR: dir, DATABASE_URL: connectionString, LEDGER_KEY_HASH_SECRET: 'k'.repeat(40) }),
        one,
      ).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as ConfigError).problems).toEqual([
        expect.stringContaining('LEDGER_KEY_HASH_SECRET is not the key-hash-secret the other instances of this ledger use'),
      ]);
      const same = await resolveLedgerSecrets(
        loadConfig({ LEDGER_DATA_DIR: dir, DATABASE_URL: connectionString, LEDGER_KEY_HASH_SECRET: a.keyHashSecret.toString() }),
        one,
      );
      expect(same.keyHashSecret).toEqual(a.keyHashSecret);
    });
  });
});
