import { dayOf, HOUR_MS, isoDate } from './calendar';
import { SeededRandom } from './prng';
import type { DemoCommandInput } from './demo-history';

/** How the demo history's commands are planned: the plan they join, in business-time order, and the request ids. */

/** Requests arrive between 00:00 and 20:00 UTC; planned freezes of a day come after, so a linked request precedes its freeze. */
export const REQUEST_WINDOW_MS = 20 * HOUR_MS;

export interface Planned {
  readonly ms: number;
  readonly order: number;
  readonly command: DemoCommandInput;
  /** For freezes that point at a request of their day: which one (dropped when the scaled day has fewer requests). */
  readonly linkedRequest?: { readonly day: number; readonly ordinal: number };
}

export interface PlanContext {
  readonly planned: Planned[];
  order: number;
}

export function plan(context: PlanContext, ms: number, command: DemoCommandInput, linkedRequest?: Planned['linkedRequest']): void {
  context.planned.push({ ms, order: context.order++, command, linkedRequest });
}

/** The id of the `ordinal`-th request received on `day`. */
export function demoRequestId(day: number, ordinal: number): string {
  return `rq-${isoDate(day).replace(/-/g, '')}-${String(ordinal).padStart(5, '0')}`;
}

/** `count` random days in [from, to], sorted. */
export function randomDays(random: SeededRandom, range: { from: string; to: string }, count: number): number[] {
  const from = dayOf(range.from);
  const span = dayOf(range.to) - from + 1;
  return Array.from({ length: count }, () => from + Math.floor(random.next() * span)).sort((a, b) => a - b);
}
