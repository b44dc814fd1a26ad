import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SubjectKeyStore } from './subject-key-store';

/**
 * Subject keys in their own SQLite file beside the event log. Erasing deletes the key with secure_delete on (the
 * bytes are overwritten) and truncates the WAL, so no copy of the key is left in the file.
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore {
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

  async keyFor(subject: string, now: string): Promise<Buffer | undefined> {
    return this.db.transaction(() => {
      if (this.erased(subject)) return undefined;
      this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)').run(subject, randomBytes(32), now);
      return this.keyOf(subject);
    })();
  }

  async key(subject: string): Promise<Buffer | undefined> {
    return this.keyOf(subject);
  }

  async erase(subject: string, now: string): Promise<boolean> {
    const erased = this.db.transaction(() => {
      const deleted = this.db.prepare('DELETE FROM subject_keys WHERE subject = ?').run(subject).changes > 0;
      this.db.prepare('INSERT OR IGNORE INTO erased_subjects (subject, erased_at) VALUES (?, ?)').run(subject, now);
      return deleted;
    })();
    // Old pages with the key may sit in the WAL until a checkpoint: copy back and truncate it now.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  }

  async isErased(subject: string): Promise<boolean> {
    return this.erased(subject);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private erased(subject: string): boolean {
    return this.db.prepare('SELECT 1 FROM erased_subjects WHERE subject = ?').get(subject) !== undefined;
  }

  private keyOf(subject: string): Buffer | undefined {
    return (this.db.prepare('SELECT key FROM subject_keys WHERE subject = ?').get(subject) as { key: Buffer } | undefined)?.key;
  }
}
