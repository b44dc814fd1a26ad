import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ProjectorBeat, ProjectorHeartbeatStore } from '../projector-heartbeat';

/** The projector's heartbeat in the data dir (the processes that share the embedded files share it). */
export const PROJECTOR_HEARTBEAT_FILENAME = 'projector-heartbeat.sqlite';

/** One row, overwritten by each beat. */
export class SqliteProjectorHeartbeat implements ProjectorHeartbeatStore {
  private readonly db: Database.Database;

  constructor(filename: string) {
    if (filename !== ':memory:') closeSync(openSync(filename, 'a', 0o600));
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS ledger_projector_heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), beat TEXT NOT NULL) STRICT',
    );
  }

  async write(beat: ProjectorBeat): Promise<void> {
    this.db
      .prepare('INSERT INTO ledger_projector_heartbeat (id, beat) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET beat = excluded.beat')
      .run(JSON.stringify(beat));
  }

  async read(): Promise<ProjectorBeat | undefined> {
    const row = this.db.prepare('SELECT beat FROM ledger_projector_heartbeat WHERE id = 1').get() as { beat: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.beat) as ProjectorBeat);
  }

  close(): void {
    this.db.close();
  }
}
