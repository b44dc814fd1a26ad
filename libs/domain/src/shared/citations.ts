import type { CommandContext } from './domain-event';
import { conflict } from './domain-error';
import { ID_PATTERN } from './validation';

/** The categories a command may cite: a freeze cites a request or an incident, a recovery cites a freeze. */
export type CitedCategory = 'request' | 'incident' | 'freeze';

/** What the cited stream holds: a record, a record reversed as made in error (cites as absent), or nothing. */
export type CitationStatus = 'recorded' | 'reversed' | 'none';

/**
 * What the application read before deciding: the status of each stream a command cites, by stream name
 * `<category>-<id>`. The domain never reads a stream itself; it decides on what it is handed.
 */
export type Citations = Readonly<Record<string, CitationStatus>>;

/** One reference a command makes to another aggregate. */
export interface Citation {
  /** The command field that holds the reference, e.g. `requestId` or `changes.incidentId`. */
  readonly field: string;
  readonly category: CitedCategory;
  readonly id: string;
}

/**
 * A citation of `id` through `field`, or none when the command leaves the field out or the id is not well formed
 * (`decide` then refuses it with `invalid_id`). Reads `id` as unknown: citations are listed before the command is
 * decided, from data that may not have been validated yet.
 */
export function cite(field: string, category: CitedCategory, id: unknown): Citation[] {
  return typeof id === 'string' && ID_PATTERN.test(id) ? [{ field, category, id }] : [];
}

/** Cites nothing: for categories whose commands reference no other aggregate. */
export const citesNothing = (): Citation[] => [];

const NAMES: Record<CitedCategory, string> = { request: 'law-enforcement request', incident: 'incident', freeze: 'freeze' };

/** Refuses a reference to a record that does not exist or was reversed, naming the id. */
export function requireCited(context: CommandContext, citation: Citation): void {
  const stream = `${citation.category}-${citation.id}`;
  const status = context.cited?.[stream];
  // Not looked up is a wiring fault, not a business answer: say so loudly rather than guess.
  if (status === undefined) throw new Error(`citation ${citation.field}=${citation.id} (${stream}) was not looked up before deciding`);
  if (status === 'recorded') return;
  const what = NAMES[citation.category];
  throw conflict(
    `citation.${citation.category}_not_found`,
    status === 'reversed'
      ? `${citation.field} ${citation.id} names a ${what} that was reversed as recorded in error; it cannot be cited`
      : `${citation.field} ${citation.id} names no ${what} in the ledger; record it first`,
    { field: citation.field, id: citation.id, stream, status },
  );
}
