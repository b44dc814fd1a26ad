/**
 * Business time in figures: every contribution's occurredAt is a canonical UTC instant with milliseconds
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`), so text order is time order in both stores and year/month are prefixes.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value);
}

/** A date is its midnight UTC; an instant is converted to UTC with milliseconds. Throws on anything else. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function canonicalInstant(value: string): string {
  // Already canonical (what the ledger's own clock writes) and a real instant: nothing to convert.
  if (CANONICAL.test(value) && new Date(Date.parse(value)).toISOString() === value) return value;
  if (ISO_DATE.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw new RangeError(`not a calendar date: ${value}`);
    return new Date(ms).toISOString();
  }
  if (!ISO_INSTANT.test(value)) throw new RangeError(`not an ISO date or instant: ${JSON.stringify(value)}`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a real instant: ${value}`);
  return new Date(ms).toISOString();
}

/** The last millisecond a bound covers: a date means its whole day. */
export function inclusiveEnd(value: string): string {
  const start = canonicalInstant(value);
  return ISO_DATE.test(value) ? `${value}T23:59:59.999Z` : start;
}

export function epochMs(canonical: string): number {
  return Date.parse(canonical);
}

export function dayOf(canonical: string): string {
  return canonical.slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function endOfMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  return addDays(endOfMonth(`${month}-01`), 1).slice(0, 7);
}

function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

/** Rollup grains: year `YYYY`, month `YYYY-MM`, day `YYYY-MM-DD`. */
export type Grain = 'y' | 'm' | 'd';
export const GRAINS: readonly Grain[] = ['y', 'm', 'd'];

export function periodOf(grain: Grain, canonical: string): string {
  return canonical.slice(0, grain === 'y' ? 4 : grain === 'm' ? 7 : 10);
}

/** Inclusive range of periods of one grain. */
export interface PeriodRange {
  readonly grain: Grain;
  readonly from: string;
  readonly to: string;
}

/** Inclusive range of instants read from raw contributions (a day only partly inside the window). */
export interface InstantRange {
  readonly from: string;
  readonly to: string;
}

export interface TimeCover {
  /** Whole periods answered from rollups. */
  readonly periods: readonly PeriodRange[];
  /** Partial days answered from raw contributions. */
  readonly edges: readonly InstantRange[];
}

// Open bounds: far enough out that every real period sorts inside them.
const FIRST_DAY = '1000-01-01';
const LAST_DAY = '9999-12-31';

/**
 * Splits the business-time window [from, to] (canonical instants, inclusive, either open) into the fewest whole
 * years, months and days (rollups) plus at most two partial days (raw). Years are used only when `allowYears`
 * (a month grouping needs month or day rollups).
 */
export function coverWindow(from: string | undefined, to: string | undefined, allowYears: boolean): TimeCover {
  const edges: InstantRange[] = [];
  let a = from === undefined ? FIRST_DAY : dayOf(from);
  let b = to === undefined ? LAST_DAY : dayOf(to);
  const fromIsPartial = from !== undefined && !from.endsWith('T00:00:00.000Z');
  const toIsPartial = to !== undefined && !to.endsWith('T23:59:59.999Z');
  if (from !== undefined && to !== undefined && from > to) return { periods: [], edges: [] };
  if (fromIsPartial && toIsPartial && a === b) return { periods: [], edges: [{ from: from!, to: to! }] };
  if (fromIsPartial) {
    edges.push({ from: from!, to: `${a}T23:59:59.999Z` });
    a = addDays(a, 1);
  }
  if (toIsPartial) {
    edges.push({ from: `${b}T00:00:00.000Z`, to: to! });
    b = addDays(b, -1);
  }
  const periods: PeriodRange[] = [];
  if (a > b) return { periods, edges };

  const trailing: PeriodRange[] = [];
  if (a.slice(8) !== '01' || endOfMonth(a) > b) {
    const end = endOfMonth(a) < b ? endOfMonth(a) : b;
    periods.push({ grain: 'd', from: a, to: end });
    a = addDays(end, 1);
  }
  if (a <= b && (b !== endOfMonth(b) || `${b.slice(0, 7)}-01` < a)) {
    const start = `${b.slice(0, 7)}-01` > a ? `${b.slice(0, 7)}-01` : a;
    trailing.unshift({ grain: 'd', from: start, to: b });
    b = addDays(start, -1);
  }
  if (a <= b) {
    // a is the first of a month, b the last day of a month.
    let firstMonth = a.slice(0, 7);
    let lastMonth = b.slice(0, 7);
    if (allowYears) {
      if (firstMonth.slice(5) !== '01' || `${firstMonth.slice(0, 4)}-12` > lastMonth) {
        const end = `${firstMonth.slice(0, 4)}-12` < lastMonth ? `${firstMonth.slice(0, 4)}-12` : lastMonth;
        periods.push({ grain: 'm', from: firstMonth, to: end });
        firstMonth = nextMonth(end);
      }
      if (firstMonth <= lastMonth && (lastMonth.slice(5) !== '12' || `${lastMonth.slice(0, 4)}-01` < firstMonth)) {
        const start = `${lastMonth.slice(0, 4)}-01` > firstMonth ? `${lastMonth.slice(0, 4)}-01` : firstMonth;
        trailing.unshift({ grain: 'm', from: start, to: lastMonth });
        lastMonth = previousMonth(start);
      }
      if (firstMonth <= lastMonth) periods.push({ grain: 'y', from: firstMonth.slice(0, 4), to: lastMonth.slice(0, 4) });
    } else {
      periods.push({ grain: 'm', from: firstMonth, to: lastMonth });
    }
  }
  return { periods: [...periods, ...trailing], edges };
}
