import type { EventStore, LogPosition } from '@ledger/event-store';
import type { MeasureValue } from './definitions/figure-definition';
import type { FigureQueryParams } from './query/figure-query';
import { type FigureAnswer, type FigureService, type LogPoint, MAX_PROVENANCE_LIMIT } from './query/figure-service';

/** Events that restate what earlier events said: each names what it corrects (its stream, `replaces`) and why. */
export const CORRECTION_EVENT_TYPES: ReadonlySet<string> = new Set(['TrainingSessionCorrected', 'TrainingSessionWithdrawn', 'LawEnforcementRequestWithdrawn']);

export interface MeasureChange {
  readonly group: Readonly<Record<string, string | null>>;
  readonly measure: string;
  readonly before: MeasureValue;
  readonly after: MeasureValue;
}

export interface Restatement {
  /** Log position of the correcting event: the answer as known at the event before it and at it differ. */
  readonly position: LogPosition;
  readonly recordedAt: string;
  readonly correction: {
    readonly eventId: string;
    readonly type: string;
    /** The stream whose earlier events it corrects. */
    readonly stream: string;
    readonly reason: string | null;
    /** The field values it replaces, when the event lists them. */
    readonly replaces: unknown;
    readonly changes: unknown;
    readonly actor: string | null;
  };
  readonly changes: readonly MeasureChange[];
  readonly before: Pick<FigureAnswer, 'knownAt' | 'rows'>;
  readonly after: Pick<FigureAnswer, 'knownAt' | 'rows'>;
}

export interface RestatementList {
  readonly figure: string;
  readonly version: number;
  readonly query: FigureAnswer['query'];
  /** How far the figure is projected: restatements up to here are listed. */
  readonly knownAt: LogPoint;
  readonly restatements: readonly Restatement[];
}

const IGNORED_PARAMS = new Set(['knownAt', 'after', 'limit']);

/**
 * How a figure answer changed over recording time: for every correction event contributing to the query's cells,
 * the answer as known just before it and as known at it, and the measures that changed. Corrections that change
 * nothing the query shows are left out. Reads the contributing events page by page (bounded memory).
 */
export async function figureRestatements(figures: FigureService, events: Pick<EventStore, 'readAll'>, name: string, params: FigureQueryParams): Promise<RestatementList> {
  const query: Record<string, string | readonly string[] | undefined> = {};
  for (const [key, value] of Object.entries(params)) if (!IGNORED_PARAMS.has(key)) query[key] = value;
  const current = await figures.answer(name, query);

  const corrections: LogPosition[] = [];
  let after = 0;
  for (;;) {
    const page = await figures.provenance(name, { ...query, after: String(after), limit: String(MAX_PROVENANCE_LIMIT) });
    for (const event of page.events) if (CORRECTION_EVENT_TYPES.has(event.type)) corrections.push(event.position);
    if (page.next === null || page.events.length === 0) break;
    after = page.events[page.events.length - 1].position;
  }

  const restatements: Restatement[] = [];
  for (const position of corrections) {
    // The event just before the correction (positions are opaque: EventStoreDB's are byte offsets).
    const [previous] = await events.readAll({ direction: 'backwards', before: position, limit: 1 });
    const before = await figures.answer(name, { ...query, knownAt: String(previous?.position ?? 0) });
    const afterAnswer = await figures.answer(name, { ...query, knownAt: String(position) });
    const changes = measureChanges(before, afterAnswer);
    if (changes.length === 0) continue;
    const [event] = await events.readAll({ from: position, limit: 1 });
    const data = (event?.data ?? {}) as Record<string, unknown>;
    restatements.push({
      position,
      recordedAt: event?.metadata.recordedAt ?? '',
      correction: {
        eventId: event?.eventId ?? '',
        type: event?.type ?? '',
        stream: event?.stream ?? '',
        reason: typeof data.reason === 'string' ? data.reason : null,
        replaces: data.replaces ?? null,
        changes: data.changes ?? null,
        actor: typeof event?.metadata.actor === 'string' ? event.metadata.actor : null,
      },
      changes,
      before: { knownAt: before.knownAt, rows: before.rows },
      after: { knownAt: afterAnswer.knownAt, rows: afterAnswer.rows },
    });
  }
  return { figure: current.figure, version: current.version, query: current.query, knownAt: current.knownAt, restatements };
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
