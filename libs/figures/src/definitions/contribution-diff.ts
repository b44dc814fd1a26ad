import type { ContributionDraft } from './figure-definition';

/**
 * What an event changes, as signed contributions: everything the entity contributes after it minus everything it
 * contributed before. Version 2 definitions describe an entity's whole contribution from its state, so a late
 * answer, a correction, a supplement or a reversal all restate exactly what changed: contributions equal on both
 * sides cancel and are not written. The event's own contributions (at `primaryAt`) come first, those of the new
 * state before those it takes away: the first one carries the event in the answer's event count.
 */
export function changedContributions(
  before: readonly ContributionDraft[],
  after: readonly ContributionDraft[],
  primaryAt: string | undefined,
): ContributionDraft[] {
  const net = new Map<string, { occurredAt: string; dims: readonly string[]; item: string; values: Record<string, bigint> }>();
  const add = (draft: ContributionDraft, sign: bigint) => {
    const key = `${draft.occurredAt}\u0000${draft.dims.join('\u0000')}\u0000${draft.item}`;
    let entry = net.get(key);
    if (!entry) net.set(key, (entry = { occurredAt: draft.occurredAt, dims: draft.dims, item: draft.item, values: {} }));
    for (const [column, value] of Object.entries(draft.values)) entry.values[column] = (entry.values[column] ?? 0n) + sign * value;
  };
  // After first: the event's first contribution is one it makes, unless it only takes away (a reversal).
  for (const draft of after) add(draft, 1n);
  for (const draft of before) add(draft, -1n);
  const changed: ContributionDraft[] = [];
  for (const entry of net.values()) {
    const values: Record<string, bigint> = {};
    for (const [column, value] of Object.entries(entry.values)) if (value !== 0n) values[column] = value;
    if (Object.keys(values).length > 0) changed.push({ ...entry, values });
  }
  // Stable: the event's own business time first, the rest in the order they were described.
  return primaryAt === undefined
    ? changed
    : [...changed.filter((c) => c.occurredAt === primaryAt), ...changed.filter((c) => c.occurredAt !== primaryAt)];
}

/** Half-even rounding of numerator / denominator (both integers, denominator > 0). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = 2n * (n % denominator);
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}
