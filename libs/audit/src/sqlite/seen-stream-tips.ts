import Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import type { PreviousEvent, PreviousEventLookup } from '../verify';

const FLUSH_EVERY = 10_000;

interface Tip {
  readonly position: number;
  readonly revision: number;
  readonly contentHash: string;
}

/**
 * The `previousEvent` lookup for a log that has no random access by stream (an audit bundle's NDJSON file): the last
 * event of every stream read so far, kept in a SQLite file instead of memory. `record` passes the events through to
 * `verifyLedger` and stores each one once the verifier has taken the next, so a lookup for the event at position P
 * sees exactly the events before P, each of which the verifier has already checked. Writes go in batches; the
 * batch not yet written is looked up first.
 */
export class SeenStreamTips {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement;
  private pending = new Map<string, Tip>();
  private readonly flushPending: () => void;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS stream_tip (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, position INTEGER NOT NULL, content_hash TEXT NOT NULL) WITHOUT ROWID',
    );
    this.upsert = this.db.prepare('INSERT OR REPLACE INTO stream_tip (stream, revision, position, content_hash) VALUES (?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT revision, position, content_hash AS contentHash FROM stream_tip WHERE stream = ?');
    this.flushPending = this.db.transaction(() => {
      for (const [stream, tip] of this.pending) this.upsert.run(stream, tip.revision, tip.position, tip.contentHash);
    });
  }

  async *record(events: AsyncIterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
    for await (const event of events) {
      yield event;
      this.pending.delete(event.stream);
      this.pending.set(event.stream, { position: event.position, revision: event.revision, contentHash: event.metadata.contentHash });
      if (this.pending.size >= FLUSH_EVERY) this.flush();
    }
  }

  /** The last event read of `stream` (even at a revision above the one asked for: the verifier then sees a repeat). */
  readonly previousEvent: PreviousEventLookup = async (stream) =>
    (this.pending.get(stream) ?? (this.select.get(stream) as Tip | undefined)) satisfies PreviousEvent | undefined;

  private flush(): void {
    this.flushPending();
    this.pending = new Map();
  }

  close(): void {
    this.db.close();
  }
}
