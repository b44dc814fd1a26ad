import Decimal from 'decimal.js';

/**
 * Exact decimal money. Amounts travel as strings and are computed with decimal.js at a precision far above
 * what 18-decimal asset amounts and 8-decimal USD values need; floats never touch money.
 */
const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
export type Exact = InstanceType<typeof Exact>;

export const MAX_ASSET_DECIMALS = 18;
export const MAX_USD_DECIMALS = 8;
/**
 * The ledger's one money range: amounts and USD values have at most 30 integer digits (below 10^30). Both figure
 * stores hold any such value, and any sum of them, exactly (PostgreSQL NUMERIC; SQLite through its exact values).
 */
export const MAX_DECIMAL_INTEGER_DIGITS = 30;
const DECIMAL_PATTERN = new RegExp(`^(0|[1-9]\\d{0,${MAX_DECIMAL_INTEGER_DIGITS - 1}})(\\.\\d+)?$`);

/** True when `value` is a plain non-negative decimal string with at most `maxDecimals` fraction digits. */
export function isDecimalString(value: unknown, maxDecimals: number): value is string {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) return false;
  const dot = value.indexOf('.');
  return dot < 0 || value.length - dot - 1 <= maxDecimals;
}

export function decimal(value: string | Exact | number): Exact {
  return new Exact(value);
}

export function sum(values: Iterable<string | Exact>): Exact {
  let total = new Exact(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Canonical string: no exponent, no trailing zeros, `0` for zero. Same value, same bytes. */
export function canonical(value: string | Exact): string {
  const d = value instanceof Exact ? value : new Exact(value);
  return d.isZero() ? '0' : d.toFixed();
}

/** Rounds to `decimals` places (half-even) and returns the canonical string. */
export function rounded(value: string | Exact, decimals: number): string {
  const d = value instanceof Exact ? value : new Exact(value);
  return canonical(d.toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN));
}

export { Exact as DecimalValue };
