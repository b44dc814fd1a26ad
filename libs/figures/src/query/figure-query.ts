import { invalid } from '@ledger/domain';
import type { FigureDefinition } from '../definitions/figure-definition';
import type { DimensionFilter, GroupColumn } from '../figure-store.port';
import { canonicalInstant, inclusiveEnd, isIsoDate } from '../model/business-time';

/** Query parameters as they come from HTTP or the CLI: every value a string or a list of strings. */
export type FigureQueryParams = Readonly<Record<string, string | readonly string[] | undefined>>;

export type KnownAt = { readonly position: number } | { readonly time: string };

/** A validated figure query. */
export interface FigureQuery {
  readonly groupBy: readonly string[];
  /** Dimension filters by dimension name (year and month are turned into the window). */
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly year?: string;
  readonly month?: string;
  /** As given (a date or an instant). */
  readonly from?: string;
  readonly asOf?: string;
  readonly knownAt?: KnownAt;
  /** The definition version asked for (undefined: the latest). */
  readonly version?: number;
  /** The figure's own options (e.g. cohort), each given or defaulted. */
  readonly options: Readonly<Record<string, string>>;
  /** Business-time window, canonical instants, inclusive. */
  readonly windowFrom?: string;
  readonly windowTo?: string;
}

/** Filter value matching contributions that have no value for a dimension (shown as null in answers). */
export const NO_VALUE = '~';

const TIME_PARAMS = ['from', 'asOf', 'knownAt', 'year', 'month'] as const;
const PAGE_PARAMS = ['after', 'limit'] as const;
const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function single(params: FigureQueryParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const values = typeof value === 'string' ? [value] : value;
  if (values.length !== 1) throw invalid('figures.invalid_query', `${name} must be given once`, { parameter: name });
  const text = values[0].trim();
  return text === '' ? undefined : text;
}

function list(params: FigureQueryParams, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  const values = typeof value === 'string' ? [value] : value;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function instant(name: string, value: string | undefined, end: boolean): string | undefined {
  if (value === undefined) return undefined;
  try {
    return end ? inclusiveEnd(value) : canonicalInstant(value);
  } catch {
    throw invalid('figures.invalid_time', `${name} must be an ISO date (YYYY-MM-DD) or an ISO-8601 instant with zone, got "${value}"`, {
      parameter: name,
    });
  }
}

const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a > b ? a : b);
const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);

export function groupNames(definition: FigureDefinition): string[] {
  return ['year', 'month', ...definition.dimensions.map((d) => d.name)];
}

/** Checks and normalises a query against a figure definition; every problem names the parameter. */
export function parseFigureQuery(definition: FigureDefinition, params: FigureQueryParams, options: { paging?: boolean } = {}): FigureQuery {
  const dimensionNames = definition.dimensions.map((d) => d.name);
  const optionNames = Object.keys(definition.options ?? {});
  const allowed = new Set<string>([
    'groupBy',
    'version',
    ...TIME_PARAMS,
    ...dimensionNames,
    ...optionNames,
    ...(options.paging ? PAGE_PARAMS : []),
  ]);
  for (const name of Object.keys(params)) {
    if (!allowed.has(name)) {
      throw invalid(
        'figures.unknown_parameter',
        `unknown parameter ${name} for figure ${definition.name}; expected one of ${[...allowed].join(', ')}`,
        { parameter: name },
      );
    }
  }
  const groupBy = list(params, 'groupBy');
  const groupable = groupNames(definition);
  for (const name of groupBy) {
    if (!groupable.includes(name))
      throw invalid(
        'figures.invalid_group',
        `groupBy ${name} is not a dimension of ${definition.name}; expected some of ${groupable.join(', ')}`,
        { parameter: 'groupBy' },
      );
  }
  if (new Set(groupBy).size !== groupBy.length)
    throw invalid('figures.invalid_group', 'groupBy names a dimension twice', { parameter: 'groupBy' });

  const filters: Record<string, string[]> = {};
  for (const name of dimensionNames) {
    const values = list(params, name);
    if (values.length > 0) filters[name] = [...new Set(values)].sort();
  }

  const year = single(params, 'year');
  if (year !== undefined && !YEAR.test(year))
    throw invalid('figures.invalid_time', `year must be YYYY, got "${year}"`, { parameter: 'year' });
  const month = single(params, 'month');
  if (month !== undefined && !MONTH.test(month))
    throw invalid('figures.invalid_time', `month must be YYYY-MM, got "${month}"`, { parameter: 'month' });

  const from = single(params, 'from');
  const asOf = single(params, 'asOf');
  let windowFrom = instant('from', from, false);
  let windowTo = instant('asOf', asOf, true);
  if (year !== undefined) {
    windowFrom = later(windowFrom, `${year}-01-01T00:00:00.000Z`);
    windowTo = earlier(windowTo, `${year}-12-31T23:59:59.999Z`);
  }
  if (month !== undefined) {
    windowFrom = later(windowFrom, canonicalInstant(`${month}-01`));
    const [y, m] = month.split('-').map(Number);
    windowTo = earlier(windowTo, inclusiveEnd(new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)));
  }

  const knownAtText = single(params, 'knownAt');
  let knownAt: KnownAt | undefined;
  if (knownAtText !== undefined) {
    if (/^\d+$/.test(knownAtText)) {
      const position = Number(knownAtText);
      if (!Number.isSafeInteger(position))
        throw invalid('figures.invalid_known_at', 'knownAt position is too large', { parameter: 'knownAt' });
      knownAt = { position };
    } else {
      // A date means what was known by the end of that day.
      const time = instant('knownAt', knownAtText, isIsoDate(knownAtText));
      knownAt = { time: time! };
    }
  }
  const figureOptions: Record<string, string> = {};
  for (const [name, values] of Object.entries(definition.options ?? {})) {
    const value = single(params, name) ?? values[0];
    if (!values.includes(value))
      throw invalid('figures.invalid_option', `${name} must be one of ${values.join(', ')}, got "${value}"`, { parameter: name });
    figureOptions[name] = value;
  }
  const version = requestedVersion(params);
  return { groupBy, filters, year, month, from, asOf, knownAt, version, options: figureOptions, windowFrom, windowTo };
}

/** The version a query asks for: undefined when not given; refused unless a positive whole number. */
export function requestedVersion(params: FigureQueryParams): number | undefined {
  const text = single(params, 'version');
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(text))
    throw invalid('figures.invalid_version', `version must be a definition version number, got "${text}"`, { parameter: 'version' });
  return Number(text);
}

/** Store filters (d1..d6 columns) of a query. */
export function storeFilters(definition: FigureDefinition, filters: FigureQuery['filters']): DimensionFilter[] {
  return definition.dimensions.flatMap((d, i) =>
    filters[d.name]
      ? [{ column: `d${i + 1}` as DimensionFilter['column'], values: filters[d.name].map((v) => (v === NO_VALUE ? '' : v)) }]
      : [],
  );
}

export function storeGroupColumns(definition: FigureDefinition, groupBy: readonly string[]): GroupColumn[] {
  return groupBy.map((name) => {
    if (name === 'year' || name === 'month') return name;
    return `d${definition.dimensions.findIndex((d) => d.name === name) + 1}` as GroupColumn;
  });
}

/** The query back as URL parameters, in a fixed order, for links (provenance, next page). */
export function queryString(
  definition: FigureDefinition,
  query: FigureQuery,
  extra: Record<string, string | undefined> = {},
  withGroupBy = true,
): string {
  const parts: [string, string | undefined][] = [
    ['version', query.version === undefined ? undefined : String(query.version)],
    ['groupBy', withGroupBy && query.groupBy.length > 0 ? query.groupBy.join(',') : undefined],
    ['year', query.year],
    ['month', query.month],
    ...definition.dimensions.map((d): [string, string | undefined] => [d.name, query.filters[d.name]?.join(',')]),
    ['from', query.from],
    ['asOf', query.asOf],
    [
      'knownAt',
      query.knownAt === undefined ? undefined : 'position' in query.knownAt ? String(query.knownAt.position) : query.knownAt.time,
    ],
    ...Object.keys(definition.options ?? {}).map((name): [string, string | undefined] => [
      name,
      query.options[name] === definition.options![name][0] ? undefined : query.options[name],
    ]),
    ...Object.entries(extra),
  ];
  const text = parts
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return text ? `?${text}` : '';
}
