import { assertNever, type TrainingEvent, type TrainingSessionDetails } from '@ledger/domain';
import { canonicalInstant, epochMs } from '../model/business-time';
import { withYearEventMarks, YEAR_EVENTS_COLUMN, YEAR_EVENTS_COLUMN_SPEC, YEAR_EVENTS_METHODOLOGY } from './year-event-marks';
import { changedContributions } from './contribution-diff';
import { defineFigure, type FigureEvent } from './define-figure';
import { type ContributionDraft, knownSince, ProjectionRuleError } from './figure-definition';
import { countValue } from './measure-math';

interface SessionState {
  readonly details: TrainingSessionDetails;
  readonly withdrawn: boolean;
  /** The latest known time of the session's events so far (figure-definition.ts knownSince); not a contribution. */
  readonly knownSince?: string;
}

const DAY_MS = 86_400_000;
const trainingIdOf = (event: FigureEvent<TrainingEvent['type']>): string => event.data.trainingId;
/** Items of the agency-country column are prefixed, so they never meet the delivery countries' items. */
const AGENCY_COUNTRY = 'agency-country:';

function agencyKey(agency: { name: string; country: string }): string {
  return `${agency.country}:${agency.name.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

function contributionsOf(state: SessionState | undefined): ContributionDraft[] {
  if (!state || state.withdrawn) return [];
  const { details } = state;
  const occurredAt = canonicalInstant(details.deliveredOn);
  const dims = [details.country, details.format, details.partner ?? ''] as const;
  const days = details.endsOn ? Math.round((epochMs(canonicalInstant(details.endsOn)) - epochMs(occurredAt)) / DAY_MS) + 1 : 1;
  const session: ContributionDraft = {
    occurredAt,
    dims,
    item: details.country,
    values: { sessions: 1n, participants: BigInt(details.participants), sessionDays: BigInt(days), countries: 1n },
  };
  const agencies = [...new Set(details.agencies.map(agencyKey))].sort();
  const agencyCountries = [...new Set(details.agencies.map((agency) => agency.country))].sort();
  return [
    session,
    ...agencies.map((key) => ({ occurredAt, dims, item: key, values: { agencies: 1n } })),
    ...agencyCountries.map((country) => ({ occurredAt, dims, item: `${AGENCY_COUNTRY}${country}`, values: { agencyCountries: 1n } })),
  ];
}

export const trainingsFigureV2 = defineFigure<TrainingEvent['type'], SessionState>({
  name: 'trainings',
  version: 2,
  title: 'Trainings and workshops delivered to law enforcement',
  methodology: [
    'A training session counts once, in the year and month of its first day (deliveredOn), in the country where it was delivered. All measures are flows.',
    'sessions: sessions delivered. participants: sum of the participants recorded for each session. sessionDays: days of training (last day - first day + 1 per session). countries: distinct countries where sessions were delivered. agencies: distinct agencies trained (same country and same name, ignoring case and spacing, is one agency). agencyCountries and agencyCountryCodes: how many and which distinct countries the agencies trained come from (an online session delivered from one country may train officers of many).',
    'A correction restates the session as corrected wherever it counts; a withdrawn session drops out of every measure. Both take effect for answers known at or after them; an answer known at an earlier time shows the figure as it was then.',
    YEAR_EVENTS_METHODOLOGY,
    'Groupable by year, month, country (of delivery), format (in_person, virtual, hybrid) and partner (the co-organiser, e.g. INTERPOL; null when none).',
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 country where the session was delivered' },
    { name: 'format', description: 'in_person, virtual or hybrid' },
    { name: 'partner', description: 'co-organiser of the session, e.g. INTERPOL' },
  ],
  measures: [
    { name: 'sessions', unit: 'count', description: 'training sessions delivered' },
    { name: 'participants', unit: 'count', description: 'participants across those sessions' },
    { name: 'sessionDays', unit: 'count', description: 'days of training' },
    { name: 'countries', unit: 'count', description: 'distinct countries of delivery' },
    { name: 'agencies', unit: 'count', description: 'distinct agencies trained' },
    { name: 'agencyCountries', unit: 'count', description: 'distinct countries of the agencies trained' },
    { name: 'agencyCountryCodes', unit: 'text', description: 'the countries of the agencies trained, comma-separated' },
  ],
  columns: [
    { name: 'sessions', kind: 'sum', scale: 0 },
    { name: 'participants', kind: 'sum', scale: 0 },
    { name: 'sessionDays', kind: 'sum', scale: 0 },
    { name: 'countries', kind: 'distinct', scale: 0 },
    { name: 'agencies', kind: 'distinct', scale: 0 },
    { name: 'agencyCountries', kind: 'distinct', scale: 0 },
    YEAR_EVENTS_COLUMN_SPEC,
  ],
  consumes: { TrainingSessionRecorded: [1], TrainingSessionCorrected: [1], TrainingSessionWithdrawn: [1] },
  eventCount: 'distinct',
  yearEvents: YEAR_EVENTS_COLUMN,
  entityOf: trainingIdOf,
  apply(event, state) {
    let after: SessionState;
    switch (event.type) {
      case 'TrainingSessionRecorded': {
        if (state) throw new ProjectionRuleError(`training ${trainingIdOf(event)} was already recorded`);
        const { trainingId: _id, ...details } = event.data;
        after = { details, withdrawn: false };
        break;
      }
      case 'TrainingSessionCorrected':
        if (!state || state.withdrawn)
          throw new ProjectionRuleError(
            `training ${trainingIdOf(event)} is ${state ? 'withdrawn' : 'not recorded'}; it cannot be corrected`,
          );
        after = { details: { ...state.details, ...event.data.changes }, withdrawn: false };
        break;
      case 'TrainingSessionWithdrawn':
        if (!state || state.withdrawn)
          throw new ProjectionRuleError(`training ${trainingIdOf(event)} is ${state ? 'already withdrawn' : 'not recorded'}`);
        after = { ...state, withdrawn: true };
        break;
      default:
        return assertNever(event, 'training event');
    }
    const primaryAt = canonicalInstant((after.withdrawn ? state! : after).details.deliveredOn);
    const knownAt = knownSince(event, state?.knownSince);
    const contributions = withYearEventMarks(changedContributions(contributionsOf(state), contributionsOf(after), primaryAt));
    return { state: { ...after, knownSince: knownAt }, contributions, knownAt };
  },
  compute: (cell) => ({
    sessions: countValue(cell.sums.sessions),
    participants: countValue(cell.sums.participants),
    sessionDays: countValue(cell.sums.sessionDays),
    countries: cell.distinct.countries ?? 0,
    agencies: cell.distinct.agencies ?? 0,
    agencyCountries: cell.distinct.agencyCountries ?? 0,
    agencyCountryCodes: (cell.distinctItems?.agencyCountries ?? []).map((item) => item.slice(AGENCY_COUNTRY.length)).join(','),
  }),
});
