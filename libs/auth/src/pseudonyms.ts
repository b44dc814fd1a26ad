import { createHash, createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms of account and subject identifiers: HMAC-SHA256 under the ledger's secret, prefixed with a short
 * id of that secret (`<keyId>:<64 hex>`, the form the domain accepts). The same identifier always gives the same
 * pseudonym, so figures and links still work; without the secret nobody can go back or test a guess.
 */
export class Pseudonymizer {
  readonly keyId: string;

  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the pseudonym secret must be at least 32 bytes');
    // Names the secret without revealing it, so a rotated secret's pseudonyms are told apart.
    this.keyId = 'p' + createHash('sha256').update(secret).digest('hex').slice(0, 8);
  }

  pseudonym(identifier: string): string {
    return `${this.keyId}:${createHmac('sha256', this.secret).update(identifier.normalize('NFC'), 'utf8').digest('hex')}`;
  }
}

export const PSEUDONYM_PATTERN = /^(?:[a-z0-9]{1,16}:)?[0-9a-f]{64}$/;
