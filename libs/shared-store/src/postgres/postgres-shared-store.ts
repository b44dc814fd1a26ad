import { createHash, randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { TreeHeadOrderError, type SignedTreeHead, type TreeHeadStore } from '@ledger/audit';
import {
  SecurityLogConflictError,
  type SecurityEventToAppend,
  type SecurityExpectedState,
  type SecurityLogStore,
  type SecurityLogWatch,
  type SubjectKeyStore,
} from '@ledger/auth';
import { contentHash, GENESIS_HASH, type RecordedEvent } from '@ledger/event-store';
import type { SecretName, SecretStore } from '../secret-store';
import type { SharedStore } from '../shared-store.port';
import { costBucketTable, PostgresCostBuckets } from './postgres-cost-buckets';
import { PostgresProjectorHeartbeat, projectorHeartbeatTable } from './postgres-projector-heartbeat';
import { LOCK_SPACE, PostgresLeaseStore } from './postgres-lease-store';
import { transaction } from './pg-transaction';

export interface PostgresSharedStoreOptions {
  /** postgres://user@host:port/database (DATABASE_URL). */
  readonly connectionString: string;
  /** Schema of the tables (created if missing); default public. */
  readonly schema?: string;
  readonly clock: () => string;
  /** How often a lease holder checks its lock connection is alive (default 1000 ms). */
  readonly leaseHeartbeatMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const tables = (q: string) => `
CREATE TABLE IF NOT EXISTS ${q}ledger_security_log (
  position BIGINT PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL, schema_version INTEGER NOT NULL, data JSON NOT NULL, metadata JSON NOT NULL, UNIQUE (stream, revision));
CREATE TABLE IF NOT EXISTS ${q}ledger_subject_key (subject TEXT PRIMARY KEY, key BYTEA NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ${q}ledger_erased_subject (subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ${q}ledger_tree_head (
  head_id BIGSERIAL PRIMARY KEY, tree_size BIGINT NOT NULL, root_hash TEXT NOT NULL, timestamp TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ledger_tree_head_by_size ON ${q}ledger_tree_head (tree_size, head_id);
CREATE TABLE IF NOT EXISTS ${q}ledger_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * The shared store in PostgreSQL: what every API instance of one ledger reads and writes. Security log appends are
 * serialised by an advisory lock, so positions commit in order and a reader that has seen N has seen everything
 * before N; each append notifies (LISTEN/NOTIFY) every instance. Leases are session advisory locks on a connection
 * of their own: PostgreSQL frees them the moment the holder's connection ends, e.g. when the process dies.
 */
export class PostgresSharedStore implements SharedStore {
  readonly kind = 'postgres';
  readonly generatesSecrets = false;
  readonly securityLog: SecurityLogStore;
  readonly subjectKeys: SubjectKeyStore;
  readonly treeHeads: TreeHeadStore;
  readonly secrets: SecretStore;
  readonly leases: PostgresLeaseStore;
  readonly costBuckets: PostgresCostBuckets;
  readonly projectorHeartbeat: PostgresProjectorHeartbeat;
  private readonly pool: Pool;

  private constructor(
    readonly options: PostgresSharedStoreOptions,
    q: string,
  ) {
    this.pool = new Pool({ connectionString: options.connectionString, max: 4 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    // A channel name is at most 63 bytes: a short hash of the schema keeps ledgers in one database apart.
    const channel = `ledger_security_log_${createHash('sha256')
      .update(options.schema ?? 'public')
      .digest('hex')
      .slice(0, 16)}`;
    this.securityLog = new PostgresSecurityLog(this.pool, q, channel, options);
    this.subjectKeys = new PostgresSubjectKeys(this.pool, q);
    this.treeHeads = new PostgresTreeHeads(this.pool, q);
    this.secrets = new PostgresSecrets(this.pool, q);
    this.costBuckets = new PostgresCostBuckets(this.pool, q);
    this.projectorHeartbeat = new PostgresProjectorHeartbeat(this.pool, q);
    this.leases = new PostgresLeaseStore(options.connectionString, options.schema ?? 'public', options.leaseHeartbeatMs ?? 1000);
  }

  /** Connects and creates the tables if needed. */
  static async open(options: PostgresSharedStoreOptions): Promise<PostgresSharedStore> {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
      throw new Error(`schema ${options.schema} must be a plain lower-case SQL name`);
    const q = options.schema === undefined ? '' : `"${options.schema}".`;
    const store = new PostgresSharedStore(options, q);
    try {
      await transaction(store.pool, async (client) => {
        // Two instances starting at once must not race on CREATE TABLE IF NOT EXISTS.
        await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_SPACE]);
        if (options.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
        await client.query(tables(q));
        await client.query(costBucketTable(q));
        await client.query(projectorHeartbeatTable(q));
      });
    } catch (error) {
      await store.pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async close(): Promise<void> {
    await this.leases.close();
    await (this.securityLog as PostgresSecurityLog).stopWatches();
    await this.pool.end();
  }
}

interface LogRow {
  position: string;
  stream: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
}

const toEvent = (row: LogRow): RecordedEvent => ({
  position: Number(row.position),
  stream: row.stream,
  revision: row.revision,
  eventId: row.event_id,
  type: row.type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
});

class PostgresSecurityLog implements SecurityLogStore {
  private readonly watches = new Set<SecurityLogWatch>();

  constructor(
    private readonly pool: Pool,
    private readonly q: string,
    private readonly channel: string,
    private readonly options: PostgresSharedStoreOptions,
  ) {}

  append(stream: string, event: SecurityEventToAppend, expected: SecurityExpectedState): Promise<RecordedEvent> {
    return transaction(this.pool, async (client) => {
      // One appender at a time: positions are given and committed in order.
      await client.query('SELECT pg_advisory_xact_lock($1, 1)', [LOCK_SPACE]);
      const last = (
        await client.query<{ revision: number; metadata: RecordedEvent['metadata'] }>(
          `SELECT revision, metadata FROM ${this.q}ledger_security_log WHERE stream = $1 ORDER BY revision DESC LIMIT 1`,
          [stream],
        )
      ).rows[0];
      if (expected === 'no_stream' && last !== undefined) throw new SecurityLogConflictError(`stream ${stream} already exists`);
      if (expected === 'stream_exists' && last === undefined) throw new SecurityLogConflictError(`stream ${stream} does not exist`);
      const position = Number(
        (await client.query<{ next: string }>(`SELECT COALESCE(MAX(position), 0) + 1 AS next FROM ${this.q}ledger_security_log`)).rows[0]
          .next,
      );
      const revision = last === undefined ? 0 : last.revision + 1;
      const metadata = { actor: event.actor, recordedAt: this.options.clock() };
      const hash = contentHash({
        stream,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata,
      });
      const recorded: RecordedEvent = {
        position,
        stream,
        revision,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: { ...metadata, contentHash: hash, prevHash: last?.metadata.contentHash ?? GENESIS_HASH },
      };
      await client.query(
        `INSERT INTO ${this.q}ledger_security_log (position, stream, revision, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          position,
          stream,
          revision,
          event.eventId,
          event.type,
          event.schemaVersion,
          JSON.stringify(event.data),
          JSON.stringify(recorded.metadata),
        ],
      );
      // Delivered to every listener when (and only if) the transaction commits.
      await client.query('SELECT pg_notify($1, $2)', [this.channel, String(position)]);
      return recorded;
    });
  }

  async readStream(stream: string, limit: number): Promise<RecordedEvent[]> {
    return (
      await this.pool.query<LogRow>(`SELECT * FROM ${this.q}ledger_security_log WHERE stream = $1 ORDER BY revision LIMIT $2`, [
        stream,
        limit,
      ])
    ).rows.map(toEvent);
  }

  async readAfter(position: number, limit: number): Promise<RecordedEvent[]> {
    return (
      await this.pool.query<LogRow>(`SELECT * FROM ${this.q}ledger_security_log WHERE position > $1 ORDER BY position LIMIT $2`, [
        position,
        limit,
      ])
    ).rows.map(toEvent);
  }

  /** LISTENs on a connection of its own; while it is down, `live()` is false and it reconnects every second. */
  async watch(onChange: () => void): Promise<SecurityLogWatch> {
    let client: Client | undefined;
    let live = false;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      const next = new Client({ connectionString: this.options.connectionString, keepAlive: true });
      const lost = () => {
        if (client !== next) return;
        live = false;
        client = undefined;
        next.end().catch(() => undefined);
        if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), 1000).unref();
      };
      next.on('error', lost);
      next.on('end', lost);
      next.on('notification', () => onChange());
      client = next;
      try {
        await next.connect();
        await next.query(`LISTEN "${this.channel}"`);
      } catch (error) {
        lost();
        throw error;
      }
      live = true;
      // Anything appended while not listening is read now.
      onChange();
    };
    const watch: SecurityLogWatch = {
      live: () => live,
      stop: async () => {
        stopped = true;
        this.watches.delete(watch);
        if (retry) clearTimeout(retry);
        const current = client;
        client = undefined;
        live = false;
        await current?.end().catch(() => undefined);
      },
    };
    this.watches.add(watch);
    await connect().catch(() => undefined);
    return watch;
  }

  async stopWatches(): Promise<void> {
    for (const watch of [...this.watches]) await watch.stop();
  }

  async close(): Promise<void> {
    // The store as a whole closes the pool.
  }
}

class PostgresSubjectKeys implements SubjectKeyStore {
  constructor(
    private readonly pool: Pool,
    private readonly q: string,
  ) {}

  keyFor(subject: string, now: string): Promise<Buffer | undefined> {
    return transaction(this.pool, async (client) => {
      // Sealing and erasing one subject exclude each other: no key is made after (or while) it is erased.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, `subject:${subject}`]);
      if ((await client.query(`SELECT 1 FROM ${this.q}ledger_erased_subject WHERE subject = $1`, [subject])).rowCount) return undefined;
      await client.query(
        `INSERT INTO ${this.q}ledger_subject_key (subject, key, created_at) VALUES ($1, $2, $3) ON CONFLICT (subject) DO NOTHING`,
        [subject, randomBytes(32), now],
      );
      return (await client.query<{ key: Buffer }>(`SELECT key FROM ${this.q}ledger_subject_key WHERE subject = $1`, [subject])).rows[0]
        ?.key;
    });
  }

  async key(subject: string): Promise<Buffer | undefined> {
    return (await this.pool.query<{ key: Buffer }>(`SELECT key FROM ${this.q}ledger_subject_key WHERE subject = $1`, [subject])).rows[0]
      ?.key;
  }

  erase(subject: string, now: string): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, `subject:${subject}`]);
      const deleted = ((await client.query(`DELETE FROM ${this.q}ledger_subject_key WHERE subject = $1`, [subject])).rowCount ?? 0) > 0;
      await client.query(
        `INSERT INTO ${this.q}ledger_erased_subject (subject, erased_at) VALUES ($1, $2) ON CONFLICT (subject) DO NOTHING`,
        [subject, now],
      );
      return deleted;
    });
  }

  async isErased(subject: string): Promise<boolean> {
    return ((await this.pool.query(`SELECT 1 FROM ${this.q}ledger_erased_subject WHERE subject = $1`, [subject])).rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    // The store as a whole closes the pool.
  }
}

interface HeadRow {
  tree_size: string;
  root_hash: string;
  timestamp: string;
  key_id: string;
  signature: string;
}

const toHead = (row: HeadRow): SignedTreeHead => ({
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash,
  timestamp: row.timestamp,
  keyId: row.key_id,
  signature: row.signature,
});

class PostgresTreeHeads implements TreeHeadStore {
  constructor(
    private readonly pool: Pool,
    private readonly q: string,
  ) {}

  save(head: SignedTreeHead): Promise<void> {
    return transaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, 2)', [LOCK_SPACE]);
      const latest = (
        await client.query<{ tree_size: string }>(`SELECT tree_size FROM ${this.q}ledger_tree_head ORDER BY head_id DESC LIMIT 1`)
      ).rows[0];
      if (latest !== undefined && head.treeSize < Number(latest.tree_size))
        throw new TreeHeadOrderError(head.treeSize, Number(latest.tree_size));
      await client.query(
        `INSERT INTO ${this.q}ledger_tree_head (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, $3, $4, $5)`,
        [head.treeSize, head.rootHash, head.timestamp, head.keyId, head.signature],
      );
    });
  }

  async latest(): Promise<SignedTreeHead | undefined> {
    const row = (await this.pool.query<HeadRow>(`SELECT * FROM ${this.q}ledger_tree_head ORDER BY head_id DESC LIMIT 1`)).rows[0];
    return row && toHead(row);
  }

  async atSize(treeSize: number): Promise<SignedTreeHead | undefined> {
    const row = (
      await this.pool.query<HeadRow>(`SELECT * FROM ${this.q}ledger_tree_head WHERE tree_size = $1 ORDER BY head_id DESC LIMIT 1`, [
        treeSize,
      ])
    ).rows[0];
    return row && toHead(row);
  }

  async list(options: { afterSize?: number; limit?: number } = {}): Promise<SignedTreeHead[]> {
    const rows = await this.pool.query<HeadRow>(`SELECT * FROM ${this.q}ledger_tree_head WHERE tree_size > $1 ORDER BY head_id LIMIT $2`, [
      options.afterSize ?? -1,
      options.limit ?? null,
    ]);
    return rows.rows.map(toHead);
  }
}

class PostgresSecrets implements SecretStore {
  constructor(
    private readonly pool: Pool,
    private readonly q: string,
  ) {}

  async get(name: SecretName): Promise<string | undefined> {
    return (await this.pool.query<{ value: string }>(`SELECT value FROM ${this.q}ledger_secret WHERE name = $1`, [name])).rows[0]?.value;
  }

  async putIfAbsent(name: SecretName, value: string): Promise<string> {
    await this.pool.query(`INSERT INTO ${this.q}ledger_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, value]);
    return (await this.get(name))!;
  }
}
