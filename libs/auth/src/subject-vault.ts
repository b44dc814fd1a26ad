import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SubjectKeyStore } from './stores/subject-key-store';

/** Personal details sealed with a subject's own key (AES-256-GCM); the ledger keeps only this. */
export interface SealedDetails {
  readonly alg: 'A256GCM';
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** The subject's key is gone: what was sealed with it can no longer be read, by anybody. */
export class SubjectErasedError extends Error {
  readonly code = 'subject.erased';
  constructor(readonly subject: string) {
    super(`the details of subject ${subject} were erased (their key was destroyed)`);
    this.name = 'SubjectErasedError';
  }
}

/**
 * Seals and opens personal details with per-subject keys from a SubjectKeyStore. The log is append-only; the key
 * store is the one place the ledger deletes: erasing a subject deletes its key, which makes every sealed detail of
 * that subject unreadable while the events stay as recorded.
 */
export class SubjectVault {
  constructor(readonly keys: SubjectKeyStore) {}

  /** Seals details with the subject's key, creating the key on first use; refused once the subject is erased. */
  async seal(subject: string, details: unknown, now: string): Promise<SealedDetails> {
    const key = await this.keys.keyFor(subject, now);
    if (!key) throw new SubjectErasedError(subject);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The subject is bound as associated data: a sealed value copied to another subject does not open.
    cipher.setAAD(Buffer.from(subject, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(details), 'utf8'), cipher.final()]);
    return {
      alg: 'A256GCM',
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  async open(subject: string, sealed: SealedDetails): Promise<unknown> {
    const key = await this.keys.key(subject);
    if (!key) throw new SubjectErasedError(subject);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(subject, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }

  /** Destroys the subject's key (crypto-shredding). True when there was a key to destroy. */
  erase(subject: string, now: string): Promise<boolean> {
    return this.keys.erase(subject, now);
  }

  isErased(subject: string): Promise<boolean> {
    return this.keys.isErased(subject);
  }

  close(): Promise<void> {
    return this.keys.close();
  }
}
