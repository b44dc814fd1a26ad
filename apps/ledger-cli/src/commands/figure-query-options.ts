import type { Command } from 'commander';

/** The options provenance and restatements take to select a figure's cells: the window, as-known-at, filters. */
export interface FigureQueryOptions {
  readonly from?: string;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly year?: string;
  readonly month?: string;
  readonly filter: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function withFigureQueryOptions(command: Command): Command {
  return command
    .option('--from <time>', 'business time lower bound (ISO date or instant)')
    .option('--as-of <time>', 'business time: events that occurred up to this date or instant')
    .option('--known-at <positionOrTime>', 'what the ledger knew at this log position or recording time')
    .option('--year <YYYY>', 'only this year')
    .option('--month <YYYY-MM>', 'only this month')
    .option('--filter <dimension=values>', 'dimension filter, repeatable, e.g. --filter country=MX', collect, []);
}

/** The options as the query parameters of GET /v1/figures/{name}/provenance and /restatements. */
export function figureQueryParams(options: FigureQueryOptions): Record<string, string> {
  const params: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => value !== undefined && (params[key] = value);
  set('from', options.from);
  set('asOf', options.asOf);
  set('knownAt', options.knownAt);
  set('year', options.year);
  set('month', options.month);
  for (const filter of options.filter) {
    const eq = filter.indexOf('=');
    if (eq < 1) throw Object.assign(new Error(`--filter must be dimension=values, got "${filter}"`), { code: 'figures.invalid_filter' });
    params[filter.slice(0, eq)] = filter.slice(eq + 1);
  }
  return params;
}
