import type { LedgerConfig } from '@ledger/config';
import { figureRestatements, type RestatementList } from '@ledger/figures/restatements';
import { type Command, Option } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { withFigureService } from './figures.command';
import { figureQueryParams, withFigureQueryOptions, type FigureQueryOptions } from './figure-query-options';

interface RestatementsOptions extends StoreOptions, FigureQueryOptions {
  readonly groupBy?: string;
  readonly json?: boolean;
  readonly catchUp: boolean;
}

export function registerRestatementsCommand(program: Command): void {
  withFigureQueryOptions(
    program
      .command('restatements')
      .description('list every change to a figure answer over recording time: the correcting event, why, and each measure before and after')
      .argument('<name>', 'figure name, e.g. trainings')
      .option('--group-by <dimensions>', "comma-separated: year, month and the figure's dimensions, e.g. year,country"),
  )
    .option('--json', 'print the list as JSON, exactly as GET /v1/figures/{name}/restatements returns it')
    .addOption(new Option('--no-catch-up', 'read the figure store as it is, without projecting new events first'))
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (name: string, options: RestatementsOptions) => {
      process.stdout.write(await restatementsText(configFrom(options), name, options));
    });
}

export async function restatementsText(config: LedgerConfig, name: string, options: RestatementsOptions): Promise<string> {
  return withFigureService(config, name, options.catchUp, async (service, events) => {
    const params = figureQueryParams(options);
    if (options.groupBy !== undefined) params.groupBy = options.groupBy;
    const list = await figureRestatements(service, events, name, params);
    return options.json ? `${JSON.stringify(list, null, 2)}\n` : formatRestatements(list);
  });
}

const show = (value: unknown) => (value === null || value === undefined ? '-' : String(value));

export function formatRestatements(list: RestatementList): string {
  // Positions and times may be withheld (null) from a scoped caller; the CLI reads with full scope, but says so if not.
  const known = list.knownAt?.position;
  const lines = [
    `${list.figure} v${list.version}: ${list.restatements.length} restatements${known === undefined || known === null ? '' : `, known at position ${known}`}`,
  ];
  for (const r of list.restatements) {
    const c = r.correction;
    lines.push(
      `${show(r.position)}  ${c.type}  ${show(c.stream)}  recorded ${show(r.recordedAt)}${c.actor ? ` by ${c.actor}` : ''}${c.reason ? `: ${c.reason}` : ''}`,
    );
    for (const change of r.changes) {
      const group = Object.entries(change.group)
        .map(([k, v]) => `${k}=${show(v)}`)
        .join(' ');
      lines.push(`    ${group ? `${group}  ` : ''}${change.measure}: ${show(change.before)} -> ${show(change.after)}`);
    }
  }
  if ((list as { truncated?: boolean }).truncated)
    lines.push('(more candidates than one call examines: narrow the window to see later ones)');
  return `${lines.join('\n')}\n`;
}
