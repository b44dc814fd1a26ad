import type { LedgerConfig } from '@ledger/config';
import type { ProvenancePage } from '@ledger/figures';
import { type Command, Option } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { withFigureService } from './figures.command';
import { figureQueryParams, withFigureQueryOptions, type FigureQueryOptions } from './figure-query-options';
import { positiveInteger } from './option-parsers';

interface ProvenanceOptions extends StoreOptions, FigureQueryOptions {
  readonly after?: number;
  readonly limit?: number;
  readonly json?: boolean;
  readonly catchUp: boolean;
}

export function registerProvenanceCommand(program: Command): void {
  withFigureQueryOptions(
    program
      .command('provenance')
      .description('list the events behind a figure answer (its cells as selected), page by page, with what each contributed')
      .argument('<name>', 'figure name, e.g. trainings'),
  )
    .option('--after <position>', 'start after this log position (the last position of the previous page)', positiveInteger)
    .option('--limit <n>', 'events per page (at most 1000)', positiveInteger)
    .option('--json', 'print the page as JSON, exactly as GET /v1/figures/{name}/provenance returns it')
    .addOption(new Option('--no-catch-up', 'read the figure store as it is, without projecting new events first'))
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (name: string, options: ProvenanceOptions) => {
      process.stdout.write(await provenanceText(configFrom(options), name, options));
    });
}

export async function provenanceText(config: LedgerConfig, name: string, options: ProvenanceOptions): Promise<string> {
  return withFigureService(config, name, options.catchUp, async (service) => {
    const params = figureQueryParams(options);
    if (options.after !== undefined) params.after = String(options.after);
    if (options.limit !== undefined) params.limit = String(options.limit);
    const page = await service.provenance(name, params);
    return options.json ? `${JSON.stringify(page, null, 2)}\n` : formatProvenance(page);
  });
}

/** One line per event, then one indented line per contribution; the last line says how to read the next page. */
export function formatProvenance(page: ProvenancePage): string {
  const lines = [`${page.figure} v${page.version}: ${page.events.length} events, known at position ${page.knownAt.position}`];
  for (const event of page.events) {
    lines.push(`${event.position}  ${event.type}  ${event.stream}  recorded ${event.recordedAt}  ${event.eventId}`);
    for (const c of event.contributions) {
      const dims = Object.entries(c.dimensions)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k}=${v}`);
      const values = Object.entries(c.values).map(([k, v]) => `${k} ${v.startsWith('-') ? v : `+${v}`}`);
      lines.push(
        `    at ${c.occurredAt}${dims.length ? `  ${dims.join(' ')}` : ''}${c.item ? `  item ${c.item}` : ''}: ${values.join(', ')}`,
      );
    }
  }
  const last = page.events[page.events.length - 1];
  lines.push(page.next === null || last === undefined ? 'last page' : `more: --after ${last.position}`);
  return `${lines.join('\n')}\n`;
}
