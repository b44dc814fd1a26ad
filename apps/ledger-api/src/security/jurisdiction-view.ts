import type { PositionCursors } from './position-cursors';

/**
 * What a caller limited to some jurisdictions sees of a figure answer, provenance page or figure list: the same
 * rows and its own events, without anything that counts or times the whole log. A global position counts every
 * jurisdiction's events before it (the gap between two counts the others' between them); the recording time of
 * the log's last event, and `stocksAt` (bounded by it), time another jurisdiction's event.
 */
type Json = Record<string, unknown>;

const NO_POINT = { position: null, recordedAt: null } as const;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A figure answer (GET /v1/figures/{name}, and the answer an attestation signs for such a caller). */
export function scopedAnswer(answer: Json): Json {
  const { stocksAt: _stocksAt, ...rest } = answer;
  const rows = Array.isArray(answer.rows)
    ? answer.rows.map((row) =>
        isObject(row) && typeof row.provenance === 'string' ? { ...row, provenance: unpositionedLink(row.provenance) } : row,
      )
    : answer.rows;
  const query =
    isObject(answer.query) && typeof answer.query.knownAt === 'string' && /^\d+$/.test(answer.query.knownAt)
      ? { ...answer.query, knownAt: null }
      : answer.query;
  return {
    ...rest,
    ...scopedCommon(answer),
    query,
    rows,
    ...(typeof answer.provenance === 'string' && { provenance: unpositionedLink(answer.provenance) }),
  };
}

/** A provenance page: its events keep their ids and times (they are the caller's own), not their positions. */
export function scopedProvenance(page: Json, cursors: PositionCursors): Json {
  const events = Array.isArray(page.events)
    ? page.events.map((event) => (isObject(event) ? { ...event, position: null } : event))
    : page.events;
  return { ...page, ...scopedCommon(page), events, next: typeof page.next === 'string' ? sealedLink(page.next, cursors) : page.next };
}

/** The figure list: how far each figure is projected, as a position, is for callers who read the whole log. */
export function scopedList(list: Json): Json {
  const figures = Array.isArray(list.figures)
    ? list.figures.map((figure) => (isObject(figure) ? { ...figure, projectedTo: figure.projectedTo === null ? null : NO_POINT } : figure))
    : list.figures;
  return { ...list, ...scopedCommon(list), figures };
}

function scopedCommon(body: Json): Json {
  return {
    ...(isObject(body.knownAt) && { knownAt: NO_POINT }),
    // When the projector stopped or last moved is about when it met (or last applied) an event, of any jurisdiction.
    ...(isObject(body.stale) && { stale: { ...body.stale, since: null, failedAt: null } }),
  };
}

/** A link without a `knownAt` position (an attested answer is computed at one; the caller may not pass one). */
function unpositionedLink(link: string): string {
  const [path, search] = link.split('?', 2);
  if (search === undefined) return link;
  const params = new URLSearchParams(search);
  const knownAt = params.get('knownAt');
  if (knownAt === null || !/^\d+$/.test(knownAt)) return link;
  params.delete('knownAt');
  const rest = params.toString();
  return rest === '' ? path : `${path}?${rest}`;
}

/** The next-page link with its `after` position sealed into a cursor. */
function sealedLink(link: string, cursors: PositionCursors): string {
  const [path, search = ''] = link.split('?', 2);
  const params = new URLSearchParams(search);
  const after = params.get('after');
  if (after !== null && /^\d+$/.test(after)) params.set('after', cursors.seal(Number(after)));
  return `${path}?${params.toString()}`;
}
