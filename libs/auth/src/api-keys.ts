import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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

/** SHA-256 hex: a 256-bit random secret needs no slow hash, and a lookup by hash never compares secrets. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
