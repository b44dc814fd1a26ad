import { catchUpAuditLog, readGlobalLog, writeBundle, type BundleManifest } from '@ledger/audit';
import { systemClock } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import type { Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { startProgress } from '../progress';
import { withLiveLedger } from './verify.command';

interface ExportOptions extends StoreOptions {
  readonly to: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'write an audit bundle: the events (NDJSON), the signed tree heads and the public key; `ledger verify --bundle DIR` checks it anywhere',
    )
    .requiredOption('--to <dir>', 'directory to write the bundle into (created if missing)')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: ExportOptions) => {
      const manifest = await exportBundle(configFrom(options), options.to);
      process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
    });
}

/**
 * Brings the Merkle log up to the event log, signs a head over all of it (unless the latest head already covers
 * it), and streams exactly that head's events into the bundle with every head up to it.
 */
export async function exportBundle(
  config: LedgerConfig,
  dir: string,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<BundleManifest> {
  return withLiveLedger(config, async (events, audit) => {
    await catchUpAuditLog(events, audit);
    const head = await audit.issueTreeHead(new Date(systemClock.now()), { onlyIfGrown: true });
    const progress = startProgress({ label: 'export', total: head.treeSize, stream });
    const started = process.hrtime.bigint();
    const manifest = await writeBundle(dir, {
      events: readGlobalLog(events),
      treeHead: head,
      treeHeads: await audit.treeHeads.list(),
      publicKeyPem: audit.key.publicKeyPem,
      exportedAt: new Date(systemClock.now()),
      onProgress: (written) => progress.update(written, `${written.toLocaleString('en-US')} events`),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    progress.stop(
      `exported ${manifest.events.toLocaleString('en-US')} events and ${manifest.treeHeads} signed heads to ${dir} in ${seconds.toFixed(2)} s`,
    );
    return manifest;
  });
}
