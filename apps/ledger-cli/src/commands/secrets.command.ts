import { initSharedSecrets, openSharedStore } from '@ledger/shared-store';
import type { Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';

/**
 * `ledger secrets init`: once per ledger, keeps a pseudonym secret, a key-hash secret and a signing key in the shared
 * store (PostgreSQL with DATABASE_URL; the data dir's files otherwise) where none is kept yet, so that every
 * instance finds the same ones. A secret set in the environment still takes precedence over the stored one.
 */
export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description("the ledger's shared secrets (pseudonyms, key hashes, signing key)");
  secrets
    .command('init')
    .description('generate each missing secret once into the shared store (never overwrites one)')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: StoreOptions) => {
      const store = await openSharedStore(configFrom(options), () => new Date().toISOString());
      try {
        for (const { name, created } of await initSharedSecrets(store))
          process.stdout.write(`${name}: ${created ? 'created' : 'already kept'}\n`);
      } finally {
        await store.close();
      }
    });
}
