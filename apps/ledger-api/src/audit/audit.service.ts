import { CLOCK, type Clock } from '@ledger/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { auditFileOf, configuredSigningKey, DEFAULT_TREE_HEAD_INTERVAL_MS, followEventLog, openAuditLog, scheduleTreeHeads, type AuditLog } from '@ledger/audit';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { FIGURE_STORE, FigureService, type FigureStore } from '@ledger/figures';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FiguresProjectorService } from '../figures/figures-projector.service';
import { mkdirSync } from 'node:fs';

export const AUDIT_HTTP_OPTIONS = Symbol('AUDIT_HTTP_OPTIONS');

export interface AuditHttpOptions {
  /** Keep the Merkle log up with the event log and sign heads on a schedule in this process (the embedded default). */
  readonly runFollower: boolean;
}


/**
 * The ledger's audit log in the API process: the key (configured, or generated under the data dir on first start),
 * the Merkle log and tree heads in SQLite, the follower that keeps the tree up with the event log, and the schedule
 * that signs a head whenever the log grew.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  readonly audit: AuditLog;
  private readonly closeStore: () => void;
  private readonly stop = new AbortController();
  private following?: Promise<void>;
  private stopSchedule?: () => void;
  private readonly waiters = new Set<() => void>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_HTTP_OPTIONS) private readonly options: AuditHttpOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    mkdirSync(config.dataDir, { recursive: true });
    const opened = openAuditLog(auditFileOf(config), configuredSigningKey(config));
    this.audit = opened.audit;
    this.closeStore = opened.close;
  }

  /** The figures module's query service and store (that module keeps them to itself; looked up app-wide). */
  get figures(): FigureService {
    return this.moduleRef.get(FigureService, { strict: false });
  }

  /** How the figures stand (a stalled projector is reported beside every verify result). */
  get projection(): FiguresProjectorService {
    return this.moduleRef.get(FiguresProjectorService, { strict: false });
  }

  get figureStore(): FigureStore {
    return this.moduleRef.get<FigureStore>(FIGURE_STORE, { strict: false });
  }

  now(): Date {
    return new Date(this.clock.now());
  }

  onApplicationBootstrap(): void {
    if (!this.options.runFollower) return;
    this.following = this.follow();
    this.stopSchedule = scheduleTreeHeads(this.audit, {
      intervalMs: this.config.treeHeadIntervalMs ?? DEFAULT_TREE_HEAD_INTERVAL_MS,
      now: () => this.now(),
      onError: (error) => this.logger.error(`tree head not issued: ${(error as Error).message}`),
    });
  }

  /**
   * Follows until shutdown. A failed write (e.g. `ledger export` added the same leaves from another process) is
   * retried from the tree's own last leaf after a pause: the checkpoint is the tree, so nothing is skipped.
   */
  private async follow(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        await followEventLog(this.events, this.audit, { signal: this.stop.signal, onCaughtUp: () => this.wakeWaiters() });
      } catch (error) {
        if (this.stop.signal.aborted) return;
        this.logger.warn(`the Merkle log follower restarts after an error: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
  }

  private wakeWaiters(): void {
    for (const wake of this.waiters) wake();
  }

  /**
   * Waits (bounded) until the tree holds every event stored now, so an on-demand head covers what a caller just
   * appended. Without the in-process follower the tree is whatever the projector process stored.
   */
  async caughtUp(timeoutMs = 5000): Promise<void> {
    if (!this.options.runFollower) return;
    const head = (await this.events.headPosition()) ?? 0;
    const deadline = Date.now() + timeoutMs;
    while ((this.audit.lastPosition ?? 0) < head && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 20);
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopSchedule?.();
    this.stop.abort();
    await this.following;
    this.closeStore();
  }
}
