import { hashApiKey, newApiKey, newKeyId } from './api-keys';
import type { ApiKeyRecord } from './key-registry';
import { KeyRegistry } from './key-registry';
import { API_KEY_STREAM_PREFIX, type ApiKeyEvent } from './key-events';
import { grantProblems, type Principal, type Role } from './principal';
import type { SecurityLog } from './security-log';

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

/**
 * Creates, lists and revokes API keys. Every action is an event in the security log (who did it, when, what it
 * grants); the registry is their projection, caught up from the log before each lookup so keys created or revoked
 * by another process (`ledger keys ...`) take effect at once.
 */
export class KeyManagement {
  private readonly registry = new KeyRegistry();
  private position = 0;

  constructor(
    private readonly log: SecurityLog,
    private readonly now: () => string,
  ) {}

  /** Reads key events appended since the last catch-up. */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.log.store.readAll({ after: this.position, limit: 1000 });
      for (const event of page) {
        if (event.stream.startsWith(API_KEY_STREAM_PREFIX)) this.registry.apply(event as unknown as ApiKeyEvent, event.metadata.actor);
        this.position = event.position;
      }
      if (page.length < 1000) return;
    }
  }

  async authenticate(key: string): Promise<Principal | undefined> {
    await this.catchUp();
    return this.registry.authenticate(hashApiKey(key));
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
    if (this.registry.knowsHash(hashApiKey(key))) return undefined;
    return this.register(key, request, actor);
  }

  async revoke(keyId: string, actor: string, reason?: string): Promise<ApiKeyRecord> {
    await this.catchUp();
    const key = this.registry.get(keyId);
    if (!key) throw new KeyManagementError('keys.not_found', `no API key ${keyId}`);
    if (key.revokedAt !== null) throw new KeyManagementError('keys.already_revoked', `API key ${keyId} was revoked at ${key.revokedAt}`);
    await this.log.appendKeyEvent({ type: 'ApiKeyRevoked', schemaVersion: 1, data: { keyId, revokedAt: this.now(), ...(reason ? { reason } : {}) } }, actor);
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
        schemaVersion: 1,
        data: {
          keyId,
          role: request.role,
          categories: [...(request.categories ?? [])],
          countries: [...(request.countries ?? [])],
          ...(request.label ? { label: request.label } : {}),
          keyHash: hashApiKey(key),
          createdAt: this.now(),
        },
      },
      actor,
    );
    await this.catchUp();
    return this.registry.get(keyId)!;
  }
}
