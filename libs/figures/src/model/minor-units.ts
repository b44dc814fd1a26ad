/**
 * Figure arithmetic is exact: every measure is an integer count of its minor unit (1 for counts and seconds,
 * 10^-8 USD for money), carried as a bigint and summed by the store as an integer (SQLite) or NUMERIC (PostgreSQL).
 * A decimal string becomes minor units without ever passing through a float.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export function toMinorUnits(value: string, scale: number): bigint {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) throw new RangeError(`${value} has more than ${scale} decimals`);
  const units = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'));
  return sign ? -units : units;
}

/** Canonical decimal string of `units` minor units: no trailing zeros, "0" for zero, "-" for negatives. */
export function fromMinorUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(digits.length - scale).replace(/0+$/, '') : '';
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}
