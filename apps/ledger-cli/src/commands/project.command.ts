import { auditFileOf, DEFAULT_TREE_HEAD_INTERVAL_MS, followEventLog, openAuditLog, scheduleTreeHeads } from '@ledger/audit';
import { hostname } from 'node:os';
import { LEASES, openSharedStore, ProjectorHeartbeat, resolveLedgerSecrets, runUnderLease } from '@ledger/shared-store';
import type { LedgerConfig } from '@ledger/config';
import { Projector } from '@ledger/figures';
import type { Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { withLedgerStores } from './figures.command';
import { secureDataDir } from '../../../ledger-api/src/store/event-store.provider';
import { positiveInteger } from './option-parsers';

/** How the projector follows the log: events per transaction, and how often the embedded store looks for appends of
 *  other processes (the API's) while the projector waits: the floor of its lag on an idle log. */
export interface ProjectTuning {
  readonly batchSize?: number;
  readonly pollMs?: number;
}

export function registerProjectCommand(program: Command): void {
  program
    .command('project')
    .description(
      'run the projector as its own process (production): keep every figure, the Merkle tree and its signed heads up to date from the log until stopped',
    )
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--batch-size <events>', 'events per transaction, live and catching up (default 5000)', positiveInteger)
    .option('--poll-ms <ms>', 'how often the embedded store looks for appends of other processes (default 250)', positiveInteger)
    .action(async (options: StoreOptions & ProjectTuning) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await project(configFrom(options), stop.signal, undefined, { batchSize: options.batchSize, pollMs: options.pollMs });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/**
 * Projects until `signal` aborts; rejects with the ProjectionError that stopped it (it never skips an event). With
 * several projector processes (or APIs with LEDGER_PROJECTOR=in-process) on one ledger, only the holder of the
 * projector lease projects and only the holder of the tree-head lease signs; the others wait and take over.
 */
export async function project(
  config: LedgerConfig,
  signal: AbortSignal,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  tuning: ProjectTuning = {},
): Promise<void> {
  await withLedgerStores(
    config,
    async (events, store) => {
      const shared = await openSharedStore(config, () => new Date().toISOString());
      try {
        const secrets = await resolveLedgerSecrets(config, shared);
        // The Merkle tree follows the log in this process's data dir; the heads it signs go to the shared store.
        secureDataDir(config);
        const { audit, close: closeAudit } = openAuditLog(auditFileOf(config), secrets.signingKey, shared.treeHeads);
        // The audit files it just created: private like the rest of the data dir.
        secureDataDir(config);
        let projector: Projector | undefined;
        try {
          const projecting = runUnderLease(
            shared.leases,
            LEASES.projector,
            signal,
            async (held) => {
              let lastLog = 0;
              // API instances with LEDGER_PROJECTOR=external read it to tell a stalled projector from a busy one.
              const heartbeat = new ProjectorHeartbeat(
                shared.projectorHeartbeat,
                `${hostname()}:${process.pid}`,
                () => new Date(),
                1000,
                (error) => log(`projector: heartbeat not written: ${error.message}`),
              );
              projector = new Projector(events, store, {
                ...(tuning.batchSize !== undefined && { batchSize: tuning.batchSize }),
                onProgress: ({ position, eventsRead }) => {
                  heartbeat.progress(position);
                  const now = Date.now();
                  if (now - lastLog < 5000) return;
                  lastLog = now;
                  log(`projector: at position ${position} (${eventsRead} events this run)`);
                },
              });
              try {
                await projector.prepare();
                heartbeat.progress(projector.position());
                await heartbeat.beat();
                log(`projector: starting at position ${projector.position()}`);
                if (held.aborted) return;
                await projector.run(held);
              } catch (error) {
                await heartbeat.failed(error as Error);
                throw error;
              } finally {
                await heartbeat.stop();
              }
            },
            {
              onWaiting: () => log('projector: another process holds the projector lease; waiting to take over'),
              onLost: () => log('projector: lease lost; waiting to take it again'),
            },
          );
          const signing = runUnderLease(shared.leases, LEASES.treeHeads, signal, async (held) => {
            const stopHeads = scheduleTreeHeads(audit, {
              intervalMs: config.treeHeadIntervalMs ?? DEFAULT_TREE_HEAD_INTERVAL_MS,
              now: () => new Date(),
              onIssued: (head) => log(`projector: signed tree head at size ${head.treeSize}`),
              onError: (error) => log(`projector: tree head not issued: ${(error as Error).message}`),
            });
            await new Promise<void>((resolve) =>
              held.aborted ? resolve() : held.addEventListener('abort', () => resolve(), { once: true }),
            );
            stopHeads();
          });
          await Promise.all([projecting, signing, followEventLog(events, audit, { signal })]);
          log(`projector: stopped at position ${projector?.position() ?? 'none'}, Merkle tree size ${audit.treeSize}`);
        } finally {
          closeAudit();
        }
      } finally {
        await shared.close();
      }
    },
    { pollIntervalMs: tuning.pollMs },
  );
}
