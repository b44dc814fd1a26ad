/**
 * What a call costs against its key's budget (LEDGER_RATE_LIMIT units per window, a token bucket: docs/security.md).
 * One unit is an ordinary expensive read (a 100-event page of the log). Costs follow the work a call asks for:
 * rows read (page sizes), cells and groupings computed, the range a job reads.
 */
export type CostOf = number | ((query: Readonly<Record<string, unknown>>) => number);

const list = (value: unknown): string[] =>
  value === undefined
    ? []
    : (Array.isArray(value) ? value : [value])
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '');
const pageOf = (query: Readonly<Record<string, unknown>>, fallback: number): number => {
  const limit = Number(query.limit);
  return Number.isFinite(limit) && limit > 0 ? limit : fallback;
};

/** A figure answer from the rollups: 1/50 unit per grouping dimension (and one for the total). */
const FIGURE_ANSWER_BASE = 0.02;
/** asOf, knownAt and from aggregate contributions instead of rollups: about four times the rows. */
const TIME_FILTER_FACTOR = 4;

export const COSTS = {
  /** Figure answers: by groupings (each one multiplies the cells) and by whether time filters scan contributions. */
  figureAnswer: (query) =>
    FIGURE_ANSWER_BASE *
    (1 + list(query.groupBy).length) *
    (query.asOf !== undefined || query.knownAt !== undefined || query.from !== undefined ? TIME_FILTER_FACTOR : 1),
  /** Provenance: by page size, 1 unit per 100 events (a 1000-event page is 10). */
  provenance: (query) => Math.max(0.1, pageOf(query, 100) / 100),
  /** The global log: by page size, 1 unit per 100 events. */
  events: (query) => Math.max(0.1, pageOf(query, 100) / 100),
  /**
   * Restatements: 1 unit up front for a first page, 0.2 for a later page (the worker keeps the list); the figure
   * answers a list needed (two per correction) are charged once it is computed (RESTATEMENT_ANSWER_COST each), so
   * a page that recomputes pays for its work either way.
   */
  restatements: (query) => (query.after === undefined ? 1 : 0.2),
  /**
   * Asking for a full verification: 1 unit; one that starts a new job (it reads the whole log) is charged
   * VERIFY_JOB_STARTED_COST more, one that joins the running job nothing more.
   */
  verifyJob: 1,
  /** The latest result or a job's state: a read of memory. */
  verifyStatus: 0.05,
  /** Proofs are O(log n) reads of the stored tree; by event id adds an index lookup. */
  inclusionProof: (query) => (query.eventId !== undefined ? 0.05 : 0.02),
  consistencyProof: 0.02,
  /**
   * An attestation: a figure answer known at a position (time-filtered, so 4x a plain one) for the widest query, and
   * an Ed25519 signature over a new tree head whenever the log grew. Its query is in the body, so the cost is fixed.
   */
  attestation: 0.5,
} satisfies Record<string, CostOf>;

/** What each figure answer a restatements list needed costs (charged after the list is computed). */
export const RESTATEMENT_ANSWER_COST = 0.02;
/** What a POST that started a new full verification costs on top of `COSTS.verifyJob` (10 in all). */
export const VERIFY_JOB_STARTED_COST = 9;

export function costOf(cost: CostOf, query: Readonly<Record<string, unknown>>): number {
  return typeof cost === 'number' ? cost : cost(query);
}
