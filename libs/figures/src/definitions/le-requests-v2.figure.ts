import { assertNever, decimal, type LeRequestEvent } from '@ledger/domain';
import { canonicalInstant, epochMs, inclusiveEnd } from '../model/business-time';
import { fromMinorUnits } from '../model/minor-units';
import { withYearEventMarks, YEAR_EVENTS_COLUMN, YEAR_EVENTS_COLUMN_SPEC, YEAR_EVENTS_METHODOLOGY } from './year-event-marks';
import { changedContributions } from './contribution-diff';
import { defineFigure, type FigureEvent } from './define-figure';
import { type ContributionDraft, knownSince, ProjectionRuleError } from './figure-definition';
import { countValue, nearestRank, RATIO_DECIMALS, secondsAsDays } from './measure-math';
import { rounded } from '@ledger/domain';

/** What a request contributes is derived from this state alone (see changedContributions). */
interface RequestState {
  readonly country: string;
  readonly requestKind: string;
  readonly agencyKind: string;
  readonly receivedAt: string;
  /** The due date as given (a date means the end of that day, UTC). */
  readonly dueBy?: string;
  /** First answer: its time stays the response time; a supplement only changes the outcome. */
  readonly answeredAt?: string;
  readonly outcome?: string;
  readonly withdrawnAt?: string;
  readonly reversed?: boolean;
  /** The latest known time of the request's events so far (figure-definition.ts knownSince); not a contribution. */
  readonly knownSince?: string;
}

const DAY_MS = 86_400_000;
const SECONDS_PER_HUNDREDTH = 864;
/** Open requests by age: a band starts at this many whole days since receipt. */
const AGE_BANDS = [0, 3, 8, 31] as const;
const BAND_COLUMNS = ['open0to2Days', 'open3to7Days', 'open8to30Days', 'openOver30Days'] as const;

type RequestRead = FigureEvent<LeRequestEvent['type']>;
const requestIdOf = (event: RequestRead): string => event.data.requestId;
const at = (ms: number) => new Date(ms).toISOString();

function bandAt(ageMs: number): number {
  let band = 0;
  for (let i = 1; i < AGE_BANDS.length; i++) if (ageMs >= AGE_BANDS[i] * DAY_MS) band = i;
  return band;
}

/** Every contribution of the request as its state stands. */
function contributionsOf(state: RequestState | undefined): ContributionDraft[] {
  if (!state || state.reversed) return [];
  const open = [state.country, state.requestKind, state.agencyKind, ''] as const;
  const answered = [state.country, state.requestKind, state.agencyKind, state.outcome ?? ''] as const;
  const received = epochMs(state.receivedAt);
  const closedAt = state.answeredAt ?? state.withdrawnAt;
  const closed = closedAt === undefined ? undefined : epochMs(closedAt);
  const openAt = (ms: number) => closed === undefined || closed > ms;
  const rows: ContributionDraft[] = [
    { occurredAt: state.receivedAt, dims: open, item: '', values: { received: 1n, [BAND_COLUMNS[0]]: 1n } },
  ];
  // The open stock moves from band to band while the request stays open.
  for (let i = 1; i < AGE_BANDS.length; i++) {
    const from = received + AGE_BANDS[i] * DAY_MS;
    if (openAt(from))
      rows.push({ occurredAt: at(from), dims: open, item: '', values: { [BAND_COLUMNS[i - 1]]: -1n, [BAND_COLUMNS[i]]: 1n } });
  }
  const dueEnd = state.dueBy === undefined ? undefined : epochMs(inclusiveEnd(state.dueBy));
  const overdueFrom = dueEnd === undefined ? undefined : dueEnd + 1;
  const overdue = overdueFrom !== undefined && openAt(overdueFrom);
  if (overdue) rows.push({ occurredAt: at(overdueFrom), dims: open, item: '', values: { overdue: 1n } });
  // The answer before the closing of the open stock: an answer event counts in the row of its outcome.
  if (state.answeredAt !== undefined) {
    const seconds = Math.floor((closed! - received) / 1000);
    const hundredths = String(Math.floor(seconds / SECONDS_PER_HUNDREDTH));
    const byDue: Record<string, bigint> = dueEnd === undefined ? {} : { answeredWithDue: 1n, answeredByDue: closed! <= dueEnd ? 1n : 0n };
    rows.push(
      { occurredAt: state.answeredAt, dims: answered, item: '', values: { answered: 1n, responseSeconds: BigInt(seconds), ...byDue } },
      { occurredAt: state.answeredAt, dims: answered, item: hundredths, values: { responseHundredths: 1n } },
      // The cohort of the month the request was received: its response time counts at receivedAt.
      { occurredAt: state.receivedAt, dims: answered, item: '', values: { cohortAnswered: 1n, cohortResponseSeconds: BigInt(seconds) } },
      { occurredAt: state.receivedAt, dims: answered, item: hundredths, values: { cohortResponseHundredths: 1n } },
    );
  }
  if (closedAt !== undefined) {
    const closing: Record<string, bigint> = { [BAND_COLUMNS[bandAt(closed! - received)]]: -1n };
    if (overdue) closing.overdue = -1n;
    if (state.withdrawnAt !== undefined) closing.withdrawn = 1n;
    rows.push({ occurredAt: closedAt, dims: open, item: '', values: closing });
  }
  return rows;
}

function live(event: RequestRead, state: RequestState | undefined, verb: string): RequestState {
  if (!state) throw new ProjectionRuleError(`request ${requestIdOf(event)} was never received; it cannot be ${verb}`);
  if (state.reversed) throw new ProjectionRuleError(`request ${requestIdOf(event)} was reversed; it cannot be ${verb}`);
  return state;
}

function open(event: RequestRead, state: RequestState | undefined, verb: string): RequestState {
  const request = live(event, state, verb);
  if (request.answeredAt !== undefined || request.withdrawnAt !== undefined) {
    throw new ProjectionRuleError(
      `request ${requestIdOf(event)} is already ${request.answeredAt !== undefined ? 'answered' : 'withdrawn'}; it cannot be ${verb}`,
    );
  }
  return request;
}

function next(event: RequestRead, state: RequestState | undefined): { state: RequestState; primaryAt: string | undefined } {
  switch (event.type) {
    case 'LawEnforcementRequestReceived': {
      if (state) throw new ProjectionRuleError(`request ${requestIdOf(event)} was already received`);
      const { data } = event;
      const receivedAt = canonicalInstant(data.receivedAt);
      return {
        state: { country: data.agency.country, requestKind: data.kind, agencyKind: data.agency.kind, receivedAt, dueBy: data.dueBy },
        primaryAt: receivedAt,
      };
    }
    case 'LawEnforcementRequestAnswered': {
      const request = open(event, state, 'answered');
      const { data } = event;
      const answeredAt = canonicalInstant(data.answeredAt);
      if (answeredAt < request.receivedAt)
        throw new ProjectionRuleError(
          `request ${requestIdOf(event)} answered at ${answeredAt}, before it was received at ${request.receivedAt}`,
        );
      return { state: { ...request, answeredAt, outcome: data.outcome }, primaryAt: answeredAt };
    }
    case 'LawEnforcementRequestAnswerSupplemented': {
      const request = live(event, state, 'supplemented');
      if (request.answeredAt === undefined) throw new ProjectionRuleError(`request ${requestIdOf(event)} has no answer to supplement`);
      return { state: { ...request, outcome: event.data.outcome }, primaryAt: request.answeredAt };
    }
    case 'LawEnforcementRequestWithdrawn': {
      const request = open(event, state, 'withdrawn');
      const withdrawnAt = canonicalInstant(event.data.withdrawnAt);
      return { state: { ...request, withdrawnAt }, primaryAt: withdrawnAt };
    }
    case 'LawEnforcementRequestCorrected': {
      const request = live(event, state, 'corrected');
      const changes = event.data.changes ?? {};
      const corrected: RequestState = {
        ...request,
        country: changes.agency?.country ?? request.country,
        agencyKind: changes.agency?.kind ?? request.agencyKind,
        requestKind: changes.kind ?? request.requestKind,
        receivedAt: changes.receivedAt === undefined ? request.receivedAt : canonicalInstant(changes.receivedAt),
        // `dueBy: null` removes the deadline.
        dueBy: 'dueBy' in changes ? (changes.dueBy ?? undefined) : request.dueBy,
      };
      const closedAt = corrected.answeredAt ?? corrected.withdrawnAt;
      if (closedAt !== undefined && closedAt < corrected.receivedAt)
        throw new ProjectionRuleError(`request ${requestIdOf(event)} corrected to be received after it was closed`);
      return { state: corrected, primaryAt: corrected.receivedAt };
    }
    case 'LawEnforcementRequestReversed':
      return { state: { ...live(event, state, 'reversed'), reversed: true }, primaryAt: state!.receivedAt };
    default:
      return assertNever(event, 'request event');
  }
}

const ratio = (part: bigint, whole: bigint) =>
  whole === 0n ? null : rounded(decimal(part.toString()).div(whole.toString()), RATIO_DECIMALS);

export const leRequestsFigureV2 = defineFigure<LeRequestEvent['type'], RequestState>({
  name: 'le-requests',
  version: 2,
  title: 'Law-enforcement requests: received, answered, open at period end, response times',
  methodology: [
    'Flows count what happened within the period: received at receivedAt, answered at the first answeredAt, withdrawn at withdrawnAt (the agency withdrew the request before an answer).',
    'Stocks stand at the end of the period (the end of each year or month of the answer, or of the window), never after asOf, never after the date known at (knownAt by time) and never after the present. openAtEnd: requests received by then and neither answered nor withdrawn by then; never negative. overdueAtEnd: of those, the ones whose due date had passed by then (a due date means the end of that day, UTC); a due date not yet passed is never overdue. open0to2Days, open3to7Days, open8to30Days, openOver30Days: the open requests by whole days since receipt; they add up to openAtEnd.',
    'A stock is carried to every later period up to the present: a year or month in which nothing was received or answered still has a row while requests stay open, with 0 received and the open and overdue requests left from before (a request never answered is open, and overdue once its due date passed, until it is answered, withdrawn or reversed). Such a row says that a backlog remains, not that anything happened then; its events are those whose contributions fall in it (age-band moves, due dates passing), often 0. Give asOf, or a window, to stop the rows at a date.',
    'The stocks are exact: each request adds +1 to the open stock at receipt and -1 when answered or withdrawn, +1 to overdue when its due date passes while it is open and -1 when it is then closed, and moves from age band to band at 3, 8 and 31 days while open. A stock is the sum of those changes up to its end.',
    'Response time = first answeredAt - receivedAt. cohort=answered (default): avgResponseDays, medianResponseDays, p90ResponseDays and responses describe the requests answered in the period. cohort=received: they describe the requests received in the period that have been answered, as far as the answer knows (knownAt); requests of the cohort not answered are not in them (their count is received - responses - withdrawn - reversed ones). avg is the exact mean in whole seconds over 86,400, rounded half-even to 2 decimals; median and p90 are nearest-rank percentiles over hundredths of a day (partial hundredths dropped).',
    'answeredByDue: of the requests answered in the period that had a due date, the share answered by the end of that date (6 decimals, half-even); null when none had one.',
    'outcome (disclosed, partially_disclosed, no_data, rejected) is a dimension of answers only: answered and response times split by it; received, withdrawn and the stocks have no outcome (null). A supplementary answer changes the outcome; the first answeredAt stays the response time.',
    'A correction restates the request as corrected (agency, kind, receivedAt, dueBy) everywhere it counts; a reversal (recorded in error) removes it from every measure, unlike a withdrawal, which is a fact about the request. Both take effect for answers known at or after them.',
    YEAR_EVENTS_METHODOLOGY,
    'Groupable by year, month, country (of the requesting agency), requestKind, agencyKind and outcome, in any combination.',
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 country of the requesting agency' },
    { name: 'requestKind', description: 'information, freeze, seizure, preservation or emergency' },
    { name: 'agencyKind', description: 'kind of the requesting agency, e.g. police, prosecutor' },
    { name: 'outcome', description: 'outcome of the answer: disclosed, partially_disclosed, no_data or rejected (answers only)' },
  ],
  measures: [
    { name: 'received', unit: 'count', description: 'requests received in the period (flow)' },
    { name: 'answered', unit: 'count', description: 'requests answered in the period (flow)' },
    { name: 'withdrawn', unit: 'count', description: 'requests withdrawn in the period (flow)' },
    { name: 'openAtEnd', unit: 'count', description: 'requests open at the end of the period (stock)' },
    { name: 'overdueAtEnd', unit: 'count', description: 'open requests past their due date at the end of the period (stock)' },
    { name: 'open0to2Days', unit: 'count', description: 'open at the end of the period, received 0-2 days before (stock)' },
    { name: 'open3to7Days', unit: 'count', description: 'open at the end of the period, received 3-7 days before (stock)' },
    { name: 'open8to30Days', unit: 'count', description: 'open at the end of the period, received 8-30 days before (stock)' },
    { name: 'openOver30Days', unit: 'count', description: 'open at the end of the period, received over 30 days before (stock)' },
    { name: 'answeredByDue', unit: 'ratio', description: 'share of the answered requests with a due date answered by it' },
    { name: 'responses', unit: 'count', description: 'answered requests behind the response times (per cohort)' },
    { name: 'avgResponseDays', unit: 'days', description: 'mean response time (per cohort)' },
    { name: 'medianResponseDays', unit: 'days', description: 'median response time, nearest rank (per cohort)' },
    { name: 'p90ResponseDays', unit: 'days', description: '90th percentile response time, nearest rank (per cohort)' },
  ],
  columns: [
    { name: 'received', kind: 'sum', scale: 0 },
    { name: 'answered', kind: 'sum', scale: 0 },
    { name: 'withdrawn', kind: 'sum', scale: 0 },
    { name: 'overdue', kind: 'sum', scale: 0, stock: true },
    ...BAND_COLUMNS.map((name) => ({ name, kind: 'sum' as const, scale: 0, stock: true })),
    { name: 'responseSeconds', kind: 'sum', scale: 0 },
    { name: 'responseHundredths', kind: 'histogram', scale: 0 },
    { name: 'answeredWithDue', kind: 'sum', scale: 0 },
    { name: 'answeredByDue', kind: 'sum', scale: 0 },
    { name: 'cohortAnswered', kind: 'sum', scale: 0 },
    { name: 'cohortResponseSeconds', kind: 'sum', scale: 0 },
    { name: 'cohortResponseHundredths', kind: 'histogram', scale: 0 },
    YEAR_EVENTS_COLUMN_SPEC,
  ],
  consumes: {
    LawEnforcementRequestReceived: [1],
    LawEnforcementRequestAnswered: [1],
    LawEnforcementRequestWithdrawn: [1],
    LawEnforcementRequestCorrected: [1],
    LawEnforcementRequestReversed: [1],
    LawEnforcementRequestAnswerSupplemented: [1],
  },
  eventCount: 'distinct',
  yearEvents: YEAR_EVENTS_COLUMN,
  options: { cohort: ['answered', 'received'] },
  entityOf: requestIdOf,
  apply(event, state) {
    const { state: after, primaryAt } = next(event, state);
    const knownAt = knownSince(event, state?.knownSince);
    const contributions = withYearEventMarks(changedContributions(contributionsOf(state), contributionsOf(after), primaryAt));
    return { state: { ...after, knownSince: knownAt }, contributions, knownAt };
  },
  compute(cell, _groupBy, options) {
    const s = cell.sums;
    const cohort = options?.cohort === 'received';
    const responses = (cohort ? s.cohortAnswered : s.answered) ?? 0n;
    const seconds = (cohort ? s.cohortResponseSeconds : s.responseSeconds) ?? 0n;
    const histogram = cell.histograms[cohort ? 'cohortResponseHundredths' : 'responseHundredths'] ?? [];
    const hundredths = (value: bigint | undefined) => (value === undefined ? null : fromMinorUnits(value, 2));
    const bands = BAND_COLUMNS.map((name) => s[name] ?? 0n);
    return {
      received: countValue(s.received),
      answered: countValue(s.answered),
      withdrawn: countValue(s.withdrawn),
      openAtEnd: countValue(bands.reduce((a, b) => a + b, 0n)),
      overdueAtEnd: countValue(s.overdue),
      ...Object.fromEntries(BAND_COLUMNS.map((name, i) => [name, countValue(bands[i])])),
      answeredByDue: ratio(s.answeredByDue ?? 0n, s.answeredWithDue ?? 0n),
      responses: countValue(responses),
      avgResponseDays: responses === 0n ? null : secondsAsDays(decimal(seconds.toString()).div(responses.toString())),
      medianResponseDays: hundredths(nearestRank(histogram, 50)),
      p90ResponseDays: hundredths(nearestRank(histogram, 90)),
    };
  },
});
