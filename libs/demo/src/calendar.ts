/** Day arithmetic in UTC for the generator: days are integers (days since 1970-01-01). */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export function dayOf(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO instant without milliseconds, e.g. 2023-05-04T13:07:42Z. */
export function isoInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** 0 = Sunday ... 6 = Saturday */
export function weekday(day: number): number {
  return (day + 4) % 7;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/**
 * Splits an integer total into integer parts proportional to `weights` (largest remainder), so the parts
 * add up to the total exactly.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0 || weightSum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / weightSum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]] += 1;
  return parts;
}

/** Cents as a decimal USD string with two places: 123456 -> "1234.56". */
export function usdFromCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const whole = value / 100n;
  const fraction = (value % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}

/** Smallest units as a decimal string with `decimals` places, trailing zeros dropped: 150000000n, 8 -> "1.5". */
export function amountFromUnits(units: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const whole = units / scale;
  const fraction = (units % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction.length > 0 ? `${whole}.${fraction}` : `${whole}`;
}
