import { invalid, type LedgerEventType } from '@ledger/domain';
import type { EventStore, LogPosition } from '@ledger/event-store';
import type { AnswerRow, MeasureValue } from './definitions/figure-definition';
import type { FigureQueryParams } from './query/figure-query';
import { type FigureAnswer, type FigureService, type LogPoint, MAX_PROVENANCE_LIMIT, type ProvenanceEvent } from './query/figure-service';

/** Events that restate what earlier events said: each names what it corrects (its stream, `replaces`) and why. */
export const CORRECTION_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  'TrainingSessionCorrected',
  'TrainingSessionWithdrawn',
  'LawEnforcementRequestWithdrawn',
  'LawEnforcementRequestCorrected',
  'LawEnforcementRequestReversed',
  'LawEnforcementRequestAnswerSupplemented',
  'FreezeCorrected',
  'FreezeReversed',
  'IncidentCorrected',
  'IncidentReversed',
] satisfies readonly LedgerEventType[]);

/** A fact is recorded late when the ledger learned it after the calendar month (UTC) of its business time had
 *  ended: the cells of that month may already have been published without it. */
export function recordedLate(event: Pick<ProvenanceEvent, 'knownAt' | 'contributions'>): boolean {
  let earliest: string | undefined;
  for (const c of event.contributions) if (earliest === undefined || c.occurredAt < earliest) earliest = c.occurredAt;
  return earliest !== undefined && earliest.slice(0, 7) < event.knownAt.slice(0, 7);
}

/** What the caller may see: all of it, or only what concerns some countries (a regulator's jurisdictions). */
export interface RestatementScope {
  readonly countries: readonly string[];
}

export interface MeasureChange {
  readonly group: Readonly<Record<string, string | null>>;
  readonly measure: string;
  readonly before: MeasureValue;
  readonly after: MeasureValue;
}

export interface Restatement {
  /** Log position of the restating event: the answer as known just before it and at it differ. null for a
   *  scoped caller (a position tells how many events of other jurisdictions came before). */
  readonly position: LogPosition | null;
  /** When the ledger recorded it; null for a scoped caller when the event also concerns other jurisdictions. */
  readonly recordedAt: string | null;
  /** correction: it corrects, reverses, withdraws or supplements earlier facts; late: a fact recorded after the month
   *  of its business time had ended. */
  readonly kind: 'correction' | 'late';
  readonly correction: {
    readonly eventId: string | null;
    readonly type: string;
    /** The stream whose earlier events it corrects. */
    readonly stream: string | null;
    readonly reason: string | null;
    /** The field values it replaces, when the event lists them. */
    readonly replaces: unknown;
    readonly changes: unknown;
    readonly actor: string | null;
    /** For a scoped caller: the event's content is withheld because it also concerns other jurisdictions. */
    readonly withheld?: true;
  };
  readonly changes: readonly MeasureChange[];
  /** Rows as answered; a scoped caller gets them without provenance links (they name log positions). */
  readonly before: { readonly knownAt: LogPoint | null; readonly rows: readonly AnswerRow[] };
  readonly after: { readonly knownAt: LogPoint | null; readonly rows: readonly AnswerRow[] };
}

export interface RestatementList {
  readonly figure: string;
  readonly version: number;
  readonly query: FigureAnswer['query'];
  /** How far the figure is projected: restatements up to here are listed (null for a scoped caller). */
  readonly knownAt: LogPoint | null;
  readonly restatements: readonly Restatement[];
  /** More candidate events than one call examines (MAX_RESTATEMENT_CANDIDATES): the list holds the earliest ones. */
  readonly truncated: boolean;
}

/** Each candidate costs two answers: one call examines at most this many (a history recorded all at once, with no
 *  imported recording times, makes every event a late fact). */
export const MAX_RESTATEMENT_CANDIDATES = 2000;

const IGNORED_PARAMS = new Set(['knownAt', 'after', 'limit', 'late']);

/**
 * How a figure answer changed over recording time: for every event contributing to the query's cells that restates
 * earlier facts (a correction, reversal, withdrawal or supplement) and, with `late=include`, every fact recorded late
 * (after the month of its business time), the answer as known just before it and as known at it, and the measures
 * that changed. Late facts are asked for explicitly: a history recorded all at once without its original recording
 * times (imported) makes every event late, two answers each. Events that change nothing the query shows are left
 * out. Reads the contributing events page by page.
 *
 * With a scope (a regulator), the query must already be filtered to the scope's countries (the API's guard does
 * that), and nothing of another jurisdiction is shown: no positions or head (they count other events), and for an
 * event that also concerns another country (a training moved from MX to US) neither its content, its writer nor its
 * recording time; only how the caller's own cells changed. The writer is never shown to a scoped caller.
 */
export async function figureRestatements(
  figures: FigureService,
  events: Pick<EventStore, 'readAll'>,
  name: string,
  params: FigureQueryParams,
  scope?: RestatementScope,
): Promise<RestatementList> {
  const query: Record<string, string | readonly string[] | undefined> = {};
  for (const [key, value] of Object.entries(params)) if (!IGNORED_PARAMS.has(key)) query[key] = value;
  const lateParam = typeof params.late === 'string' ? params.late : undefined;
  if (lateParam !== undefined && lateParam !== 'include' && lateParam !== 'exclude') {
    throw invalid('figures.invalid_option', `late must be include or exclude, got "${lateParam}"`, { parameter: 'late' });
  }
  const withLate = lateParam === 'include';
  const current = await figures.answer(name, query);
  // Later pages and answers stay on the version the first answer used.
  query.version = String(current.version);

  const candidates: { position: LogPosition; kind: Restatement['kind'] }[] = [];
  let after = 0;
  for (;;) {
    const page = await figures.provenance(name, { ...query, after: String(after), limit: String(MAX_PROVENANCE_LIMIT) });
    for (const event of page.events) {
      if (CORRECTION_EVENT_TYPES.has(event.type)) candidates.push({ position: event.position, kind: 'correction' });
      else if (withLate && recordedLate(event)) candidates.push({ position: event.position, kind: 'late' });
    }
    if (page.next === null || page.events.length === 0 || candidates.length > MAX_RESTATEMENT_CANDIDATES) break;
    after = page.events[page.events.length - 1].position;
  }

  const restatements: Restatement[] = [];
  for (const { position, kind } of candidates.slice(0, MAX_RESTATEMENT_CANDIDATES)) {
    // The answer as known at the event just before (positions are opaque: EventStoreDB's are byte offsets).
    const previous = await previousPosition(events, position);
    const afterAnswer = await figures.answer(name, { ...query, knownAt: String(position) });
    // Stocks of both at the instant the event was recorded: open requests ageing between the two recording times is
    // not a change the event made.
    const before = await figures.answer(name, { ...query, knownAt: String(previous ?? 0) }, afterAnswer.knownAt.recordedAt ?? undefined);
    const changes = measureChanges(before, afterAnswer);
    if (changes.length === 0) continue;
    const [event] = await events.readAll({ from: position, limit: 1 });
    const data = (event?.data ?? {}) as Record<string, unknown>;
    const visible = scope === undefined || (await withinScope(figures, events, name, query.version, position, scope));
    restatements.push({
      position: scope === undefined ? position : null,
      recordedAt: visible ? (event?.metadata.recordedAt ?? '') : null,
      kind,
      correction: visible
        ? {
            eventId: event?.eventId ?? '',
            type: event?.type ?? '',
            stream: event?.stream ?? '',
            reason: typeof data.reason === 'string' ? data.reason : null,
            replaces: data.replaces ?? null,
            changes: data.changes ?? null,
            actor: scope === undefined && typeof event?.metadata.actor === 'string' ? event.metadata.actor : null,
          }
        : {
            eventId: null,
            type: event?.type ?? '',
            stream: null,
            reason: null,
            replaces: null,
            changes: null,
            actor: null,
            withheld: true,
          },
      changes,
      before: scope === undefined ? { knownAt: before.knownAt, rows: before.rows } : { knownAt: null, rows: before.rows.map(withoutLink) },
      after:
        scope === undefined
          ? { knownAt: afterAnswer.knownAt, rows: afterAnswer.rows }
          : { knownAt: null, rows: afterAnswer.rows.map(withoutLink) },
    });
  }
  return {
    figure: current.figure,
    version: current.version,
    query: current.query,
    knownAt: scope === undefined ? current.knownAt : null,
    restatements,
    truncated: candidates.length > MAX_RESTATEMENT_CANDIDATES,
  };
}

/** Position of the event just before `position` in the log; undefined for the first. */
async function previousPosition(events: Pick<EventStore, 'readAll'>, position: LogPosition): Promise<LogPosition | undefined> {
  const [previous] = await events.readAll({ direction: 'backwards', before: position, limit: 1 });
  return previous?.position;
}

const withoutLink = ({ group, measures, events }: AnswerRow): AnswerRow => ({ group, measures, events });

/** Whether every contribution of the event at `position` to this figure lies in the scope's countries. */
async function withinScope(
  figures: FigureService,
  events: Pick<EventStore, 'readAll'>,
  name: string,
  version: string | undefined,
  position: LogPosition,
  scope: RestatementScope,
): Promise<boolean> {
  const previous = await previousPosition(events, position);
  const page = await figures.provenance(name, {
    ...(version === undefined ? {} : { version }),
    ...(previous !== undefined ? { after: String(previous) } : {}),
    limit: '1',
  });
  const event = page.events[0];
  if (!event || event.position !== position) return false;
  return event.contributions.every(
    (c) => c.dimensions.country !== undefined && c.dimensions.country !== null && scope.countries.includes(c.dimensions.country),
  );
}

/** Every (group, measure) whose value differs, groups in answer order; a group present on one side only counts as null on the other. */
function measureChanges(before: FigureAnswer, after: FigureAnswer): MeasureChange[] {
  const key = (group: Readonly<Record<string, string | null>>) => JSON.stringify(group);
  const beforeRows = new Map(before.rows.map((row) => [key(row.group), row]));
  const afterRows = new Map(after.rows.map((row) => [key(row.group), row]));
  const groups = [...new Set([...beforeRows.keys(), ...afterRows.keys()])].sort();
  const changes: MeasureChange[] = [];
  for (const group of groups) {
    const was = beforeRows.get(group);
    const now = afterRows.get(group);
    for (const measure of after.measures) {
      const b = was?.measures[measure] ?? null;
      const a = now?.measures[measure] ?? null;
      if (b !== a) changes.push({ group: (now ?? was)!.group, measure, before: b, after: a });
    }
  }
  return changes;
}
