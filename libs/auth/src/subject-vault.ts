import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

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
 * Per-subject encryption keys, in their own SQLite file beside the event log. The log is append-only; this file is
 * the one place the ledger deletes: erasing a subject deletes its key (secure_delete overwrites the bytes, the WAL is
 * truncated), which makes every sealed detail of that subject unreadable while the events stay as recorded.
 */
export class SubjectVault {
  private readonly db: Database.Database;

  constructor(filename: string) {
    // Owner-only from the first byte (SQLite gives its -wal and -shm files the same mode).
    if (filename !== ':memory:') closeSync(openSync(filename, 'a', 0o600));
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS erased_subjects (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL) STRICT;`);
  }

  /** Seals details with the subject's key, creating the key on first use; refused once the subject is erased. */
  seal(subject: string, details: unknown, now: string): SealedDetails {
    if (this.isErased(subject)) throw new SubjectErasedError(subject);
    this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)').run(subject, randomBytes(32), now);
    const key = this.keyOf(subject)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The subject is bound as associated data: a sealed value copied to another subject does not open.
    cipher.setAAD(Buffer.from(subject, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(details), 'utf8'), cipher.final()]);
    return { alg: 'A256GCM', iv: iv.toString('base64url'), ciphertext: ciphertext.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') };
  }

  open(subject: string, sealed: SealedDetails): unknown {
    const key = this.keyOf(subject);
    if (!key) throw new SubjectErasedError(subject);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(subject, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }

  /** Destroys the subject's key (crypto-shredding). True when there was a key to destroy. */
  erase(subject: string, now: string): boolean {
    const erased = this.db.transaction(() => {
      const deleted = this.db.prepare('DELETE FROM subject_keys WHERE subject = ?').run(subject).changes > 0;
      this.db.prepare('INSERT OR IGNORE INTO erased_subjects (subject, erased_at) VALUES (?, ?)').run(subject, now);
      return deleted;
    })();
    // Old pages with the key may sit in the WAL until a checkpoint: copy back and truncate it now.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  }

  isErased(subject: string): boolean {
    return this.db.prepare('SELECT 1 FROM erased_subjects WHERE subject = ?').get(subject) !== undefined;
  }

  close(): void {
    this.db.close();
  }

  private keyOf(subject: string): Buffer | undefined {
    return (this.db.prepare('SELECT key FROM subject_keys WHERE subject = ?').get(subject) as { key: Buffer } | undefined)?.key;
  }
}
