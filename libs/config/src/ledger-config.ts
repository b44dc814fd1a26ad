import { isAbsolute, join, resolve } from 'node:path';
import { parseNatsConfig, type NatsIntakeConfig } from './nats-config';

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
  /**
   * LEDGER_FIGURES_FILE, where the embedded figure store lives: `events` (default: in the events' SQLite file) or
   * `own` (FIGURE_STORE_FILENAME in the data dir, so the projector's commits do not take the events' write lock).
   * After a change the projector goes on from the figures the newly named file holds (none at first: a full build).
   */
  readonly figuresFile: FiguresFile;
  readonly logLevel: LogLevel;
  /** Largest JSON request body the API accepts. */
  readonly bodyLimit: string;
  /** LEDGER_BODY_GRACE_MS: a request body gets this long plus 1 s per 16 KiB received, then 408 (default 10000). */
  readonly bodyGraceMs?: number;
  /** LEDGER_ADMIN_KEY: an admin API key provisioned at start, for automation. Absent: one is generated into the data dir on first start. */
  readonly adminKey?: string;
  /** LEDGER_PSEUDONYM_SECRET: the HMAC secret of account and subject pseudonyms. Absent: generated into the data dir on first start. */
  readonly pseudonymSecret?: string;
  /** LEDGER_KEY_HASH_SECRET: the HMAC secret of stored API key hashes. Absent: from the shared store, or (embedded) generated into the data dir. */
  readonly keyHashSecret?: string;
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
   * LEDGER_PROJECTOR: `in-process` (default: the API keeps figures and the Merkle tree up itself), `thread` (the
   * same, the figures projected on a thread of the API process with its own store connections, so a batch never holds
   * the request loop) or `external` (production: `ledger project` runs as its own process and the API only reads).
   */
  readonly projector: ProjectorMode;
  /**
   * LEDGER_PROJECTOR_STALL_SECONDS: with an external projector, how long it may be behind the log without progress
   * (or without a heartbeat) before the API says degraded and figure answers stale (default 60).
   */
  readonly projectorStallSeconds?: number;
  /** LEDGER_VERIFY_SWEEP_RATE: events a second the worker re-verifies, wrapping around the verified log (default 1000; 0: off). */
  readonly verifySweepRate?: number;
  /** LEDGER_NATS_*: command intake over NATS JetStream; absent when LEDGER_NATS_URL is not set. */
  readonly nats?: NatsIntakeConfig;
  /** LEDGER_LOG_FORMAT: `json` (one JSON object a line, the default when stdout is not a terminal) or `pretty`. */
  readonly logFormat: LogFormat;
  /**
   * LEDGER_METRICS_PORT: the separate port serving only Prometheus `/metrics` (absent or `off`: no metrics server;
   * the Docker image sets 9464). Kept off the API port so a scrape reaches counters, never data.
   * LEDGER_METRICS_HOST: its bind address (default 0.0.0.0).
   */
  readonly metrics?: { readonly port: number; readonly host: string };
  /** Tracing with OpenTelemetry, on only when the standard OTEL_* variables ask for it (see `parseTracing`). */
  readonly tracing?: TracingConfig;
  /** LEDGER_SHUTDOWN_TIMEOUT_MS: how long in-flight requests get to finish after SIGTERM (default 8000). */
  readonly shutdownTimeoutMs: number;
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface TracingConfig {
  /** OTEL_TRACES_EXPORTER: `otlp` (OTLP over HTTP; endpoint and headers from the standard OTEL_EXPORTER_OTLP_* variables) or `console`. */
  readonly exporter: 'otlp' | 'console';
  /** OTEL_SERVICE_NAME, default cooperation-ledger. */
  readonly serviceName: string;
}

export const PROJECTOR_MODES = ['in-process', 'thread', 'external'] as const;
export type ProjectorMode = (typeof PROJECTOR_MODES)[number];
export const FIGURES_FILES = ['events', 'own'] as const;
export type FiguresFile = (typeof FIGURES_FILES)[number];

export interface JwtConfig {
  readonly issuer: string;
  readonly audience?: string;
  readonly jwksUrl?: string;
  readonly publicKeyPem?: string;
  readonly algorithms?: readonly string[];
  /** LEDGER_JWT_MAX_AGE: seconds a token may be old and may live (default 3600). */
  readonly maxAgeSeconds?: number;
  /** LEDGER_JWT_CLOCK_SKEW: seconds of clock difference tolerated (default 60). */
  readonly clockSkewSeconds?: number;
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
export function loadConfig(
  env: Environment,
  cwd: string = process.cwd(),
  stdoutIsTerminal: boolean = process.stdout.isTTY === true,
): LedgerConfig {
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

  const bodyGraceText = value('LEDGER_BODY_GRACE_MS');
  const bodyGraceMs = bodyGraceText === undefined ? undefined : Number(bodyGraceText);
  if (bodyGraceText !== undefined && (!/^\d+$/.test(bodyGraceText) || bodyGraceMs! < 100 || bodyGraceMs! > 3_600_000))
    problems.push('LEDGER_BODY_GRACE_MS must be a whole number of milliseconds from 100 to 3600000');

  const adminKey = value('LEDGER_ADMIN_KEY');
  if (adminKey !== undefined && !SECRET.test(adminKey))
    problems.push('LEDGER_ADMIN_KEY must be 32-200 visible ASCII characters (e.g. the output of `openssl rand -base64 32`)');
  const pseudonymSecret = value('LEDGER_PSEUDONYM_SECRET');
  if (pseudonymSecret !== undefined && !SECRET.test(pseudonymSecret))
    problems.push('LEDGER_PSEUDONYM_SECRET must be 32-200 visible ASCII characters');
  const keyHashSecret = value('LEDGER_KEY_HASH_SECRET');
  if (keyHashSecret !== undefined && !SECRET.test(keyHashSecret))
    problems.push('LEDGER_KEY_HASH_SECRET must be 32-200 visible ASCII characters');
  const jwt = parseJwt(value, problems);
  const rateLimit = parseRate(value('LEDGER_RATE_LIMIT') ?? '60/min', problems);
  const signingKeyPem = value('LEDGER_SIGNING_KEY_PEM')?.replace(/\\n/g, '\n');
  const signingKeyFile = value('LEDGER_SIGNING_KEY_FILE');
  if (signingKeyPem !== undefined && signingKeyFile !== undefined)
    problems.push('set one of LEDGER_SIGNING_KEY_PEM and LEDGER_SIGNING_KEY_FILE, not both');
  if (signingKeyPem !== undefined && !/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.test(signingKeyPem))
    problems.push(
      'LEDGER_SIGNING_KEY_PEM must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----...), e.g. from `openssl genpkey -algorithm ed25519`',
    );
  const treeHeadIntervalText = value('LEDGER_TREE_HEAD_INTERVAL_MS');
  const treeHeadIntervalMs = treeHeadIntervalText === undefined ? undefined : Number(treeHeadIntervalText);
  if (
    treeHeadIntervalMs !== undefined &&
    (!/^\d+$/.test(treeHeadIntervalText!) || treeHeadIntervalMs < 100 || treeHeadIntervalMs > 86_400_000)
  )
    problems.push('LEDGER_TREE_HEAD_INTERVAL_MS must be a whole number of milliseconds from 100 to 86400000');

  const projector = (value('LEDGER_PROJECTOR') ?? 'in-process').toLowerCase();
  if (!(PROJECTOR_MODES as readonly string[]).includes(projector)) {
    problems.push(`LEDGER_PROJECTOR must be one of ${PROJECTOR_MODES.join(', ')} (got "${env.LEDGER_PROJECTOR}")`);
  }

  const figuresFile = (value('LEDGER_FIGURES_FILE') ?? 'events').toLowerCase();
  if (!(FIGURES_FILES as readonly string[]).includes(figuresFile))
    problems.push(`LEDGER_FIGURES_FILE must be one of ${FIGURES_FILES.join(', ')} (got "${env.LEDGER_FIGURES_FILE}")`);
  else if (figuresFile === 'own' && databaseUrl !== undefined)
    problems.push('LEDGER_FIGURES_FILE=own names a SQLite file, but DATABASE_URL keeps the figures in PostgreSQL: set one of them');

  const stallText = value('LEDGER_PROJECTOR_STALL_SECONDS');
  if (stallText !== undefined && (!/^\d+$/.test(stallText) || Number(stallText) < 1 || Number(stallText) > 86_400))
    problems.push(`LEDGER_PROJECTOR_STALL_SECONDS must be whole seconds from 1 to 86400 (got "${stallText}")`);
  const sweepText = value('LEDGER_VERIFY_SWEEP_RATE');
  if (sweepText !== undefined && (!/^\d+$/.test(sweepText) || Number(sweepText) > 1_000_000))
    problems.push(`LEDGER_VERIFY_SWEEP_RATE must be whole events per second from 0 to 1000000 (got "${sweepText}")`);

  const nats = parseNatsConfig(value, problems);
  const logFormat = (value('LEDGER_LOG_FORMAT') ?? (stdoutIsTerminal ? 'pretty' : 'json')).toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat))
    problems.push(`LEDGER_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${env.LEDGER_LOG_FORMAT}")`);
  const metrics = parseMetrics(value('LEDGER_METRICS_PORT'), value('LEDGER_METRICS_HOST'), problems);
  const tracing = parseTracing(value, problems);
  const shutdownTimeoutText = value('LEDGER_SHUTDOWN_TIMEOUT_MS') ?? '8000';
  const shutdownTimeoutMs = Number(shutdownTimeoutText);
  if (!/^\d+$/.test(shutdownTimeoutText) || shutdownTimeoutMs < 100 || shutdownTimeoutMs > 9000)
    problems.push(
      'LEDGER_SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 100 to 9000 (the process exits within 10 s of SIGTERM)',
    );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    dataDir,
    eventStore: eventStore as EventStoreKind,
    ...(eventStoreUrl !== undefined ? { eventStoreUrl } : {}),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    logLevel: logLevel as LogLevel,
    bodyLimit: bodyLimit.toLowerCase(),
    ...(bodyGraceMs !== undefined ? { bodyGraceMs } : {}),
    ...(adminKey !== undefined ? { adminKey } : {}),
    ...(pseudonymSecret !== undefined ? { pseudonymSecret } : {}),
    ...(keyHashSecret !== undefined ? { keyHashSecret } : {}),
    ...(jwt !== undefined ? { jwt } : {}),
    rateLimit,
    ...(signingKeyPem !== undefined ? { signingKeyPem } : {}),
    ...(signingKeyFile !== undefined ? { signingKeyFile } : {}),
    ...(treeHeadIntervalMs !== undefined ? { treeHeadIntervalMs } : {}),
    projector: projector as ProjectorMode,
    figuresFile: figuresFile as FiguresFile,
    ...(stallText !== undefined ? { projectorStallSeconds: Number(stallText) } : {}),
    ...(sweepText !== undefined ? { verifySweepRate: Number(sweepText) } : {}),
    ...(nats !== undefined ? { nats } : {}),
    logFormat: logFormat as LogFormat,
    ...(metrics !== undefined ? { metrics } : {}),
    ...(tracing !== undefined ? { tracing } : {}),
    shutdownTimeoutMs,
  };
}

function parseMetrics(port: string | undefined, host: string | undefined, problems: string[]): LedgerConfig['metrics'] {
  if (port === undefined || port.toLowerCase() === 'off') return undefined;
  const number = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    problems.push(`LEDGER_METRICS_PORT must be a port from 0 to 65535 or off (got "${port}")`);
  if (host !== undefined && !/^[\w.:-]+$/.test(host)) problems.push(`LEDGER_METRICS_HOST must be a host name or address (got "${host}")`);
  return { port: number, host: host ?? '0.0.0.0' };
}

/**
 * Off by default. On when OTEL_TRACES_EXPORTER names otlp or console, or when an OTLP endpoint is given
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none keep it off.
 */
function parseTracing(value: (name: string) => string | undefined, problems: string[]): TracingConfig | undefined {
  if (value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const named = value('OTEL_TRACES_EXPORTER')?.toLowerCase();
  const endpoint = value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? value('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (named === 'none' || (named === undefined && endpoint === undefined)) return undefined;
  const exporter = named ?? 'otlp';
  if (exporter !== 'otlp' && exporter !== 'console') {
    problems.push(`OTEL_TRACES_EXPORTER must be otlp, console or none (got "${named}")`);
    return undefined;
  }
  return { exporter, serviceName: value('OTEL_SERVICE_NAME') ?? 'cooperation-ledger' };
}

const SECRET = /^[\x21-\x7e]{32,200}$/;
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function parseJwt(value: (name: string) => string | undefined, problems: string[]): JwtConfig | undefined {
  const issuer = value('LEDGER_JWT_ISSUER');
  const audience = value('LEDGER_JWT_AUDIENCE');
  const jwksUrl = value('LEDGER_JWT_JWKS_URL');
  // PEM in one environment line: literal "\n" sequences stand for newlines.
  const publicKeyPem = value('LEDGER_JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  const algorithms = value('LEDGER_JWT_ALGORITHMS')
    ?.split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (issuer === undefined) {
    if (jwksUrl !== undefined || publicKeyPem !== undefined || audience !== undefined)
      problems.push('LEDGER_JWT_ISSUER is required with the other LEDGER_JWT_* variables');
    return undefined;
  }
  if ((jwksUrl === undefined) === (publicKeyPem === undefined))
    problems.push('LEDGER_JWT_ISSUER needs exactly one of LEDGER_JWT_JWKS_URL and LEDGER_JWT_PUBLIC_KEY');
  if (jwksUrl !== undefined && !/^https?:\/\/\S+$/.test(jwksUrl)) problems.push('LEDGER_JWT_JWKS_URL must be an http(s) URL');
  if (publicKeyPem !== undefined && !/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/.test(publicKeyPem))
    problems.push('LEDGER_JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----...)');
  for (const algorithm of algorithms ?? [])
    if (!JWT_ALGORITHMS.includes(algorithm))
      problems.push(`LEDGER_JWT_ALGORITHMS: ${algorithm} is not one of ${JWT_ALGORITHMS.join(', ')}`);
  const seconds = (name: string, min: number, max: number): number | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
      problems.push(`${name} must be whole seconds from ${min} to ${max} (got "${raw}")`);
    return Number(raw);
  };
  const maxAgeSeconds = seconds('LEDGER_JWT_MAX_AGE', 60, 7 * 86_400);
  const clockSkewSeconds = seconds('LEDGER_JWT_CLOCK_SKEW', 0, 600);
  return {
    ...(maxAgeSeconds !== undefined ? { maxAgeSeconds } : {}),
    ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}),
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

/** The embedded figure store's own file (LEDGER_FIGURES_FILE=own). */
export const FIGURE_STORE_FILENAME = 'figures.sqlite';

/** The SQLite file of the embedded figure store: the events' file, or its own (LEDGER_FIGURES_FILE). */
export function figureStoreFile(config: Pick<LedgerConfig, 'dataDir' | 'figuresFile'>): string {
  return config.figuresFile === 'own' ? join(config.dataDir, FIGURE_STORE_FILENAME) : eventStoreFile(config);
}

/** Log levels Nest should print for a configured level: the level and everything more severe. */
export function nestLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
