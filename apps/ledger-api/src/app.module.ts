import { CLOCK, CommandPipeline, ID_SOURCE, type Clock, type IdSource } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, type FigureStore } from '@ledger/figures';
import type { Principal } from '@ledger/auth';
import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ClusterModule } from './cluster/cluster.module';
import { AuditHttpModule } from './audit';
import { CommandGateway } from './commands/command-gateway';
import { LedgerCommandsModule } from './commands/ledger-commands.module';
import { DashboardModule } from './dashboard';
import { EventLogController } from './event-log/event-log.controller';
import { FiguresHttpModule } from './figures';
import { configuredFigureStore } from './figures/configured-figure-store';
import { FreezesController } from './freeze/freezes.controller';
import { HealthController } from './health/health.controller';
import { ImportController } from './import/import.controller';
import { IncidentsController } from './incident/incidents.controller';
import { LeRequestsController } from './le-request/le-requests.controller';
import { NatsIntake } from './nats/nats-intake.service';
import { LedgerMetrics } from './observability/ledger-metrics';
import { ObservabilityModule } from './observability/observability.module';
import { LedgerCoreModule } from './store/ledger-core.module';
import { TrainingsController } from './training/trainings.controller';

/** How often a projector thread's embedded event store looks for the API's appends: the floor of the figures' lag
 *  on an idle log (the in-process projector is told of each append; a thread has its own connection). */
const PROJECTOR_THREAD_POLL_MS = 25;

/** What a caller (tests, the CLI's `serve`/`demo`) may hand in instead of what the config would open. */
export interface AppOverrides {
  /** An open event store; the caller keeps ownership and closes it. */
  readonly eventStore?: EventStore;
  /** An open figure store; the caller keeps ownership and closes it. */
  readonly figureStore?: FigureStore;
  /** Run the projector in the API process (the embedded default); false when `ledger project` runs it. */
  readonly runProjector?: boolean;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /**
   * Tests of other parts only: requests without an Authorization header act as this principal (e.g.
   * EVERY_ROLE_TEST_PRINCIPAL from @ledger/auth/testing). Credentials that are sent are still checked.
   */
  readonly principal?: Principal;
}

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    const runProjector = overrides.runProjector ?? config.projector !== 'external';
    // The thread opens the stores the config names, so not with stores handed in (tests): those project in process.
    const thread =
      config.projector === 'thread' && overrides.eventStore === undefined && overrides.figureStore === undefined
        ? { config, pollIntervalMs: PROJECTOR_THREAD_POLL_MS }
        : undefined;
    return {
      module: AppModule,
      imports: [
        LedgerCoreModule.forRoot(config, overrides),
        ClusterModule,
        AuthModule.forRoot(config, { ...(overrides.principal ? { testPrincipal: overrides.principal } : {}) }),
        LedgerCommandsModule.register({
          provide: CommandPipeline,
          useFactory: (store: EventStore, clock: Clock, ids: IdSource, metrics: LedgerMetrics) =>
            new CommandPipeline(store, clock, ids, { observer: metrics }),
          inject: [EVENT_STORE, CLOCK, ID_SOURCE, LedgerMetrics],
        }),
        DashboardModule,
        FiguresHttpModule.forRoot({
          providers: [{ provide: FIGURE_STORE, useFactory: () => overrides.figureStore ?? configuredFigureStore(config) }],
          runProjector,
          ...(config.projectorStallSeconds !== undefined && { stallSeconds: config.projectorStallSeconds }),
          closeFigureStore: overrides.figureStore === undefined,
          ...(thread !== undefined && { thread }),
        }),
        AuditHttpModule.forRoot({ runFollower: runProjector }),
        ObservabilityModule,
      ],
      controllers: [
        TrainingsController,
        LeRequestsController,
        FreezesController,
        IncidentsController,
        ImportController,
        EventLogController,
        HealthController,
      ],
      providers: [CommandGateway, NatsIntake],
    };
  }
}
