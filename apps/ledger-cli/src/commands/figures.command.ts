import { systemClock } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { FIGURE_NAMES, FigureService, type FigureStore, formatAnswerTable, Projector } from '@ledger/figures';
import { type Command, Option } from 'commander';
import { configuredFigureStore } from '../../../ledger-api/src/figures/configured-figure-store';
import { openEventStore } from '../../../ledger-api/src/store/event-store.provider';
import { configFrom, type StoreOptions } from '../ledger-environment';

interface FiguresOptions extends StoreOptions {
  readonly groupBy?: string;
  readonly from?: string;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly year?: string;
  readonly month?: string;
  readonly definitionVersion?: string;
  readonly cohort?: string;
  readonly filter: string[];
  readonly json?: boolean;
  readonly catchUp: boolean;
}

/** The configured event store and figure store, closed together. Shared by figures, replay and project. */
export async function withLedgerStores<T>(
  config: LedgerConfig,
  work: (events: EventStore, figures: FigureStore) => Promise<T>,
  options: { readonly pollIntervalMs?: number } = {},
): Promise<T> {
  const events = openEventStore(config, systemClock, undefined, options);
  const figures = configuredFigureStore(config);
  try {
    return await work(events, figures);
  } finally {
    await figures.close();
    await events.close();
  }
}

/**
 * A figure service on the configured stores, for a figure the name must know (an unknown one fails before any
 * projecting), caught up with the log first unless `catchUp` is false.
 */
export async function withFigureService<T>(
  config: LedgerConfig,
  name: string,
  catchUp: boolean,
  work: (service: FigureService, events: EventStore) => Promise<T>,
): Promise<T> {
  return withLedgerStores(config, async (events, store) => {
    const service = new FigureService(events, store);
    service.definition(name);
    await store.init();
    if (catchUp) await new Projector(events, store).catchUp();
    return work(service, events);
  });
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerFiguresCommand(program: Command): void {
  program
    .command('figures')
    .description(`print a figure (${FIGURE_NAMES.join(', ')}) as a table, or as the API's JSON`)
    .argument('<name>', 'figure name; `ledger figures list` prints the definitions and their methodology')
    .option('--group-by <dimensions>', "comma-separated: year, month and the figure's dimensions, e.g. year,country")
    .option('--from <time>', 'business time lower bound (ISO date or instant)')
    .option('--as-of <time>', 'business time: events that occurred up to this date or instant')
    .option('--known-at <positionOrTime>', 'what the ledger knew at this log position or recording time')
    .option('--year <YYYY>', 'only this year')
    .option('--month <YYYY-MM>', 'only this month')
    .option(
      '--definition-version <n>',
      'answer under this definition version (default: the latest); 1 reproduces answers published under version 1',
    )
    .option('--cohort <answered|received>', 'le-requests v2: response times of the requests answered (default) or received in the period')
    .option('--filter <dimension=values>', 'dimension filter, repeatable, e.g. --filter country=MX,AR', collect, [])
    .option('--json', 'print the answer as JSON, exactly as GET /v1/figures/{name} returns it')
    .addOption(new Option('--no-catch-up', 'answer from the figure store as it is, without projecting new events first'))
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (name: string, options: FiguresOptions) => {
      process.stdout.write(await figuresText(configFrom(options), name, options));
    });
}

export async function figuresText(config: LedgerConfig, name: string, options: FiguresOptions): Promise<string> {
  return withLedgerStores(config, async (events, store) => {
    const service = new FigureService(events, store);
    if (name === 'list') {
      const figures = service.list();
      if (options.json) return `${JSON.stringify(figures, null, 2)}\n`;
      return figures
        .map((f) =>
          [
            `${f.name} v${f.version}: ${f.title}`,
            `  dimensions: ${f.dimensions.map((d) => d.name).join(', ')}`,
            `  measures: ${f.measures.map((m) => m.name).join(', ')}`,
            ...f.methodology.map((p) => `  ${p}`),
            '',
          ].join('\n'),
        )
        .join('\n');
    }
    service.definition(name); // an unknown name fails before any projecting
    await store.init();
    if (options.catchUp) await new Projector(events, store).catchUp();
    const params: Record<string, string> = {};
    const set = (key: string, value: string | undefined) => value !== undefined && (params[key] = value);
    set('groupBy', options.groupBy);
    set('from', options.from);
    set('asOf', options.asOf);
    set('knownAt', options.knownAt);
    set('year', options.year);
    set('month', options.month);
    set('version', options.definitionVersion);
    set('cohort', options.cohort);
    for (const filter of options.filter) {
      const eq = filter.indexOf('=');
      if (eq < 1) throw Object.assign(new Error(`--filter must be dimension=values, got "${filter}"`), { code: 'figures.invalid_filter' });
      params[filter.slice(0, eq)] = filter.slice(eq + 1);
    }
    const answer = await service.answer(name, params);
    return options.json ? `${JSON.stringify(answer, null, 2)}\n` : formatAnswerTable(answer);
  });
}
