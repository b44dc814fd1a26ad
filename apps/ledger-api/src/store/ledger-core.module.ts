import { CLOCK, ID_SOURCE, randomIds, systemClock, type Clock, type IdSource } from '@ledger/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Module, type DynamicModule } from '@nestjs/common';
import { eventStoreProviders } from './event-store.provider';

/**
 * Configuration, clock, id source and the event store, visible to every module. Global modules start first and
 * stop last, so the store closes only after everything reading it (the projector) has stopped.
 */
@Module({})
export class LedgerCoreModule {
  static forRoot(config: LedgerConfig, given: { eventStore?: EventStore; clock?: Clock; ids?: IdSource } = {}): DynamicModule {
    return {
      module: LedgerCoreModule,
      global: true,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: given.clock ?? systemClock },
        { provide: ID_SOURCE, useValue: given.ids ?? randomIds },
        ...eventStoreProviders(config, given.eventStore),
      ],
      exports: [LEDGER_CONFIG, CLOCK, ID_SOURCE, EVENT_STORE],
    };
  }
}
