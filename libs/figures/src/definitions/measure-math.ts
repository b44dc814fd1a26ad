import { decimal, rounded } from '@ledger/domain';

/** Display precision of day measures and of ratios (half-even), stated in each methodology. */
export const DAYS_DECIMALS = 2;
export const RATIO_DECIMALS = 6;
/** USD amounts carry at most 8 decimals (apps/ledger-api/README.md: money): the minor unit of every USD column. */
export const USD_SCALE = 8;
const SECONDS_PER_DAY = 86_400;

/**
 * Nearest-rank percentile over a histogram of exact values: the smallest value v such that at least p% of all
 * values are <= v (rank ceil(p/100 * n)). Always one of the contributing values; the median of an even count is
 * the lower middle value.
 */
export function nearestRank(histogram: ReadonlyArray<readonly [bigint, bigint]>, percent: number): bigint | undefined {
  let n = 0n;
  for (const [, count] of histogram) n += count;
  if (n === 0n) return undefined;
  const p = BigInt(percent);
  const rank = (p * n + 99n) / 100n;
  let seen = 0n;
  for (const [value, count] of histogram) {
    seen += count;
    if (seen >= rank) return value;
  }
  return histogram[histogram.length - 1][0];
}

export function secondsAsDays(seconds: bigint | ReturnType<typeof decimal> | undefined): string | null {
  if (seconds === undefined) return null;
  return rounded(decimal(seconds.toString()).div(SECONDS_PER_DAY), DAYS_DECIMALS);
}

/** Counts stay JavaScript numbers in answers; beyond 2^53 they would lose digits, so refuse. */
export function countValue(units: bigint | undefined): number {
  const value = units ?? 0n;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`count ${value} is beyond exact numbers`);
  return Number(value);
}
