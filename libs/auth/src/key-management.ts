import { legacyKeyHash, newApiKey, newKeyId, type KeyHasher } from './api-keys';
import type { ApiKeyRecord, KeyHashes } from './key-registry';
import { KeyRegistry } from './key-registry';
import { API_KEY_STREAM_PREFIX, type ApiKeyEvent } from './key-events';
import { grantProblems, type Principal, type Role } from './principal';
import type { SecurityLog } from './security-log';
import type { SecurityLogWatch } from './stores/security-log-store';

export interface NewKeyRequest {
  readonly role: Role;
  readonly categories?: readonly string[];
  readonly countries?: readonly string[];
  readonly label?: string;
}

/** A key just created: the only time the key itself is seen. */
export interface CreatedKey extends ApiKeyRecord {
  readonly key: string;
}

export class KeyManagementError extends Error {
  constructor(
    readonly code: 'keys.invalid_grant' | 'keys.not_found' | 'keys.already_revoked',
    message: string,
  ) {
    super(message);
    this.name = 'KeyManagementError';
  }
}

export interface KeyManagementOptions {
  /**
   * With a store that tells of appends (PostgreSQL NOTIFY), the registry reads the log when told, and at the latest
   * this long after its last read even if no notice came (a notice lost with a dropped connection). Default 1000 ms.
   * A store that cannot tell is read before every lookup.
   */
  readonly maxStalenessMs?: number;
}

/**
 * Creates, lists and revokes API keys. Every action is an event in the security log (who did it, when, what it
 * grants); the registry is their projection, caught up from the log before a lookup whenever another process may
 * have appended: always with the embedded SQLite log (a read of the local file), and on notice or after at most
 * `maxStalenessMs` with the shared PostgreSQL log. So a key created or revoked by any instance or `ledger keys`
 * takes effect on every instance within a second.
 */
export class KeyManagement {
  private readonly registry = new KeyRegistry();
  private position = 0;
  private readonly maxStalenessMs: number;
  private watching?: Promise<SecurityLogWatch | undefined>;
  private dirty = true;
  private lastRead = 0;
  private reading?: Promise<void>;

  constructor(
    private readonly log: SecurityLog,
    private readonly now: () => string,
    private readonly hasher: KeyHasher,
    options: KeyManagementOptions = {},
  ) {
    this.maxStalenessMs = options.maxStalenessMs ?? 1000;
  }

  /** Reads key events appended since the last catch-up, in a read that starts after this call (reads never overlap). */
  catchUp(): Promise<void> {
    const next = (this.reading ?? Promise.resolve()).catch(() => undefined).then(() => this.readNew());
    this.reading = next;
    next.then(
      () => this.reading === next && (this.reading = undefined),
      () => this.reading === next && (this.reading = undefined),
    );
    return next;
  }

  /** A lookup shares a read already under way (it began moments ago) or starts one. */
  private join(): Promise<void> {
    return this.reading ?? this.catchUp();
  }

  /** Stops listening for other processes' appends. */
  async close(): Promise<void> {
    await (await this.watching)?.stop();
  }

  private async readNew(): Promise<void> {
    this.dirty = false;
    const started = Date.now();
    for (;;) {
      const page = await this.log.store.readAfter(this.position, 1000);
      for (const event of page) {
        if (event.stream.startsWith(API_KEY_STREAM_PREFIX)) this.registry.apply(event as unknown as ApiKeyEvent, event.metadata.actor);
        this.position = event.position;
      }
      if (page.length < 1000) break;
    }
    this.lastRead = started;
  }

  /** Catches up unless the registry is known to hold every append so far. */
  private async fresh(): Promise<void> {
    const store = this.log.store;
    if (store.watch === undefined) return this.join();
    this.watching ??= store.watch(() => (this.dirty = true)).catch(() => undefined);
    const watch = await this.watching;
    if (this.dirty || watch === undefined || !watch.live() || Date.now() - this.lastRead >= this.maxStalenessMs) await this.join();
  }

  private hashes(key: string): KeyHashes {
    return { keyed: this.hasher.hash(key), legacy: legacyKeyHash(key) };
  }

  async authenticate(key: string): Promise<Principal | undefined> {
    await this.fresh();
    return this.registry.authenticate(this.hashes(key));
  }

  async create(request: NewKeyRequest, actor: string): Promise<CreatedKey> {
    const categories = [...new Set(request.categories ?? [])].sort();
    const countries = [...new Set(request.countries ?? [])].sort();
    const problems = grantProblems(request.role, categories, countries);
    if (problems.length > 0) throw new KeyManagementError('keys.invalid_grant', problems.join('; '));
    const key = newApiKey();
    const record = await this.register(key, { ...request, categories, countries }, actor);
    return { ...record, key };
  }

  /** Registers a key chosen elsewhere (LEDGER_ADMIN_KEY) unless a key with its hash is already known. */
  async provision(key: string, request: NewKeyRequest, actor: string): Promise<ApiKeyRecord | undefined> {
    await this.catchUp();
    if (this.registry.knowsHash(this.hashes(key))) return undefined;
    return this.register(key, request, actor);
  }

  async revoke(keyId: string, actor: string, reason?: string): Promise<ApiKeyRecord> {
    await this.catchUp();
    const key = this.registry.get(keyId);
    if (!key) throw new KeyManagementError('keys.not_found', `no API key ${keyId}`);
    if (key.revokedAt !== null) throw new KeyManagementError('keys.already_revoked', `API key ${keyId} was revoked at ${key.revokedAt}`);
    await this.log.appendKeyEvent(
      { type: 'ApiKeyRevoked', schemaVersion: 1, data: { keyId, revokedAt: this.now(), ...(reason ? { reason } : {}) } },
      actor,
    );
    await this.catchUp();
    return this.registry.get(keyId)!;
  }

  async list(): Promise<ApiKeyRecord[]> {
    await this.catchUp();
    return this.registry.list();
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    await this.catchUp();
    return this.registry.get(keyId);
  }

  async hasActiveRole(role: Role): Promise<boolean> {
    await this.catchUp();
    return this.registry.hasActiveRole(role);
  }

  private async register(key: string, request: NewKeyRequest, actor: string): Promise<ApiKeyRecord> {
    const keyId = newKeyId();
    await this.log.appendKeyEvent(
      {
        type: 'ApiKeyCreated',
        schemaVersion: 2,
        data: {
          keyId,
          role: request.role,
          categories: [...(request.categories ?? [])],
          countries: [...(request.countries ?? [])],
          ...(request.label ? { label: request.label } : {}),
          keyHash: this.hasher.hash(key),
          createdAt: this.now(),
        },
      },
      actor,
    );
    await this.catchUp();
    return this.registry.get(keyId)!;
  }
}
