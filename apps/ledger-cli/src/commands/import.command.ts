import { createReadStream, statSync } from 'node:fs';
import { systemClock } from '@ledger/commands';
import { importNdjson, type ImportReport } from '@ledger/commands/import';
import type { Command } from 'commander';
import { openEventStore } from '../../../ledger-api/src/store/event-store.provider';
import { withCommandBus } from '../command-bus';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { startProgress } from '../progress';
import { positiveInteger } from './option-parsers';

interface ImportCommandOptions extends StoreOptions {
  readonly batchSize: number;
  readonly continue?: boolean;
  readonly actor: string;
  readonly history?: boolean;
  readonly json?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'append NDJSON commands ({"type","data","idempotencyKey"?} per line) in all-or-nothing batches; exit code 1 if any line failed',
    )
    .argument('<file>', 'NDJSON file, or - for standard input')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--batch-size <n>', 'lines per atomic batch', positiveInteger, 500)
    .option('--continue', 'keep appending later batches after a batch fails (default: stop, still checking every line)')
    .option('--actor <principal>', 'principal the events are recorded for', 'service:import')
    .option(
      '--history',
      'accept lines carrying "imported": {"source", "recordedAt"}: history from an earlier system, kept with its original recording time',
    )
    .option('--json', 'print the report as JSON on stdout')
    .action(async (file: string, options: ImportCommandOptions) => {
      const report = await runImport(file, options);
      process.exitCode = report.ok ? 0 : 1;
    });
}

async function runImport(file: string, options: ImportCommandOptions): Promise<ImportReport> {
  const config = configFrom(options);
  const fromStdin = file === '-';
  const size = fromStdin ? undefined : statSync(file).size;
  const store = openEventStore(config, systemClock);
  try {
    const progress = startProgress({ label: 'import', total: size === undefined ? undefined : Math.max(size, 1) });
    const started = performance.now();
    const report = await withCommandBus(store, (batches) =>
      importNdjson(fromStdin ? process.stdin : createReadStream(file), batches, {
        actor: options.actor,
        batchSize: options.batchSize,
        onFailure: options.continue ? 'continue' : 'stop',
        allowImported: options.history === true,
        onProgress: (p) =>
          progress.update(p.bytes, `${p.lines} lines | ${p.appended} appended | ${p.replayed} replayed | ${p.failedLines} failed`),
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    progress.stop();
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(describeReport(report, seconds));
    return report;
  } finally {
    await store.close();
  }
}

export function describeReport(report: ImportReport, seconds: number): string {
  const lines = [
    `${report.lines} lines: ${report.appended} commands appended (${report.events} events), ${report.replayed} already imported, ` +
      `${report.failedLines} failed, ${report.notAppended} not appended; ${report.batches} batches in ${seconds.toFixed(1)} s`,
  ];
  if (report.stoppedAtLine !== undefined) lines.push(`stopped appending at the batch starting on line ${report.stoppedAtLine}`);
  for (const failure of report.failed) lines.push(`line ${failure.line}: ${failure.code}: ${failure.message}`);
  if (report.failedLines > report.failed.length) lines.push(`... and ${report.failedLines - report.failed.length} more failed lines`);
  return `${lines.join('\n')}\n`;
}
