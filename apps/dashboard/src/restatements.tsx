import type { LedgerApi, Loaded, MeasureUnit, MeasureValue } from './api';
import { formatMeasure, groupLabel } from './format';

export interface RestatementList {
  /** null for a caller limited to some countries (positions count other jurisdictions' events). */
  knownAt: { position: number } | null;
  /** Position to ask `after` for the next page; null (or absent, older servers) on the last. */
  next?: number | null;
  restatements: {
    position: number | null;
    recordedAt: string | null;
    kind?: 'correction' | 'late';
    correction: { type: string; stream: string | null; reason: string | null; actor: string | null; withheld?: true };
    changes: { group: Record<string, string | null>; measure: string; before: MeasureValue; after: MeasureValue }[];
  }[];
}

/** Pages the server keeps restatement lists to (it computes each list once); the page reads this many at most. */
const MAX_RESTATEMENT_PAGES = 20;

/** Every page of a restatements answer, one after the other (the server pages them with a byte cap). */
export async function loadRestatements(api: LedgerApi, url: string): Promise<Loaded<RestatementList>> {
  const first = await api.load<RestatementList>(url);
  if (first.status !== 'ok') return first;
  const restatements = [...first.value.restatements];
  let next = first.value.next ?? null;
  for (let page = 1; next !== null && page < MAX_RESTATEMENT_PAGES; page++) {
    const more = await api.load<RestatementList>(`${url}${url.includes('?') ? '&' : '?'}after=${next}`);
    if (more.status !== 'ok') return more;
    restatements.push(...more.value.restatements);
    next = more.value.next ?? null;
  }
  return { status: 'ok', value: { ...first.value, restatements, next } };
}

export type Change = RestatementList['restatements'][number]['changes'][number] & { position: number };

/** Changes by later corrections (after `position`), by cell label and measure. */
export function changesAfter(list: Loaded<RestatementList> | undefined, position: number): Map<string, Change[]> {
  const byCell = new Map<string, Change[]>();
  if (list?.status !== 'ok') return byCell;
  for (const r of list.value.restatements) {
    // A scoped caller gets no positions: it cannot place a restatement after the answer's position.
    if (r.position === null || r.position <= position) continue;
    for (const c of r.changes) {
      const key = `${groupLabel(c.group)}|${c.measure}`;
      byCell.set(key, [...(byCell.get(key) ?? []), { ...c, position: r.position }]);
    }
  }
  return byCell;
}

export function describeChanges(changes: readonly Change[] | undefined, unit: MeasureUnit): string | undefined {
  if (!changes || changes.length === 0) return undefined;
  const first = changes[0];
  const last = changes[changes.length - 1];
  return `restated later: ${formatMeasure(first.before, unit)} → ${formatMeasure(last.after, unit)} by ${changes.length === 1 ? `the correction at #${first.position}` : `${changes.length} corrections from #${first.position}`}`;
}

/** Every correction that changed what this selection shows: when, why, and each value before and after. */
export function Restatements({
  list,
  units,
  onLookBefore,
}: {
  list: RestatementList;
  units: Record<string, MeasureUnit>;
  onLookBefore: (position: number) => void;
}) {
  if (list.restatements.length === 0) return <p>No restatements: every value of this selection stands as first recorded.</p>;
  const shown = [...list.restatements].reverse().slice(0, 30);
  return (
    <ul class="restatement-list">
      {shown.map((r, i) => (
        <li key={r.position ?? `scoped-${i}`} data-testid="restatement">
          <b>{r.recordedAt?.slice(0, 10) ?? 'date withheld'}</b> {r.correction.type} <span class="mono">{r.correction.stream ?? ''}</span>
          {r.correction.withheld ? ' (it also concerns another jurisdiction: details withheld)' : ''}
          {r.correction.reason ? ` — “${r.correction.reason}”` : ''}{' '}
          {r.position !== null && (
            <button type="button" class="link" onClick={() => onLookBefore(r.position!)}>
              see it as known before
            </button>
          )}
          <div class="muted">
            {r.changes
              .slice(0, 6)
              .map(
                (c) =>
                  `${c.measure}${Object.keys(c.group).length ? ` (${groupLabel(c.group)})` : ''}: ${formatMeasure(c.before, units[c.measure] ?? 'count')} → ${formatMeasure(c.after, units[c.measure] ?? 'count')}`,
              )
              .join('; ')}
          </div>
        </li>
      ))}
      {list.restatements.length > shown.length && <li class="muted">… and {list.restatements.length - shown.length} earlier</li>}
    </ul>
  );
}
