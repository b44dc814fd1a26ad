import { CLOCK, type Clock } from '@ledger/commands';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, type FigureStore } from '@ledger/figures';
import { Global, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { FiguresProjectorService } from '../figures/figures-projector.service';
import { VerifyJobs } from '../jobs/verify-jobs.service';
import { LedgerMetrics } from './ledger-metrics';
import { Lifecycle } from './lifecycle';
import { ProbesController } from './probes.controller';
import { LatestVerifyResult, newerResult, VERIFY_STATUS_SOURCE, type VerifyStatusSource } from './verify-status';

/**
 * Metrics, the lifecycle state and the liveness/readiness probes. Global: the command pipeline and any intake
 * (the NATS consumer) inject LedgerMetrics and add to its registry. The gauges read the figure and audit
 * modules' state at scrape time, looked up app-wide.
 */
/** The app's verify jobs, when the app has them (a module tested on its own may not). */
function verifyJobs(moduleRef: ModuleRef): VerifyJobs | undefined {
  try {
    return moduleRef.get(VerifyJobs, { strict: false });
  } catch {
    return undefined;
  }
}

@Global()
@Module({
  controllers: [ProbesController],
  providers: [
    Lifecycle,
    // A verifier either records into LatestVerifyResult or replaces this token with a source of its own.
    LatestVerifyResult,
    {
      provide: VERIFY_STATUS_SOURCE,
      useFactory: (recorded: LatestVerifyResult, moduleRef: ModuleRef): VerifyStatusSource => ({
        lastResult: () => {
          const latest = verifyJobs(moduleRef)?.latest;
          return newerResult(
            recorded.lastResult(),
            latest === undefined ? undefined : { ok: latest.ok, finishedAt: new Date(latest.checkedAt) },
          );
        },
      }),
      inject: [LatestVerifyResult, ModuleRef],
    },
    {
      provide: LedgerMetrics,
      useFactory: (events: EventStore, clock: Clock, verify: VerifyStatusSource, moduleRef: ModuleRef) =>
        new LedgerMetrics({
          headPosition: () => events.headPosition(),
          checkpoints: async () =>
            (await moduleRef.get<FigureStore>(FIGURE_STORE, { strict: false }).checkpoints()).map(({ figure, position }) => ({
              figure,
              position,
            })),
          projectorState: () => {
            const figures = moduleRef.get(FiguresProjectorService, { strict: false });
            // An external projector as this instance sees it: external (fine), stalled or failed.
            return figures.status?.state ?? figures.health().state;
          },
          latestTreeHead: () => moduleRef.get(AuditService, { strict: false }).audit.treeHeads.latest(),
          verify,
          now: () => Date.parse(clock.now()),
        }),
      inject: [EVENT_STORE, CLOCK, VERIFY_STATUS_SOURCE, ModuleRef],
    },
  ],
  exports: [LedgerMetrics, Lifecycle, LatestVerifyResult, VERIFY_STATUS_SOURCE],
})
export class ObservabilityModule {}
