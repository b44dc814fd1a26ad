import { assertNever, decimal, type LeRequestEvent } from '@ledger/domain';
import { canonicalInstant, epochMs, inclusiveEnd } from '../model/business-time';
import { fromMinorUnits } from '../model/minor-units';
import { countValue, nearestRank, secondsAsDays } from './measure-math';
import { defineFigure, type FigureEvent } from './define-figure';
import { type ContributionDraft, type DimensionValues, ProjectionRuleError } from './figure-definition';

interface RequestState {
  readonly receivedAt: string;
  /** First instant the request is overdue, when it has a due time. */
  readonly overdueFrom?: string;
  readonly dims: DimensionValues;
  readonly status: 'open' | 'answered' | 'withdrawn';
}

/** 864 seconds: the resolution of the percentiles (answers show days with 2 decimals). */
const SECONDS_PER_HUNDREDTH = 864;
const requestIdOf = (event: FigureEvent<LeRequestEvent['type']>): string => event.data.requestId;

/** Closing a request (answer or withdrawal) at `closedAt`: it stops being open, and stops or never starts being overdue. */
function closing(state: RequestState, closedAt: string, values: Record<string, bigint>): ContributionDraft[] {
  const main: Record<string, bigint> = { ...values, open: -1n };
  const rows: ContributionDraft[] = [];
  if (state.overdueFrom !== undefined) {
    if (closedAt >= state.overdueFrom) main.overdue = -1n;
    else rows.push({ occurredAt: state.overdueFrom, dims: state.dims, item: '', values: { overdue: -1n } });
  }
  return [{ occurredAt: closedAt, dims: state.dims, item: '', values: main }, ...rows];
}

function openState(event: FigureEvent<LeRequestEvent['type']>, state: RequestState | undefined, verb: string): RequestState {
  if (!state) throw new ProjectionRuleError(`request ${requestIdOf(event)} was never received; it cannot be ${verb}`);
  if (state.status !== 'open')
    throw new ProjectionRuleError(`request ${requestIdOf(event)} is already ${state.status}; it cannot be ${verb}`);
  return state;
}

/** Version 1 reads receipts, answers and withdrawals only. */
type V1Type = 'LawEnforcementRequestReceived' | 'LawEnforcementRequestAnswered' | 'LawEnforcementRequestWithdrawn';

export const leRequestsFigure = defineFigure<V1Type, RequestState>({
  name: 'le-requests',
  version: 1,
  title: 'Law-enforcement requests received and answered',
  methodology: [
    'received counts requests at the time they were received; answered and withdrawn count them at the time they were answered or withdrawn. A window (from, asOf, year, month) therefore counts the requests received in it and, separately, the answers given in it.',
    'open: received minus answered minus withdrawn within the window; over the whole history up to asOf it is the number of requests open at asOf. overdue: requests that at asOf are still open after their due time (a due date means the end of that day, UTC).',
    'Response time of an answered request = answeredAt - receivedAt, counted at answeredAt. avgResponseDays is the exact mean of the response times in whole seconds (fractions of a second dropped), divided by 86,400 and rounded half-even to 2 decimals.',
    'medianResponseDays and p90ResponseDays are exact nearest-rank percentiles over the response times of the cell measured in hundredths of a day (14.4 minutes; a partial hundredth is dropped, so 1 day 10 minutes counts as 1.00): the smallest such value with at least 50% (90%) of the values at or below it; for an even count the median is the lower middle value. The hundredth is the precision answers show; measuring there keeps the per-value counts compact. Both are null when the cell has no answer.',
    'withdrawn: requests withdrawn by the agency before an answer, counted at withdrawnAt (equal to received - answered - open within any cell).',
    'Groupable by year, month, country (of the requesting agency), requestKind (information, freeze, seizure, preservation, emergency) and agencyKind.',
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 country of the requesting agency' },
    { name: 'requestKind', description: 'information, freeze, seizure, preservation or emergency' },
    { name: 'agencyKind', description: 'kind of the requesting agency, e.g. police, prosecutor' },
  ],
  measures: [
    { name: 'received', unit: 'count', description: 'requests received' },
    { name: 'answered', unit: 'count', description: 'requests answered' },
    { name: 'withdrawn', unit: 'count', description: 'requests withdrawn by the agency before an answer' },
    { name: 'open', unit: 'count', description: 'received - answered - withdrawn' },
    { name: 'overdue', unit: 'count', description: 'requests open past their due time at asOf' },
    { name: 'avgResponseDays', unit: 'days', description: 'mean response time of the answers' },
    { name: 'medianResponseDays', unit: 'days', description: 'median response time (nearest rank)' },
    { name: 'p90ResponseDays', unit: 'days', description: '90th percentile response time (nearest rank)' },
  ],
  // withdrawn is not stored: every withdrawal moves open by -1 in the same cell, so it is received - answered - open.
  columns: [
    { name: 'received', kind: 'sum', scale: 0 },
    { name: 'answered', kind: 'sum', scale: 0 },
    { name: 'open', kind: 'sum', scale: 0 },
    { name: 'overdue', kind: 'sum', scale: 0 },
    { name: 'responseSeconds', kind: 'sum', scale: 0 },
    { name: 'responseHundredths', kind: 'histogram', scale: 0 },
  ],
  consumes: { LawEnforcementRequestReceived: [1], LawEnforcementRequestAnswered: [1], LawEnforcementRequestWithdrawn: [1] },
  entityOf: requestIdOf,
  apply(event, state) {
    switch (event.type) {
      case 'LawEnforcementRequestReceived': {
        if (state) throw new ProjectionRuleError(`request ${requestIdOf(event)} was already received`);
        const { data } = event;
        const receivedAt = canonicalInstant(data.receivedAt);
        const overdueFrom = data.dueBy === undefined ? undefined : new Date(epochMs(inclusiveEnd(data.dueBy)) + 1).toISOString();
        const dims = [data.agency.country, data.kind, data.agency.kind] as const;
        const rows: ContributionDraft[] = [{ occurredAt: receivedAt, dims, item: '', values: { received: 1n, open: 1n } }];
        if (overdueFrom !== undefined) rows.push({ occurredAt: overdueFrom, dims, item: '', values: { overdue: 1n } });
        return { state: { receivedAt, overdueFrom, dims, status: 'open' }, contributions: rows };
      }
      case 'LawEnforcementRequestAnswered': {
        const open = openState(event, state, 'answered');
        const answeredAt = canonicalInstant(event.data.answeredAt);
        const seconds = Math.floor((epochMs(answeredAt) - epochMs(open.receivedAt)) / 1000);
        if (seconds < 0)
          throw new ProjectionRuleError(
            `request ${requestIdOf(event)} answered at ${answeredAt}, before it was received at ${open.receivedAt}`,
          );
        return {
          state: { ...open, status: 'answered' },
          contributions: [
            ...closing(open, answeredAt, { answered: 1n, responseSeconds: BigInt(seconds) }),
            {
              occurredAt: answeredAt,
              dims: open.dims,
              item: String(Math.floor(seconds / SECONDS_PER_HUNDREDTH)),
              values: { responseHundredths: 1n },
            },
          ],
        };
      }
      case 'LawEnforcementRequestWithdrawn': {
        const open = openState(event, state, 'withdrawn');
        const withdrawnAt = canonicalInstant(event.data.withdrawnAt);
        return { state: { ...open, status: 'withdrawn' }, contributions: closing(open, withdrawnAt, {}) };
      }
      default:
        return assertNever(event, 'request event');
    }
  },
  compute(cell) {
    const s = cell.sums;
    const [received, answered, open] = [s.received ?? 0n, s.answered ?? 0n, s.open ?? 0n];
    const responses = cell.histograms.responseHundredths ?? [];
    const hundredths = (value: bigint | undefined) => (value === undefined ? null : fromMinorUnits(value, 2));
    return {
      received: countValue(received),
      answered: countValue(answered),
      withdrawn: countValue(received - answered - open),
      open: countValue(open),
      overdue: countValue(s.overdue),
      avgResponseDays: answered === 0n ? null : secondsAsDays(decimal((s.responseSeconds ?? 0n).toString()).div(answered.toString())),
      medianResponseDays: hundredths(nearestRank(responses, 50)),
      p90ResponseDays: hundredths(nearestRank(responses, 90)),
    };
  },
});
