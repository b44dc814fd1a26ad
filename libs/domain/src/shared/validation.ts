import { invalid } from './domain-error';
import { isDecimalString } from './money';

/**
 * Guards the domain applies whatever the entry point (HTTP DTOs validate first; imports and the CLI reach
 * the domain too). Each throws an `invalid` DomainError that names the field and what was expected.
 */

/** Earliest business date the ledger accepts: the program started in late 2021; nothing predates Bitcoin. */
export const EARLIEST_BUSINESS_DATE = '2009-01-03';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const COUNTRY = /^[A-Z]{2}$/;

function epochMs(value: string): number {
  return ISO_DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
}

/** Date.parse rolls 2024-02-30 over to March; a real calendar day reads back unchanged (dates and instants alike). */
function isRealDay(value: string): boolean {
  const day = value.slice(0, 10);
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** Accepts an ISO date (YYYY-MM-DD) or instant; it must be real, not before 2009 and not after `now` (+1 day slack). */
export function requireBusinessTime(field: string, value: unknown, now: string, kind: 'date' | 'instant' | 'either' = 'either'): string {
  const shapeOk =
    typeof value === 'string' && ((kind !== 'instant' && ISO_DATE.test(value)) || (kind !== 'date' && ISO_INSTANT.test(value)));
  if (!shapeOk) {
    const expected =
      kind === 'date' ? 'an ISO date YYYY-MM-DD' : kind === 'instant' ? 'an ISO-8601 instant with zone' : 'an ISO date or instant';
    throw invalid('invalid_time', `${field} must be ${expected}`, { field, value });
  }
  const ms = epochMs(value);
  if (Number.isNaN(ms) || !isRealDay(value)) {
    throw invalid('invalid_time', `${field} is not a real calendar date: ${value}`, { field, value });
  }
  if (ms < epochMs(EARLIEST_BUSINESS_DATE)) {
    throw invalid('time_out_of_range', `${field} ${value} is before ${EARLIEST_BUSINESS_DATE}`, { field, value });
  }
  if (ms > epochMs(now) + 86_400_000) {
    throw invalid('time_in_future', `${field} ${value} is in the future (now is ${now})`, { field, value, now });
  }
  return value;
}

/** Compares two business times (dates count as their midnight UTC). */
export function compareTimes(a: string, b: string): number {
  return epochMs(a) - epochMs(b);
}

export function requireCountry(field: string, value: unknown): string {
  if (typeof value !== 'string' || !COUNTRY.test(value)) {
    throw invalid('invalid_country', `${field} must be an ISO 3166-1 alpha-2 code in upper case, e.g. "MX"`, { field, value });
  }
  return value;
}

export function requirePositiveInteger(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw invalid('invalid_count', `${field} must be a whole number from 1 to ${max}`, { field, value });
  }
  return value;
}

export function requireText(field: string, value: unknown, maxLength = 500): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
    throw invalid('invalid_text', `${field} must be non-empty text of at most ${maxLength} characters`, { field });
  }
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid('invalid_choice', `${field} must be one of ${allowed.join(', ')}`, { field, value });
  }
  return value as T;
}

export function requireDecimal(field: string, value: unknown, maxDecimals: number, options: { positive?: boolean } = {}): string {
  if (!isDecimalString(value, maxDecimals)) {
    throw invalid('invalid_decimal', `${field} must be a decimal string with at most ${maxDecimals} decimals, e.g. "1250.50"`, {
      field,
      value,
    });
  }
  if (options.positive && /^0(\.0+)?$/.test(value)) {
    throw invalid('invalid_decimal', `${field} must be greater than zero`, { field, value });
  }
  return value;
}

const DAY_MS = 86_400_000;

/**
 * A business time that has already happened: like `requireBusinessTime`, but an instant may not be later than
 * `now` at all. Dates keep the one-day slack, since "today" east of UTC can be tomorrow's date.
 */
export function requirePastTime(field: string, value: unknown, now: string, kind: 'date' | 'instant' | 'either' = 'either'): string {
  const time = requireBusinessTime(field, value, now, kind);
  if (!ISO_DATE.test(time) && epochMs(time) > epochMs(now)) {
    throw invalid('time_in_future', `${field} ${time} is in the future (now is ${now})`, { field, value: time, now });
  }
  return time;
}

/** An ISO date or instant that may lie in the future (deadlines); it must be real and not before 2009. */
export function requireTimeShape(field: string, value: unknown): string {
  const shapeOk = typeof value === 'string' && (ISO_DATE.test(value) || ISO_INSTANT.test(value));
  const ms = shapeOk ? epochMs(value) : NaN;
  if (!shapeOk || Number.isNaN(ms) || !isRealDay(value)) {
    throw invalid('invalid_time', `${field} must be a real ISO date YYYY-MM-DD or ISO-8601 instant with zone`, { field, value });
  }
  if (ms < epochMs(EARLIEST_BUSINESS_DATE)) {
    throw invalid('time_out_of_range', `${field} ${value} is before ${EARLIEST_BUSINESS_DATE}`, { field, value });
  }
  return value;
}

/**
 * True when `later` is not before `earlier`. A date on the `later` side stands for its whole day, so a release
 * dated 2024-06-12 is not before a freeze at 2024-06-12T15:00Z.
 */
export function isNotBefore(later: string, earlier: string): boolean {
  const gap = compareTimes(later, earlier);
  return gap >= 0 || (ISO_DATE.test(later) && gap + DAY_MS > 0);
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** An aggregate id as it appears in a stream name `<category>-<id>`, or in a reference to another aggregate. */
export function requireAggregateId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalid(
      'invalid_id',
      `${field} must be 1-100 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
      { field, value },
    );
  }
  return value;
}
