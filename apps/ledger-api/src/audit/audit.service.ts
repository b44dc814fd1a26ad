import { CLOCK, type Clock } from '@ledger/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { conflict } from '@ledger/domain';
import {
  auditFileOf,
  DEFAULT_TREE_HEAD_INTERVAL_MS,
  TreeBehindHeadError,
  TreeHeadOrderError,
  type SignedTreeHead,
  followEventLog,
  openAuditLog,
  scheduleTreeHeads,
  type AuditLog,
} from '@ledger/audit';
import { LEASES, runUnderLease, SHARED_STORE, type LedgerSecrets, type SharedStore } from '@ledger/shared-store';
import { LEDGER_SECRETS } from '../cluster/cluster.module';
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
  private signing?: Promise<void>;
  /** Keep this instance's Merkle tree up with the log (in-process projector, or a tree of its own in the data dir). */
  private readonly followsLog: boolean;
  private readonly waiters = new Set<() => void>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_HTTP_OPTIONS) private readonly options: AuditHttpOptions,
    private readonly moduleRef: ModuleRef,
    @Inject(SHARED_STORE) private readonly shared: SharedStore,
    @Inject(LEDGER_SECRETS) secrets: LedgerSecrets,
  ) {
    mkdirSync(config.dataDir, { recursive: true });
    // Signed heads are in the shared store; the tree they sign is derived from the log, so each instance keeps its
    // own copy: in the events' file embedded, in its data dir on EventStoreDB (where no projector process shares it).
    const opened = openAuditLog(auditFileOf(config), secrets.signingKey, shared.treeHeads);
    this.followsLog = options.runFollower || (config.eventStore === 'esdb' && config.databaseUrl !== undefined);
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
    if (this.followsLog) this.following = this.follow();
    if (!this.options.runFollower) return;
    // One signer at a time across instances: the holder of the tree-head lease; another takes over when it dies.
    this.signing = runUnderLease(this.shared.leases, LEASES.treeHeads, this.stop.signal, (signal) => this.signUntil(signal), {
      onWaiting: () => this.logger.log('another process signs tree heads; this one takes over if it stops'),
      onLost: () => this.logger.warn('the tree-head lease was lost; waiting to take it again'),
    }).catch((error: Error) => this.logger.error(`tree-head signing stopped: ${error.message}`));
  }

  private async signUntil(signal: AbortSignal): Promise<void> {
    const stop = scheduleTreeHeads(this.audit, {
      intervalMs: this.config.treeHeadIntervalMs ?? DEFAULT_TREE_HEAD_INTERVAL_MS,
      now: () => this.now(),
      onError: (error) => this.logger.error(`tree head not issued: ${(error as Error).message}`),
    });
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    stop();
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
    if (!this.followsLog) return;
    const head = (await this.events.headPosition()) ?? 0;
    // A head another instance signed may cover more than this instance's tree has yet.
    const signed = (await this.audit.treeHeads.latest())?.treeSize ?? 0;
    const deadline = Date.now() + timeoutMs;
    while (((this.audit.lastPosition ?? 0) < head || this.audit.treeSize < signed) && Date.now() < deadline) {
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

  /**
   * Signs a head over every event stored now. Another instance may sign a larger tree at the same moment (heads are
   * shared and never shrink): then this one catches up and signs again, a few times before answering 409.
   */
  async issueTreeHead(): Promise<SignedTreeHead> {
    for (let attempt = 1; ; attempt++) {
      await this.caughtUp();
      try {
        return await this.audit.issueTreeHead(this.now());
      } catch (error) {
        if (!(error instanceof TreeBehindHeadError || error instanceof TreeHeadOrderError)) throw error;
        if (attempt >= 3) throw conflict('audit.tree_behind', `${error.message}; try again shortly`, {});
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.signing;
    await this.following;
    this.closeStore();
  }
}
