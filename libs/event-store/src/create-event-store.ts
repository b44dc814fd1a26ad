import type { EventIdRegistry, EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { EsdbEventStore } from './esdb/esdb-event-store';

export type EventStoreConfig =
  /** The embedded default: one SQLite file. */
  | { readonly kind: 'sqlite'; readonly filename: string }
  /** SQLite in memory: for tests and demos; gone when closed. */
  | { readonly kind: 'memory' }
  /** EventStoreDB (production): `url` is an esdb:// or esdb+discover:// connection string. */
  /** `eventIds`: the registry every writer shares (PostgreSQL when DATABASE_URL is set); the store closes it. */
  | { readonly kind: 'esdb'; readonly url: string; readonly clock?: () => string; readonly eventIds?: EventIdRegistry };

/** The adapter for a configuration. One case per adapter; configuration is validated before it gets here. */
export function createEventStore(config: EventStoreConfig): EventStore {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteEventStore({ filename: config.filename });
    case 'memory':
      return new SqliteEventStore({ filename: ':memory:' });
    case 'esdb':
      return EsdbEventStore.connect(config.url, {
        ...(config.clock && { clock: config.clock }),
        ...(config.eventIds && { eventIds: config.eventIds }),
      });
    default: {
      const unknown: never = config;
      throw new Error(`unknown event store kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}
