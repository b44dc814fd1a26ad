import { CATEGORIES } from '@ledger/domain';

/**
 * Command intake over NATS JetStream, on when LEDGER_NATS_URL is set. Messages act as one service principal
 * granted LEDGER_NATS_CATEGORIES; credentials and TLS use the NATS client's own options.
 */
export interface NatsIntakeConfig {
  /** LEDGER_NATS_URL: one or more servers, comma-separated (nats://host:4222, tls://host:4222). */
  readonly servers: readonly string[];
  /** LEDGER_NATS_CATEGORIES: command categories the intake may issue (`request,freeze`) or `*`. */
  readonly categories: readonly string[];
  /** LEDGER_NATS_PRINCIPAL: the actor recorded on every event (`nats:<name>`); idempotency keys are scoped to it. */
  readonly principal: string;
  /** LEDGER_NATS_STREAM (default LEDGER_COMMANDS). */
  readonly stream: string;
  /** LEDGER_NATS_CONSUMER: the durable pull consumer's name (default ledger-api). */
  readonly consumer: string;
  /** LEDGER_NATS_SUBJECT_PREFIX (default `ledger`): commands on `<prefix>.commands.>`, outcomes on `<prefix>.outcomes.<category>`, refusals on `<prefix>.rejected`. */
  readonly subjectPrefix: string;
  /** LEDGER_NATS_MAX_IN_FLIGHT: messages delivered and not yet acked, at most (the consumer's max_ack_pending; default 1024). */
  readonly maxInFlight: number;
  /** LEDGER_NATS_BATCH: messages decided and appended together, at most (default 500, as an HTTP import; never more than maxInFlight). */
  readonly batchSize: number;
  /** LEDGER_NATS_ACK_WAIT_MS: how long the server waits for an ack before redelivering (default 30000). */
  readonly ackWaitMs: number;
  /** LEDGER_NATS_CREDS: a .creds file (JWT + NKey seed). */
  readonly credsFile?: string;
  /** LEDGER_NATS_NKEY_SEED_FILE: a file holding an NKey user seed. */
  readonly nkeySeedFile?: string;
  /** LEDGER_NATS_USER and LEDGER_NATS_PASSWORD. */
  readonly user?: string;
  readonly password?: string;
  /** LEDGER_NATS_TOKEN. */
  readonly token?: string;
  /** LEDGER_NATS_TLS_CA, LEDGER_NATS_TLS_CERT, LEDGER_NATS_TLS_KEY: PEM files; any of them turns TLS on. */
  readonly tls?: { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT_TOKENS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** The domain's own categories: a category it gains can be granted to the bus without a change here. */
const NATS_CATEGORIES: readonly string[] = CATEGORIES;

/** Reads the LEDGER_NATS_* variables; undefined when LEDGER_NATS_URL is not set. */
export function parseNatsConfig(value: (name: string) => string | undefined, problems: string[]): NatsIntakeConfig | undefined {
  const url = value('LEDGER_NATS_URL');
  if (url === undefined) {
    if (value('LEDGER_NATS_CATEGORIES') !== undefined)
      problems.push('LEDGER_NATS_CATEGORIES needs LEDGER_NATS_URL (the NATS server to take commands from)');
    return undefined;
  }
  const servers = url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const server of servers) {
    if (!/^(nats|tls):\/\/\S+$/.test(server)) problems.push(`LEDGER_NATS_URL: ${server} must start with nats:// or tls://`);
  }
  const categoriesText = value('LEDGER_NATS_CATEGORIES');
  const categories = (categoriesText ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (categories.length === 0)
    problems.push(
      `LEDGER_NATS_CATEGORIES is required with LEDGER_NATS_URL: the categories bus messages may issue, e.g. request,freeze or *`,
    );
  for (const category of categories) {
    if (category !== '*' && !NATS_CATEGORIES.includes(category))
      problems.push(`LEDGER_NATS_CATEGORIES: ${JSON.stringify(category)} is not one of ${NATS_CATEGORIES.join(', ')} or *`);
  }
  const name = (variable: string, fallback: string): string => {
    const given = value(variable) ?? fallback;
    if (!NAME.test(given)) problems.push(`${variable} must be 1-64 letters, digits, _ or - (got "${given}")`);
    return given;
  };
  const stream = name('LEDGER_NATS_STREAM', 'LEDGER_COMMANDS');
  const consumer = name('LEDGER_NATS_CONSUMER', 'ledger-api');
  const principalName = name('LEDGER_NATS_PRINCIPAL', 'ledger-commands');
  const subjectPrefix = value('LEDGER_NATS_SUBJECT_PREFIX') ?? 'ledger';
  if (!SUBJECT_TOKENS.test(subjectPrefix))
    problems.push(`LEDGER_NATS_SUBJECT_PREFIX must be dot-separated tokens of letters, digits, _ or - (got "${subjectPrefix}")`);
  const whole = (variable: string, fallback: number, min: number, max: number): number => {
    const text = value(variable);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max)
      problems.push(`${variable} must be a whole number from ${min} to ${max} (got "${text}")`);
    return n;
  };
  const maxInFlight = whole('LEDGER_NATS_MAX_IN_FLIGHT', 1024, 1, 10_000);
  const batchSize = Math.min(whole('LEDGER_NATS_BATCH', 500, 1, 1000), maxInFlight);
  const ackWaitMs = whole('LEDGER_NATS_ACK_WAIT_MS', 30_000, 1000, 3_600_000);
  const user = value('LEDGER_NATS_USER');
  const password = value('LEDGER_NATS_PASSWORD');
  if ((user === undefined) !== (password === undefined)) problems.push('set LEDGER_NATS_USER and LEDGER_NATS_PASSWORD together');
  const token = value('LEDGER_NATS_TOKEN');
  const credsFile = value('LEDGER_NATS_CREDS');
  const nkeySeedFile = value('LEDGER_NATS_NKEY_SEED_FILE');
  const ways = [user, token, credsFile, nkeySeedFile].filter((w) => w !== undefined).length;
  if (ways > 1)
    problems.push(
      'use one NATS authentication: LEDGER_NATS_USER/PASSWORD, LEDGER_NATS_TOKEN, LEDGER_NATS_CREDS or LEDGER_NATS_NKEY_SEED_FILE',
    );
  const caFile = value('LEDGER_NATS_TLS_CA');
  const certFile = value('LEDGER_NATS_TLS_CERT');
  const keyFile = value('LEDGER_NATS_TLS_KEY');
  if ((certFile === undefined) !== (keyFile === undefined))
    problems.push('set LEDGER_NATS_TLS_CERT and LEDGER_NATS_TLS_KEY together (a client certificate and its key)');
  const tls =
    (caFile ?? certFile ?? keyFile)
      ? { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) }
      : undefined;
  return {
    servers,
    categories,
    principal: `nats:${principalName}`,
    stream,
    consumer,
    subjectPrefix,
    maxInFlight,
    batchSize,
    ackWaitMs,
    ...(credsFile !== undefined ? { credsFile } : {}),
    ...(nkeySeedFile !== undefined ? { nkeySeedFile } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(tls !== undefined ? { tls } : {}),
  };
}
