import { sameHash } from './api-keys';
import type { ApiKeyEvent } from './key-events';
import type { Principal, Role } from './principal';

/** The hashes a presented key is looked up by. */
export interface KeyHashes {
  readonly keyed: string;
  readonly legacy: string;
}

/** A key as the registry knows it; never the key itself. */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly role: Role;
  readonly categories: readonly string[];
  readonly countries: readonly string[];
  readonly label: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

/**
 * The projection of the key management events: which keys exist, what they grant and whether they are revoked.
 * Kept in memory (keys are few) and updated as this process appends; rebuilt from the security log at start.
 */
export class KeyRegistry {
  private readonly keys = new Map<string, ApiKeyRecord>();
  /** keyHash -> keyId, for keyed (v2) and legacy SHA-256 (v1) hashes apart. */
  private readonly hashes = new Map<string, string>();
  private readonly legacyHashes = new Map<string, string>();

  apply(event: ApiKeyEvent, actor: string): void {
    switch (event.type) {
      case 'ApiKeyCreated': {
        const { keyId, role, categories, countries, label, keyHash, createdAt } = event.data;
        this.keys.set(keyId, {
          keyId,
          role,
          categories,
          countries,
          label: label ?? null,
          createdAt,
          createdBy: actor,
          revokedAt: null,
          revokedBy: null,
        });
        (event.schemaVersion === 1 ? this.legacyHashes : this.hashes).set(keyHash, keyId);
        return;
      }
      case 'ApiKeyRevoked': {
        const key = this.keys.get(event.data.keyId);
        if (key && key.revokedAt === null) this.keys.set(key.keyId, { ...key, revokedAt: event.data.revokedAt, revokedBy: actor });
        return;
      }
      default: {
        const unknown: never = event;
        throw new Error(`unknown key event ${(unknown as { type: string }).type}`);
      }
    }
  }

  /** The principal of an active key with these hashes (keyed, and plain SHA-256 for keys of v1 events), if any. */
  authenticate(hashes: KeyHashes): Principal | undefined {
    const keyId = this.hashes.get(hashes.keyed) ?? this.legacyHashes.get(hashes.legacy);
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (!key || key.revokedAt !== null) return undefined;
    return { id: `apikey:${key.keyId}`, roles: [key.role], categories: key.categories, countries: key.countries, via: 'api-key' };
  }

  knowsHash(hashes: KeyHashes): boolean {
    for (const known of this.hashes.keys()) if (sameHash(known, hashes.keyed)) return true;
    for (const known of this.legacyHashes.keys()) if (sameHash(known, hashes.legacy)) return true;
    return false;
  }

  get(keyId: string): ApiKeyRecord | undefined {
    return this.keys.get(keyId);
  }

  /** Every key, oldest first. */
  list(): ApiKeyRecord[] {
    return [...this.keys.values()].sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.keyId < b.keyId ? -1 : 1,
    );
  }

  hasActiveRole(role: Role): boolean {
    return [...this.keys.values()].some((key) => key.role === role && key.revokedAt === null);
  }
}
