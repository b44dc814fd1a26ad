import { CLOCK, type Clock } from '@ledger/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { openSharedStore, resolveLedgerSecrets, SHARED_STORE, type SharedStore } from '@ledger/shared-store';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

/** The ledger's shared secrets (pseudonyms, key hashes, signing key), resolved once at start. */
export const LEDGER_SECRETS = Symbol('LEDGER_SECRETS');

@Injectable()
class SharedStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(SHARED_STORE) private readonly store: SharedStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * What the API instances of one ledger share besides the events (keys and the security log, subject keys, tree
 * heads, secrets, leases): the data dir's files embedded, PostgreSQL with DATABASE_URL. Global, so it starts
 * before and stops after every module using it.
 */
@Global()
@Module({
  providers: [
    {
      provide: SHARED_STORE,
      useFactory: (config: LedgerConfig, clock: Clock) => openSharedStore(config, () => clock.now()),
      inject: [LEDGER_CONFIG, CLOCK],
    },
    {
      provide: LEDGER_SECRETS,
      useFactory: (config: LedgerConfig, store: SharedStore) => resolveLedgerSecrets(config, store),
      inject: [LEDGER_CONFIG, SHARED_STORE],
    },
    SharedStoreCloser,
  ],
  exports: [SHARED_STORE, LEDGER_SECRETS],
})
export class ClusterModule {}
