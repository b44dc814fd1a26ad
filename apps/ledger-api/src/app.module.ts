import { CLOCK, CommandPipeline, ID_SOURCE, randomIds, systemClock, type Clock, type IdSource } from '@ledger/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandGateway } from './commands/command-gateway';
import { ExecuteLedgerCommandHandler } from './commands/execute-ledger-command';
import { EventLogController } from './event-log/event-log.controller';
import { FreezesController } from './freeze/freezes.controller';
import { HealthController } from './health/health.controller';
import { ImportController } from './import/import.controller';
import { IncidentsController } from './incident/incidents.controller';
import { LeRequestsController } from './le-request/le-requests.controller';
import { eventStoreProviders } from './store/event-store.provider';
import { TrainingsController } from './training/trainings.controller';

/** What a caller (tests, the CLI's `serve`/`demo`) may hand in instead of what the config would open. */
export interface AppOverrides {
  /** An open store; the caller keeps ownership and closes it. */
  readonly eventStore?: EventStore;
  readonly clock?: Clock;
  readonly ids?: IdSource;
}

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        // FIGURES: import FiguresHttpModule (apps/ledger-api/src/figures) here once it exists and compiles.
      ],
      controllers: [TrainingsController, LeRequestsController, FreezesController, IncidentsController, ImportController, EventLogController, HealthController],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        { provide: ID_SOURCE, useValue: overrides.ids ?? randomIds },
        ...eventStoreProviders(config, overrides.eventStore),
        {
          provide: CommandPipeline,
          useFactory: (store: EventStore, clock: Clock, ids: IdSource) => new CommandPipeline(store, clock, ids),
          inject: [EVENT_STORE, CLOCK, ID_SOURCE],
        },
        ExecuteLedgerCommandHandler,
        CommandGateway,
      ],
      exports: [EVENT_STORE, CLOCK, ID_SOURCE, LEDGER_CONFIG, CommandPipeline],
    };
  }
}
