import { auditFileOf, configuredSigningKey, DEFAULT_TREE_HEAD_INTERVAL_MS, followEventLog, openAuditLog, scheduleTreeHeads } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import { Projector } from '@ledger/figures';
import type { Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { secureDataDir } from '../../../ledger-api/src/store/event-store.provider';
import { withLedgerStores } from './figures.command';

export function registerProjectCommand(program: Command): void {
  program
    .command('project')
    .description('run the projector as its own process (production): keep every figure, the Merkle tree and its signed heads up to date from the log until stopped')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: StoreOptions) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await project(configFrom(options), stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** Projects until `signal` aborts; rejects with the ProjectionError that stopped it (it never skips an event). */
export async function project(config: LedgerConfig, signal: AbortSignal, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<void> {
  await withLedgerStores(config, async (events, store) => {
    let lastLog = 0;
    const projector = new Projector(events, store, {
      onProgress: ({ position, eventsRead }) => {
        const now = Date.now();
        if (now - lastLog < 5000) return;
        lastLog = now;
        log(`projector: at position ${position} (${eventsRead} events this run)`);
      },
    });
    await projector.prepare();
    log(`projector: starting at position ${projector.position()}`);
    // The Merkle tree and its signed heads follow the same log here, as the API does when it projects in process.
    secureDataDir(config);
    const { audit, close: closeAudit } = openAuditLog(auditFileOf(config), configuredSigningKey(config));
    // The audit files it just created: private like the rest of the data dir.
    secureDataDir(config);
    const stopHeads = scheduleTreeHeads(audit, {
      intervalMs: config.treeHeadIntervalMs ?? DEFAULT_TREE_HEAD_INTERVAL_MS,
      now: () => new Date(),
      onIssued: (head) => log(`projector: signed tree head at size ${head.treeSize}`),
      onError: (error) => log(`projector: tree head not issued: ${(error as Error).message}`),
    });
    let treeSize = 0;
    try {
      await Promise.all([projector.run(signal), followEventLog(events, audit, { signal })]);
      treeSize = audit.treeSize;
    } finally {
      stopHeads();
      closeAudit();
    }
    log(`projector: stopped at position ${projector.position()}, Merkle tree size ${treeSize}`);
  });
}
