import { userInfo } from 'node:os';
import {
  isRole,
  KeyHasher,
  KeyManagement,
  KeyManagementError,
  ROLES,
  SecurityLog,
  type ApiKeyRecord,
  type CreatedKey,
  type Role,
} from '@ledger/auth';
import type { LedgerConfig } from '@ledger/config';
import { openSharedStore, resolveLedgerSecrets } from '@ledger/shared-store';
import { InvalidArgumentError, type Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';

interface KeysOptions extends StoreOptions {
  readonly json?: boolean;
}

/** Repeatable and comma-separated: `--country MX --country AR` or `--country MX,AR`. */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== ''),
];

function role(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}`);
  return value;
}

/**
 * `ledger keys create|list|revoke`: key management on the data dir's security log, the same log the API reads
 * (a key created or revoked here takes effect in a running API at its next request). Recorded as `cli:<os user>`.
 */
export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage API keys (service, regulator, auditor, admin); every action is an event in the security log');
  keys
    .command('create')
    .description('create an API key and print it once (only its hash is kept)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
    .option(
      '--category <category>',
      'service keys: command category (training, request, freeze, incident, subject or *); repeatable',
      collect,
    )
    .option('--country <code>', 'regulator keys: ISO 3166-1 alpha-2 country; repeatable', collect)
    .option('--label <text>', 'who or what the key is for')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--json', 'print JSON')
    .action(async (options: KeysOptions & { role: Role; category?: string[]; country?: string[]; label?: string }) => {
      const created = await withKeys(configFrom(options), (k) =>
        k.create(
          {
            role: options.role,
            categories: options.category ?? [],
            countries: options.country ?? [],
            ...(options.label ? { label: options.label } : {}),
          },
          cliActor(),
        ),
      );
      process.stdout.write(options.json ? `${JSON.stringify(created, null, 2)}\n` : describeCreated(created));
    });
  keys
    .command('list')
    .description('list every key, revoked ones included (never the keys themselves)')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--json', 'print JSON')
    .action(async (options: KeysOptions) => {
      const list = await withKeys(configFrom(options), (k) => k.list());
      process.stdout.write(options.json ? `${JSON.stringify(list, null, 2)}\n` : describeList(list));
    });
  keys
    .command('revoke')
    .description('revoke a key: it stops working at once')
    .argument('<keyId>', 'the key id (from `ledger keys list`)')
    .option('--reason <text>', 'why')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--json', 'print JSON')
    .action(async (keyId: string, options: KeysOptions & { reason?: string }) => {
      const revoked = await withKeys(configFrom(options), (k) => k.revoke(keyId, cliActor(), options.reason));
      process.stdout.write(
        options.json ? `${JSON.stringify(revoked, null, 2)}\n` : `revoked ${revoked.keyId} (${revoked.role}) at ${revoked.revokedAt}\n`,
      );
    });
}

/**
 * Opens the configured security log (the data dir's, or the shared PostgreSQL one with DATABASE_URL) for one
 * action; key management errors read as plain messages.
 */
export async function withKeys<T>(config: LedgerConfig, action: (keys: KeyManagement) => Promise<T>): Promise<T> {
  const now = () => new Date().toISOString();
  const store = await openSharedStore(config, now);
  try {
    const secrets = await resolveLedgerSecrets(config, store);
    return await action(new KeyManagement(new SecurityLog(store.securityLog), now, new KeyHasher(secrets.keyHashSecret)));
  } catch (error) {
    if (error instanceof KeyManagementError) throw Object.assign(new Error(error.message), { code: error.code });
    throw error;
  } finally {
    await store.close();
  }
}

function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

function grants(key: ApiKeyRecord): string {
  if (key.categories.length > 0) return `categories ${key.categories.join(',')}`;
  if (key.countries.length > 0) return `countries ${key.countries.join(',')}`;
  return '-';
}

export function describeCreated(created: CreatedKey): string {
  return [
    `created ${created.role} key ${created.keyId} (${grants(created)})`,
    `key: ${created.key}`,
    'this is the only time the key is shown; send it as "Authorization: Bearer <key>"',
    '',
  ].join('\n');
}

export function describeList(list: readonly ApiKeyRecord[]): string {
  if (list.length === 0) return 'no keys yet\n';
  const rows = list.map((k) => [
    k.keyId,
    k.role,
    grants(k),
    k.label ?? '',
    k.createdAt,
    k.createdBy,
    k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
  ]);
  const header = ['id', 'role', 'grants', 'label', 'created', 'by', 'state'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return (
    [header, ...rows]
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
