import { mkdirSync } from 'node:fs';
import { CLOCK, type Clock } from '@ledger/commands';
import { createEventStore, EVENT_STORE, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { eventStoreFile, type LedgerConfig } from '@ledger/config';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';

/** Opens the configured event store; `recordedAt` comes from the app's clock, like every other time. */
export function openEventStore(config: LedgerConfig, clock: Clock): EventStore {
  switch (config.eventStore) {
    case 'sqlite':
      mkdirSync(config.dataDir, { recursive: true });
      return new SqliteEventStore({ filename: eventStoreFile(config), clock: () => clock.now() });
    case 'esdb':
      // loadConfig guarantees the URL whenever esdb is chosen.
      return createEventStore({ kind: 'esdb', url: config.eventStoreUrl as string, clock: () => clock.now() });
  }
}

const OWNS_STORE = Symbol('OWNS_STORE');

/** The store the app uses: one it opened from config (and closes), or one handed in by the caller (who closes it). */
export function eventStoreProviders(config: LedgerConfig, given?: EventStore): Provider[] {
  return [
    { provide: EVENT_STORE, useFactory: (clock: Clock) => given ?? openEventStore(config, clock), inject: [CLOCK] },
    { provide: OWNS_STORE, useValue: given === undefined },
    EventStoreCloser,
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
