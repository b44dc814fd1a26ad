import { closeSync, existsSync, openSync } from 'node:fs';
import { describeTightened, securePrivateDataDir } from '@ledger/auth';
import { CLOCK, type Clock } from '@ledger/commands';
import { createEventStore, EVENT_STORE, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { eventStoreFile, LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { PostgresEventIdRegistry } from '@ledger/shared-store';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';

/** Opens the configured event store; `recordedAt` comes from the app's clock, like every other time.
 *  `pollIntervalMs`: how often the embedded store looks for appends of other processes while a subscription waits
 *  (SqliteEventStore's; EventStoreDB pushes them). */
export function openEventStore(
  config: LedgerConfig,
  clock: Clock,
  warn?: (message: string) => void,
  options: { readonly pollIntervalMs?: number } = {},
): EventStore {
  switch (config.eventStore) {
    case 'sqlite': {
      secureDataDir(config, warn);
      // Created 0600 before SQLite opens it (an empty file is a new database): its -wal and -shm take its mode.
      if (!existsSync(eventStoreFile(config))) closeSync(openSync(eventStoreFile(config), 'a', 0o600));
      const store = new SqliteEventStore({
        filename: eventStoreFile(config),
        clock: () => clock.now(),
        ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
      });
      secureDataDir(config, warn);
      return store;
    }
    case 'esdb':
      // loadConfig guarantees the URL whenever esdb is chosen. With DATABASE_URL, every process of the ledger
      // claims its event ids in one PostgreSQL table: an id lives in one stream only, whichever process appends it.
      return createEventStore({
        kind: 'esdb',
        url: config.eventStoreUrl as string,
        clock: () => clock.now(),
        ...(config.databaseUrl !== undefined && { eventIds: new PostgresEventIdRegistry({ connectionString: config.databaseUrl }) }),
      });
  }
}

/** Where the API says what it tightened; the CLI's default is standard error (its standard output may be JSON). */
const logWarning = (message: string): void => new Logger('DataDir').warn(message);
const stderrWarning = (message: string): void => void process.stderr.write(`ledger: ${message}\n`);

/** The data dir 0700 and its files 0600 (events, security log, keys, journals), saying what it tightened. */
export function secureDataDir(config: LedgerConfig, warn: (message: string) => void = stderrWarning): void {
  const tightened = securePrivateDataDir(config.dataDir);
  if (tightened.length > 0) warn(`data dir made private to the service user: ${describeTightened(tightened)}`);
}

/** After every store opened its files: anything created with a wider mode meanwhile is tightened too. */
@Injectable()
export class DataDirPrivacy implements OnApplicationBootstrap {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  onApplicationBootstrap(): void {
    if (existsSync(this.config.dataDir)) secureDataDir(this.config, logWarning);
  }
}

const OWNS_STORE = Symbol('OWNS_STORE');

/** The store the app uses: one it opened from config (and closes), or one handed in by the caller (who closes it). */
export function eventStoreProviders(config: LedgerConfig, given?: EventStore): Provider[] {
  return [
    { provide: EVENT_STORE, useFactory: (clock: Clock) => given ?? openEventStore(config, clock, logWarning), inject: [CLOCK] },
    { provide: OWNS_STORE, useValue: given === undefined },
    EventStoreCloser,
    DataDirPrivacy,
  ];
}

@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNS_STORE) private readonly ownsStore: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.ownsStore) return;
    await this.store.close();
    this.logger.log('event store closed');
  }
}
