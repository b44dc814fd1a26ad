import { SqliteEventStore } from '@ledger/event-store';
import { KeyHasher, legacyKeyHash } from './api-keys';
import { KeyManagement, KeyManagementError } from './key-management';
import { SecurityLog } from './security-log';
import type { SecurityLogStore } from './stores/security-log-store';
import { SqliteSecurityLogStore } from './stores/sqlite-security-log-store';

const hasher = new KeyHasher(Buffer.from('a-key-hash-secret-of-at-least-32-bytes!!'));

describe('KeyManagement: keys as a projection of key events', () => {
  let store: SqliteEventStore;
  let keys: KeyManagement;
  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:', clock: () => '2025-06-30T12:00:00.000Z' });
    keys = new KeyManagement(new SecurityLog(new SqliteSecurityLogStore(store)), () => '2025-06-30T12:00:00.000Z', hasher);
  });
  afterEach(async () => store.close());

  it('creates a key that authenticates as its grants, storing only its keyed hash (HMAC under the server secret)', async () => {
    const created = await keys.create({ role: 'regulator', countries: ['MX', 'AR', 'MX'] }, 'apikey:admin');
    expect(await keys.authenticate(created.key)).toEqual({
      id: `apikey:${created.keyId}`,
      roles: ['regulator'],
      categories: [],
      countries: ['AR', 'MX'],
      via: 'api-key',
    });
    const [event] = await store.readAll();
    expect(event).toMatchObject({ stream: `apikey-${created.keyId}`, type: 'ApiKeyCreated', metadata: { actor: 'apikey:admin' } });
    expect(JSON.stringify(event)).not.toContain(created.key);
    expect(event.schemaVersion).toBe(2);
    expect((event.data as { keyHash: string }).keyHash).toBe(hasher.hash(created.key));
    expect((event.data as { keyHash: string }).keyHash).not.toBe(legacyKeyHash(created.key));
    // Under another secret the same key does not authenticate: the stored hash alone cannot test a guess.
    const elsewhere = new KeyManagement(
      new SecurityLog(new SqliteSecurityLogStore(store)),
      () => '2025-06-30T12:00:00.000Z',
      new KeyHasher(Buffer.from('another-key-hash-secret-of-32-bytes-or-more')),
    );
    expect(await elsewhere.authenticate(created.key)).toBeUndefined();
  });

  it('still authenticates keys recorded before hashes were keyed (ApiKeyCreated v1, plain SHA-256)', async () => {
    const key = 'ldg_an-old-key-from-a-v1-log-0123456789abcdefghijk';
    await store.appendToStream(
      'apikey-00000000000000aa',
      [
        {
          eventId: '7d1f7c1e-0000-4000-8000-000000000001',
          type: 'ApiKeyCreated',
          schemaVersion: 1,
          data: {
            keyId: '00000000000000aa',
            role: 'auditor',
            categories: [],
            countries: [],
            keyHash: legacyKeyHash(key),
            createdAt: '2025-01-01T00:00:00.000Z',
          },
          metadata: { actor: 'system:first-start' },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    expect((await keys.authenticate(key))?.id).toBe('apikey:00000000000000aa');
    expect(await keys.authenticate(key.replace('old', 'new'))).toBeUndefined();
  });

  it('a revoked key no longer authenticates; revoking twice is refused', async () => {
    const created = await keys.create({ role: 'auditor' }, 'apikey:admin');
    await keys.revoke(created.keyId, 'apikey:admin', 'rotated');
    expect(await keys.authenticate(created.key)).toBeUndefined();
    await expect(keys.revoke(created.keyId, 'apikey:admin')).rejects.toMatchObject({ code: 'keys.already_revoked' });
    await expect(keys.revoke('0123456789abcdef', 'apikey:admin')).rejects.toBeInstanceOf(KeyManagementError);
  });

  it('sees keys created or revoked by another process on the same log (the CLI beside the API)', async () => {
    const other = new KeyManagement(new SecurityLog(new SqliteSecurityLogStore(store)), () => '2025-06-30T12:00:00.000Z', hasher);
    const created = await other.create({ role: 'service', categories: ['freeze'] }, 'cli:ops');
    expect((await keys.authenticate(created.key))?.categories).toEqual(['freeze']);
    await other.revoke(created.keyId, 'cli:ops');
    expect(await keys.authenticate(created.key)).toBeUndefined();
  });

  it('refuses invalid grants before recording anything', async () => {
    await expect(keys.create({ role: 'regulator' }, 'apikey:admin')).rejects.toMatchObject({ code: 'keys.invalid_grant' });
    expect(await store.headPosition()).toBeUndefined();
  });

  it('provisions a given key once, however often the process starts', async () => {
    const key = 'ldg_provisioned-admin-key-0123456789abcdefghij';
    expect(await keys.provision(key, { role: 'admin' }, 'system:LEDGER_ADMIN_KEY')).toMatchObject({ role: 'admin' });
    expect(await keys.provision(key, { role: 'admin' }, 'system:LEDGER_ADMIN_KEY')).toBeUndefined();
    expect(await keys.list()).toHaveLength(1);
    expect(await keys.hasActiveRole('admin')).toBe(true);
  });
});

describe('KeyManagement over a log that tells of appends (the shared PostgreSQL log)', () => {
  /** The SQLite log plus a watch the test drives: notices and a listener that can go down. */
  function watchedLog(store: SqliteEventStore) {
    const inner = new SqliteSecurityLogStore(store);
    const state = { live: true, notify: () => undefined as void, reads: 0 };
    const log: SecurityLogStore = {
      append: (stream, event, expected) => inner.append(stream, event, expected),
      readStream: (stream, limit) => inner.readStream(stream, limit),
      readAfter: (position, limit) => {
        state.reads++;
        return inner.readAfter(position, limit);
      },
      watch: async (onChange) => {
        state.notify = onChange;
        return { live: () => state.live, stop: async () => undefined };
      },
      close: () => inner.close(),
    };
    return { log, state };
  }

  let store: SqliteEventStore;
  let now = 0;
  beforeEach(() => {
    now = Date.parse('2025-06-30T12:00:00.000Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    store = new SqliteEventStore({ filename: ':memory:', clock: () => '2025-06-30T12:00:00.000Z' });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  it('reads the log only when told, or once the last read is a second old, or while the listener is down', async () => {
    const { log, state } = watchedLog(store);
    const reader = new KeyManagement(new SecurityLog(log), () => '2025-06-30T12:00:00.000Z', hasher);
    const writer = new KeyManagement(new SecurityLog(new SqliteSecurityLogStore(store)), () => '2025-06-30T12:00:00.000Z', hasher);
    const created = await writer.create({ role: 'auditor' }, 'apikey:admin');
    expect(await reader.authenticate(created.key)).toBeDefined(); // first lookup reads
    const afterFirst = state.reads;
    await writer.revoke(created.keyId, 'apikey:admin');
    now += 500;
    // Not told, and the last read is half a second old: the registry answers from memory (a bounded staleness).
    expect(await reader.authenticate(created.key)).toBeDefined();
    expect(state.reads).toBe(afterFirst);
    // Told: it reads at once.
    state.notify();
    expect(await reader.authenticate(created.key)).toBeUndefined();
    expect(state.reads).toBeGreaterThan(afterFirst);
    // A notice lost (another key, no notice): read anyway once a second has passed since the last read.
    const second = await writer.create({ role: 'auditor' }, 'apikey:admin');
    expect(await reader.authenticate(second.key)).toBeUndefined();
    now += 1100;
    expect(await reader.authenticate(second.key)).toBeDefined();
    // Listener down: every lookup reads, as with a log that cannot tell.
    state.live = false;
    const reads = state.reads;
    await reader.authenticate(second.key);
    await reader.authenticate(second.key);
    expect(state.reads).toBe(reads + 2);
  });
});
