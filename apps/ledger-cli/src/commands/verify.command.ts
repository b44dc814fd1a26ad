import { openSharedStore, resolveLedgerSecrets } from '@ledger/shared-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditFileOf,
  BundleEventStore,
  openAuditLog,
  previousEventIn,
  readBundle,
  readBundleEvents,
  readGlobalLog,
  SeenStreamTips,
  verifyLedger,
  type AuditLog,
  type Bundle,
  type SignedTreeHead,
  type VerifyReport,
} from '@ledger/audit';
import { systemClock } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { FIGURES, FigureService, Projector, SqliteFigureStore, type FigureAnswer, type FigureStore } from '@ledger/figures';
import type { Command } from 'commander';
import { configuredFigureStore } from '../../../ledger-api/src/figures/configured-figure-store';
import { openEventStore } from '../../../ledger-api/src/store/event-store.provider';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { startProgress } from '../progress';

/** Events per read of the live log: bigger pages cut per-query overhead (about 1.5x faster reading than 1000). */
const VERIFY_PAGE_SIZE = 5000;

interface VerifyOptions extends StoreOptions {
  readonly bundle?: string;
  readonly json?: boolean;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute every content hash, stream hash chain, Merkle leaf and signed tree head root, and name the first event that does not match; ' +
        'with --bundle, verify an audit bundle (`ledger export`) and rebuild the figures from it, without the live ledger',
    )
    .option('--bundle <dir>', 'an audit bundle directory written by `ledger export`')
    .option('--json', 'print the report (and, with --bundle, the rebuilt figures) as JSON on standard output')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: VerifyOptions) => {
      const outcome = options.bundle !== undefined ? await verifyBundle(options.bundle) : await verifyLive(configFrom(options));
      if (options.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
      else process.stdout.write(describeOutcome(outcome));
      if (!outcome.report.ok) process.exitCode = 1;
    });
}

export interface VerifyOutcome {
  readonly report: VerifyReport;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** With a bundle: the figures rebuilt from it (each figure's answer grouped by year), and how fast. */
  readonly rebuild?: {
    readonly events: number;
    readonly seconds: number;
    readonly eventsPerSecond: number;
    readonly figures: Readonly<Record<string, FigureAnswer>>;
  };
}

/** The live event store, the audit log and the figure store the configuration names, closed together. */
export async function withLiveLedger<T>(
  config: LedgerConfig,
  work: (events: EventStore, audit: AuditLog, figures: FigureStore) => Promise<T>,
): Promise<T> {
  const events = openEventStore(config, systemClock);
  // Signed heads and the key are the ledger's shared ones (PostgreSQL with DATABASE_URL); the tree is this data dir's.
  const shared = await openSharedStore(config, () => systemClock.now());
  let opened: ReturnType<typeof openAuditLog> | undefined;
  const figures = configuredFigureStore(config);
  try {
    opened = openAuditLog(auditFileOf(config), (await resolveLedgerSecrets(config, shared)).signingKey, shared.treeHeads);
    return await work(events, opened.audit, figures);
  } finally {
    await figures.close();
    opened?.close();
    await shared.close();
    await events.close();
  }
}

/** Verifies the live ledger: its log, the stored Merkle log and every signed head. */
export async function verifyLive(config: LedgerConfig, stream: NodeJS.WriteStream = process.stderr): Promise<VerifyOutcome> {
  // The tips of streams the verifier evicted from memory are read back from the store (one indexed read per miss).
  return withLiveLedger(config, async (events, audit) => {
    const total = (await events.headPosition()) ?? 0;
    return timedVerify(
      readGlobalLog(events, { pageSize: VERIFY_PAGE_SIZE }),
      {
        treeHeads: await audit.treeHeads.list(),
        publicKey: audit.key.publicKeyPem,
        merkleLog: audit.merkleLog,
        previousEvent: previousEventIn(events),
      },
      total,
      stream,
    );
  });
}

/**
 * Verifies a bundle against its own public key (check that key's id out of band: docs/audit.md) and every head in
 * it, then rebuilds every figure from its events into a temporary figure store. Memory stays bounded: the events
 * are streamed from the file twice, the figures and the tips of streams the verifier no longer holds live on disk.
 */
export async function verifyBundle(
  dir: string,
  options: { extraHeads?: readonly SignedTreeHead[]; stream?: NodeJS.WriteStream; answer?: (service: FigureService) => Promise<void> } = {},
): Promise<VerifyOutcome> {
  const stream = options.stream ?? process.stderr;
  const bundle = readBundle(dir);
  const heads = uniqueHeads([...bundle.treeHeads, bundle.manifest.treeHead, ...(options.extraHeads ?? [])]);
  // The file has no lookup by stream: the last event of each stream read so far goes to a temporary SQLite file.
  const work = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
  const seen = new SeenStreamTips(join(work, 'stream-tips.sqlite'));
  let outcome: VerifyOutcome;
  try {
    outcome = await timedVerify(
      seen.record(readBundleEvents(dir)),
      { treeHeads: heads, publicKey: bundle.publicKeyPem, previousEvent: seen.previousEvent },
      bundle.manifest.events,
      stream,
    );
  } finally {
    seen.close();
    rmSync(work, { recursive: true, force: true });
  }
  if (!outcome.report.ok) return outcome;
  if (outcome.report.eventsChecked !== bundle.manifest.events) {
    return {
      ...outcome,
      report: {
        ...outcome.report,
        ok: false,
        firstMismatch: {
          problem: 'log_truncated',
          expected: `${bundle.manifest.events} events (the manifest)`,
          actual: `${outcome.report.eventsChecked} events`,
          detail: 'the bundle holds fewer or more events than its manifest says',
        },
      },
    };
  }
  const rebuild = await rebuildFromBundle(bundle, stream, options.answer);
  return { ...outcome, rebuild };
}

async function rebuildFromBundle(
  bundle: Bundle,
  stream: NodeJS.WriteStream,
  answer?: (service: FigureService) => Promise<void>,
): Promise<NonNullable<VerifyOutcome['rebuild']>> {
  const work = mkdtempSync(join(tmpdir(), 'ledger-bundle-'));
  const events = new BundleEventStore(bundle);
  const store = new SqliteFigureStore({ filename: join(work, 'figures.sqlite') });
  try {
    const progress = startProgress({ label: 'rebuild', total: bundle.manifest.events, stream });
    const started = process.hrtime.bigint();
    let read = 0;
    await new Projector(events, store, {
      batchSize: 20_000,
      onProgress: ({ eventsRead }) => {
        read = eventsRead;
        progress.update(eventsRead, `${eventsRead.toLocaleString('en-US')} events`);
      },
    }).rebuild();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const eventsPerSecond = Math.round(read / Math.max(seconds, 1e-9));
    progress.stop(
      `rebuilt ${FIGURES.length} figures from ${read.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s (${eventsPerSecond.toLocaleString('en-US')} events/s)`,
    );
    const service = new FigureService(events, store);
    const figures: Record<string, FigureAnswer> = {};
    for (const figure of FIGURES) figures[figure.name] = await service.answer(figure.name, { groupBy: 'year' });
    await answer?.(service);
    return { events: read, seconds, eventsPerSecond, figures };
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function timedVerify(
  events: AsyncIterable<RecordedEvent>,
  options: Parameters<typeof verifyLedger>[1],
  total: number,
  stream: NodeJS.WriteStream,
): Promise<VerifyOutcome> {
  const progress = startProgress({ label: 'verify', total, stream });
  const started = process.hrtime.bigint();
  const rate = (checked: number) => Math.round(checked / Math.max(Number(process.hrtime.bigint() - started) / 1e9, 1e-9));
  const report = await verifyLedger(events, {
    ...options,
    onProgress: ({ eventsChecked }) =>
      progress.update(eventsChecked, `${eventsChecked.toLocaleString('en-US')} events, ${rate(eventsChecked).toLocaleString('en-US')}/s`),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const eventsPerSecond = rate(report.eventsChecked);
  progress.stop(
    `verified ${report.eventsChecked.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s (${eventsPerSecond.toLocaleString('en-US')} events/s)`,
  );
  return { report, seconds, eventsPerSecond };
}

function uniqueHeads(heads: readonly SignedTreeHead[]): SignedTreeHead[] {
  const seen = new Map<string, SignedTreeHead>();
  for (const head of heads) seen.set(`${head.treeSize}|${head.rootHash}|${head.timestamp}|${head.signature}`, head);
  return [...seen.values()];
}

export function describeOutcome(outcome: VerifyOutcome): string {
  const { report } = outcome;
  const lines: string[] = [];
  if (report.ok) {
    lines.push(
      `OK: ${report.eventsChecked} events in ${report.streamsChecked} streams; every content hash, stream chain and Merkle leaf matches, ` +
        `${report.treeHeadsChecked} signed tree heads verified; root ${report.rootHash}`,
    );
  } else {
    const m = report.firstMismatch!;
    const where =
      m.stream !== undefined
        ? `${m.stream} revision ${m.revision}, position ${m.position}, event ${m.eventId}`
        : m.position !== undefined
          ? `position ${m.position}`
          : 'the tree heads';
    lines.push(`MISMATCH (${m.problem}) at ${where}`, `  ${m.detail}`, `  expected: ${m.expected}`, `  found:    ${m.actual}`);
    if (m.fromLeafIndex !== undefined) lines.push(`  between leaves ${m.fromLeafIndex} and ${(m.toLeafIndex ?? m.fromLeafIndex) - 1}`);
    lines.push(`  (${report.eventsChecked} events checked before it)`);
  }
  lines.push(`verify: ${outcome.eventsPerSecond.toLocaleString('en-US')} events/s`);
  if (outcome.rebuild) {
    lines.push(`rebuild: ${outcome.rebuild.events} events, ${outcome.rebuild.eventsPerSecond.toLocaleString('en-US')} events/s`);
    for (const answer of Object.values(outcome.rebuild.figures)) {
      lines.push(`${answer.figure} v${answer.version} as known at position ${answer.knownAt.position}:`);
      for (const row of answer.rows)
        lines.push(
          `  ${Object.values(row.group).join(' ') || 'all'}: ${Object.entries(row.measures)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}
