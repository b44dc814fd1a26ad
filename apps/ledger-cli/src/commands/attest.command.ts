import { writeFileSync } from 'node:fs';
import { catchUpAuditLog, type Attestation } from '@ledger/audit';
import { systemClock } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import { FIGURE_NAMES, FigureService, Projector } from '@ledger/figures';
import type { Command } from 'commander';
import { attestFigure } from '../../../ledger-api/src/audit/attest-figure';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { withLiveLedger } from './verify.command';

interface AttestOptions extends StoreOptions {
  readonly groupBy?: string;
  readonly from?: string;
  readonly asOf?: string;
  readonly year?: string;
  readonly month?: string;
  readonly filter: string[];
  readonly out?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerAttestCommand(program: Command): void {
  program
    .command('attest')
    .description(
      'sign a figure answer at a signed tree head (like POST /v1/attestations); check it with `ledger verify-attestation` or openssl (docs/audit.md)',
    )
    .argument('<figure>', `figure name: ${FIGURE_NAMES.join(', ')}`)
    .option('--group-by <dimensions>', "comma-separated: year, month and the figure's dimensions")
    .option('--from <time>', 'business time lower bound (ISO date or instant)')
    .option('--as-of <time>', 'business time: events that occurred up to this date or instant')
    .option('--year <YYYY>', 'only this year')
    .option('--month <YYYY-MM>', 'only this month')
    .option('--filter <dimension=values>', 'dimension filter, repeatable, e.g. --filter country=MX,AR', collect, [])
    .option('--out <file>', 'write the attestation here (default: standard output)')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (figure: string, options: AttestOptions) => {
      const attestation = await attest(configFrom(options), figure, attestParams(options));
      const text = `${JSON.stringify(attestation, null, 2)}\n`;
      if (options.out !== undefined) writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
}

export function attestParams(options: Omit<AttestOptions, 'out' | 'dataDir' | 'port'>): Record<string, string> {
  const params: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => value !== undefined && (params[key] = value);
  set('groupBy', options.groupBy);
  set('from', options.from);
  set('asOf', options.asOf);
  set('year', options.year);
  set('month', options.month);
  for (const filter of options.filter) {
    const eq = filter.indexOf('=');
    if (eq < 1) throw new Error(`--filter must be dimension=values, got "${filter}"`);
    params[filter.slice(0, eq)] = filter.slice(eq + 1);
  }
  return params;
}

/** Brings the Merkle log and the figures up to the log, then attests the answer at a head over all of it. */
export async function attest(config: LedgerConfig, figure: string, params: Record<string, string>): Promise<Attestation> {
  return withLiveLedger(config, async (events, audit, figureStore) => {
    const figures = new FigureService(events, figureStore);
    figures.definition(figure);
    await catchUpAuditLog(events, audit);
    await new Projector(events, figureStore).catchUp();
    return attestFigure({ audit, figures, figureStore, now: new Date(systemClock.now()), waitMs: 0 }, figure, params);
  });
}
