/**
 * Per-subject encryption keys: the one place the ledger deletes (crypto-shredding). Embedded: a SQLite file in the
 * data dir; with several API instances: PostgreSQL, read on every use (never cached), so an erasure on one instance
 * holds on every instance from the moment it commits.
 */
export interface SubjectKeyStore {
  /** The subject's key, created on first use; undefined when the subject is erased (no key is ever made again). */
  keyFor(subject: string, now: string): Promise<Buffer | undefined>;
  /** The subject's key if it has one. */
  key(subject: string): Promise<Buffer | undefined>;
  /** Destroys the key and marks the subject erased. True when there was a key to destroy. */
  erase(subject: string, now: string): Promise<boolean>;
  isErased(subject: string): Promise<boolean>;
  close(): Promise<void>;
}
