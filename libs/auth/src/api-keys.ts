import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every API key starts with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const API_KEY_PREFIX = 'ldg_';
const API_KEY = /^ldg_[A-Za-z0-9_-]{43}$/;

/** A new key: 32 random bytes, base64url, prefixed. Shown once; only its hash is kept. */
export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** A new key id: public, names the key in lists, events and the actor of what it appends. */
export function newKeyId(): string {
  return randomBytes(8).toString('hex');
}

export function looksLikeApiKey(token: string): boolean {
  return API_KEY.test(token);
}

/**
 * How keys created before key hashes were keyed (ApiKeyCreated v1) are looked up: plain SHA-256 hex. Such hashes
 * stay in old logs but are never shown; new keys are stored as their KeyHasher HMAC.
 */
export function legacyKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Key hashes keyed with a server secret (HMAC-SHA256, LEDGER_KEY_HASH_SECRET): a hash read from the log or a
 * backup cannot be used to test guesses of a key without the secret. A 256-bit random key needs no slow hash.
 * Every instance of a ledger must use the same secret, and it must never change (the stored hashes would no
 * longer match: the keys would have to be created again).
 */
export class KeyHasher {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the key-hash secret must be at least 32 bytes');
  }

  hash(key: string): string {
    return createHmac('sha256', this.secret).update(key, 'utf8').digest('hex');
  }
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
