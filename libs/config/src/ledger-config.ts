import { isAbsolute, join, resolve } from 'node:path';

/**
 * The ledger's whole configuration, read from the environment once at start and validated there.
 * Nothing else in the code base reads `process.env`: it receives a LedgerConfig.
 */
export interface LedgerConfig {
  /** HTTP port of the API. */
  readonly port: number;
  /** Where the embedded store keeps its files (absolute). */
  readonly dataDir: string;
  /** Which event store adapter to use: the embedded SQLite file (default) or EventStoreDB. */
  readonly eventStore: EventStoreKind;
  /** EventStoreDB connection string; set exactly when `eventStore` is `esdb`. */
  readonly eventStoreUrl?: string;
  /** PostgreSQL connection string for the figure store; absent means the embedded SQLite figure store. */
  readonly databaseUrl?: string;
  readonly logLevel: LogLevel;
  /** Largest JSON request body the API accepts. */
  readonly bodyLimit: string;
  /** LEDGER_ADMIN_KEY: an admin API key provisioned at start, for automation. Absent: one is generated into the data dir on first start. */
  readonly adminKey?: string;
  /** LEDGER_PSEUDONYM_SECRET: the HMAC secret of account and subject pseudonyms. Absent: generated into the data dir on first start. */
  readonly pseudonymSecret?: string;
  /** Signed JWTs accepted besides API keys (LEDGER_JWT_ISSUER with LEDGER_JWT_JWKS_URL or LEDGER_JWT_PUBLIC_KEY). */
  readonly jwt?: JwtConfig;
  /** LEDGER_RATE_LIMIT: each key's budget of cost units per window, a token bucket (docs/security.md), e.g. 60/min. */
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  /** LEDGER_SIGNING_KEY_PEM: the ledger's Ed25519 private key (PKCS#8 PEM). Absent (and no _FILE): generated into the data dir on first start. */
  readonly signingKeyPem?: string;
  /** LEDGER_SIGNING_KEY_FILE: a file holding that PEM (read when the key is loaded). */
  readonly signingKeyFile?: string;
  /** LEDGER_TREE_HEAD_INTERVAL_MS: how often a tree head is signed when the log grew (default 60000 where used). */
  readonly treeHeadIntervalMs?: number;
  /**
   * LEDGER_PROJECTOR: `in-process` (default: the API keeps figures and the Merkle tree up itself) or `external`
   * (production: `ledger project` runs as its own process and the API only reads).
   */
  readonly projector: ProjectorMode;
}

export const PROJECTOR_MODES = ['in-process', 'external'] as const;
export type ProjectorMode = (typeof PROJECTOR_MODES)[number];

export interface JwtConfig {
  readonly issuer: string;
  readonly audience?: string;
  readonly jwksUrl?: string;
  readonly publicKeyPem?: string;
  readonly algorithms?: readonly string[];
}

export const EVENT_STORE_KINDS = ['sqlite', 'esdb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

/** Raised at start when the environment is wrong; each problem names its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the environment. Every problem is collected before failing, so one start tells the
 * operator everything that is wrong. `cwd` resolves a relative LEDGER_DATA_DIR.
 */
export function loadConfig(env: Environment, cwd: string = process.cwd()): LedgerConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };

  const port = parsePort(value('PORT'), problems);

  const dataDirRaw = value('LEDGER_DATA_DIR') ?? './data';
  if (dataDirRaw.includes('\0')) problems.push('LEDGER_DATA_DIR must be a file system path');
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  const eventStore = (value('LEDGER_EVENT_STORE') ?? 'sqlite').toLowerCase();
  if (!(EVENT_STORE_KINDS as readonly string[]).includes(eventStore)) {
    problems.push(`LEDGER_EVENT_STORE must be one of ${EVENT_STORE_KINDS.join(', ')} (got "${env.LEDGER_EVENT_STORE}")`);
  }

  const eventStoreUrl = value('EVENTSTORE_URL');
  if (eventStore === 'esdb' && eventStoreUrl === undefined) {
    problems.push('EVENTSTORE_URL is required when LEDGER_EVENT_STORE=esdb, e.g. esdb://localhost:2113?tls=false');
  }
  if (eventStoreUrl !== undefined && !/^(esdb|esdb\+discover):\/\/\S+$/.test(eventStoreUrl)) {
    problems.push('EVENTSTORE_URL must be an EventStoreDB connection string starting with esdb:// or esdb+discover://');
  }

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL connection string starting with postgres:// or postgresql://');
  }

  const logLevel = (value('LEDGER_LOG_LEVEL') ?? 'log').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LEDGER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LEDGER_LOG_LEVEL}")`);
  }

  const bodyLimit = value('LEDGER_BODY_LIMIT') ?? '1mb';
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) problems.push(`LEDGER_BODY_LIMIT must look like 512kb or 1mb (got "${bodyLimit}")`);

  const adminKey = value('LEDGER_ADMIN_KEY');
  if (adminKey !== undefined && !SECRET.test(adminKey)) problems.push('LEDGER_ADMIN_KEY must be 32-200 visible ASCII characters (e.g. the output of `openssl rand -base64 32`)');
  const pseudonymSecret = value('LEDGER_PSEUDONYM_SECRET');
  if (pseudonymSecret !== undefined && !SECRET.test(pseudonymSecret)) problems.push('LEDGER_PSEUDONYM_SECRET must be 32-200 visible ASCII characters');
  const jwt = parseJwt(value, problems);
  const rateLimit = parseRate(value('LEDGER_RATE_LIMIT') ?? '60/min', problems);
  const signingKeyPem = value('LEDGER_SIGNING_KEY_PEM')?.replace(/\\n/g, '\n');
  const signingKeyFile = value('LEDGER_SIGNING_KEY_FILE');
  if (signingKeyPem !== undefined && signingKeyFile !== undefined) problems.push('set one of LEDGER_SIGNING_KEY_PEM and LEDGER_SIGNING_KEY_FILE, not both');
  if (signingKeyPem !== undefined && !/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.test(signingKeyPem)) problems.push('LEDGER_SIGNING_KEY_PEM must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----...), e.g. from `openssl genpkey -algorithm ed25519`');
  const treeHeadIntervalText = value('LEDGER_TREE_HEAD_INTERVAL_MS');
  const treeHeadIntervalMs = treeHeadIntervalText === undefined ? undefined : Number(treeHeadIntervalText);
  if (treeHeadIntervalMs !== undefined && (!/^\d+$/.test(treeHeadIntervalText!) || treeHeadIntervalMs < 100 || treeHeadIntervalMs > 86_400_000)) problems.push('LEDGER_TREE_HEAD_INTERVAL_MS must be a whole number of milliseconds from 100 to 86400000');

  const projector = (value('LEDGER_PROJECTOR') ?? 'in-process').toLowerCase();
  if (!(PROJECTOR_MODES as readonly string[]).includes(projector)) {
    problems.push(`LEDGER_PROJECTOR must be one of ${PROJECTOR_MODES.join(', ')} (got "${env.LEDGER_PROJECTOR}")`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    dataDir,
    eventStore: eventStore as EventStoreKind,
    ...(eventStoreUrl !== undefined ? { eventStoreUrl } : {}),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    logLevel: logLevel as LogLevel,
    bodyLimit: bodyLimit.toLowerCase(),
    ...(adminKey !== undefined ? { adminKey } : {}),
    ...(pseudonymSecret !== undefined ? { pseudonymSecret } : {}),
    ...(jwt !== undefined ? { jwt } : {}),
    rateLimit,
    ...(signingKeyPem !== undefined ? { signingKeyPem } : {}),
    ...(signingKeyFile !== undefined ? { signingKeyFile } : {}),
    ...(treeHeadIntervalMs !== undefined ? { treeHeadIntervalMs } : {}),
    projector: projector as ProjectorMode,
  };
}

const SECRET = /^[\x21-\x7e]{32,200}$/;
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function parseJwt(value: (name: string) => string | undefined, problems: string[]): JwtConfig | undefined {
  const issuer = value('LEDGER_JWT_ISSUER');
  const audience = value('LEDGER_JWT_AUDIENCE');
  const jwksUrl = value('LEDGER_JWT_JWKS_URL');
  // PEM in one environment line: literal "\n" sequences stand for newlines.
  const publicKeyPem = value('LEDGER_JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  const algorithms = value('LEDGER_JWT_ALGORITHMS')?.split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (issuer === undefined) {
    if (jwksUrl !== undefined || publicKeyPem !== undefined || audience !== undefined) problems.push('LEDGER_JWT_ISSUER is required with the other LEDGER_JWT_* variables');
    return undefined;
  }
  if ((jwksUrl === undefined) === (publicKeyPem === undefined)) problems.push('LEDGER_JWT_ISSUER needs exactly one of LEDGER_JWT_JWKS_URL and LEDGER_JWT_PUBLIC_KEY');
  if (jwksUrl !== undefined && !/^https?:\/\/\S+$/.test(jwksUrl)) problems.push('LEDGER_JWT_JWKS_URL must be an http(s) URL');
  if (publicKeyPem !== undefined && !/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/.test(publicKeyPem)) problems.push('LEDGER_JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----...)');
  for (const algorithm of algorithms ?? []) if (!JWT_ALGORITHMS.includes(algorithm)) problems.push(`LEDGER_JWT_ALGORITHMS: ${algorithm} is not one of ${JWT_ALGORITHMS.join(', ')}`);
  return {
    issuer,
    ...(audience !== undefined ? { audience } : {}),
    ...(jwksUrl !== undefined ? { jwksUrl } : {}),
    ...(publicKeyPem !== undefined ? { publicKeyPem } : {}),
    ...(algorithms !== undefined && algorithms.length > 0 ? { algorithms } : {}),
  };
}

const RATE_UNITS: Record<string, number> = { s: 1000, sec: 1000, min: 60_000, h: 3_600_000 };

function parseRate(raw: string, problems: string[]): { limit: number; windowMs: number } {
  const match = /^(\d{1,6})\/(s|sec|min|h)$/.exec(raw);
  if (!match || Number(match[1]) < 1) {
    problems.push(`LEDGER_RATE_LIMIT must look like 60/min (requests per s, min or h), got "${raw}"`);
    return { limit: 60, windowMs: 60_000 };
  }
  return { limit: Number(match[1]), windowMs: RATE_UNITS[match[2]] };
}

/** Files of the ledger's own secrets in LEDGER_DATA_DIR, written on first start when the environment gives none. */
export const ADMIN_KEY_FILENAME = 'admin.key';
export const PSEUDONYM_SECRET_FILENAME = 'pseudonym.secret';
/** Key management and personal-data events (hash-chained like the ledger's own log). */
export const SECURITY_LOG_FILENAME = 'security.sqlite';
/** Per-subject keys: the one file the ledger deletes from (crypto-shredding). */
export const SUBJECT_KEYS_FILENAME = 'subject-keys.sqlite';

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return 3000;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  // 0 lets the OS pick a free port (tests, parallel demos).
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${raw}")`);
    return 0;
  }
  return port;
}

/** File of the embedded SQLite event store inside LEDGER_DATA_DIR; the API, the CLI and tools all open this one. */
export const EVENT_STORE_FILENAME = 'events.sqlite';

export function eventStoreFile(config: Pick<LedgerConfig, 'dataDir'>): string {
  return join(config.dataDir, EVENT_STORE_FILENAME);
}

/** Log levels Nest should print for a configured level: the level and everything more severe. */
export function nestLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
