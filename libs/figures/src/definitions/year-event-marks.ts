import type { ColumnSpec, ContributionDraft } from './figure-definition';

/**
 * The value column that counts an event once in each business year it contributes to (see FigureDefinition
 * `yearEvents`). The rollups' own event column counts each event once overall, on its first contribution; neither
 * can be exact for every grouping (methodology in docs/figures.md, "events").
 */
export const YEAR_EVENTS_COLUMN = 'eventsInYear';
export const YEAR_EVENTS_COLUMN_SPEC: ColumnSpec = { name: YEAR_EVENTS_COLUMN, kind: 'sum', scale: 0 };

/**
 * Marks the first contribution of each business year of one event with eventsInYear = 1 (the event's own
 * contributions come first, see changedContributions). Marks are added after the diff: they belong to the event,
 * not to the entity's state, so they must not cancel.
 */
export function withYearEventMarks(drafts: readonly ContributionDraft[]): ContributionDraft[] {
  const years = new Set<string>();
  return drafts.map((draft) => {
    const year = draft.occurredAt.slice(0, 4);
    if (years.has(year)) return draft;
    years.add(year);
    return { ...draft, values: { ...draft.values, [YEAR_EVENTS_COLUMN]: 1n } };
  });
}

/** The methodology paragraph every definition with year marks states about `events`. */
export const YEAR_EVENTS_METHODOLOGY =
  'events: events with a contribution to the row (those its provenance link lists), each counted at most once. ' +
  'A row within one year (grouped by year or month, or a window inside one year) counts every event with a contribution ' +
  'anywhere in that year, once, in the row of its first contribution of that year (its own business time first); an ' +
  'answer or row spanning years counts every event once, in the row of its first contribution. So a year row is exact; ' +
  "a month row, or a row split by a dimension an event spans (an answer's outcome beside the open stock it closes, a " +
  'correction moving a record between countries), does not count the event where it has only later contributions of ' +
  'that year. Counting each event once in every possible row from summed rollups cannot be exact (an event in two rows ' +
  "of a grouping must count once when they are summed): docs/figures.md. The answer's own events: the same rule for its window.";
