import type { Pool } from 'pg';
import type { ProjectorBeat, ProjectorHeartbeatStore } from '../projector-heartbeat';

/** Its own table beside the shared store's others: one row, overwritten by each beat. */
export const projectorHeartbeatTable = (q: string) => `
CREATE TABLE IF NOT EXISTS ${q}ledger_projector_heartbeat (id SMALLINT PRIMARY KEY CHECK (id = 1), beat JSON NOT NULL);
`;

export class PostgresProjectorHeartbeat implements ProjectorHeartbeatStore {
  constructor(
    private readonly pool: Pool,
    private readonly q: string,
  ) {}

  async write(beat: ProjectorBeat): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.q}ledger_projector_heartbeat (id, beat) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET beat = excluded.beat`,
      [JSON.stringify(beat)],
    );
  }

  async read(): Promise<ProjectorBeat | undefined> {
    const { rows } = await this.pool.query<{ beat: ProjectorBeat }>(`SELECT beat FROM ${this.q}ledger_projector_heartbeat WHERE id = 1`);
    return rows[0]?.beat;
  }
}
