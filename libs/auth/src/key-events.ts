import type { Role } from './principal';

/** Key management is recorded as events in the security log, stream `apikey-<keyId>`; the key registry is their projection. */
export type ApiKeyCreated = {
  readonly type: 'ApiKeyCreated';
  /** 1: keyHash is the plain SHA-256 of the key (old logs); 2: keyHash is its HMAC-SHA256 under the key-hash secret. */
  readonly schemaVersion: 1 | 2;
  readonly data: {
    readonly keyId: string;
    readonly role: Role;
    readonly categories: readonly string[];
    readonly countries: readonly string[];
    readonly label?: string;
    /** HMAC-SHA256 of the key under the key-hash secret (v2), SHA-256 (v1); the key itself is never stored. */
    readonly keyHash: string;
    readonly createdAt: string;
  };
};

export type ApiKeyRevoked = {
  readonly type: 'ApiKeyRevoked';
  readonly schemaVersion: 1;
  readonly data: { readonly keyId: string; readonly revokedAt: string; readonly reason?: string };
};

export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;

export const API_KEY_STREAM_PREFIX = 'apikey-';

export function apiKeyStream(keyId: string): string {
  return `${API_KEY_STREAM_PREFIX}${keyId}`;
}
