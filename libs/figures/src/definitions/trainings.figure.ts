import { assertNever, type TrainingEvent, type TrainingSessionDetails } from '@ledger/domain';
import { canonicalInstant, epochMs } from '../model/business-time';
import { countValue } from './measure-math';
import { defineFigure, type FigureEvent } from './define-figure';
import { type ContributionDraft, ProjectionRuleError } from './figure-definition';

/** What the projection remembers of a session: what it currently contributes, so a change can retract it. */
interface SessionState {
  readonly details: TrainingSessionDetails;
  readonly withdrawn: boolean;
}

const DAY_MS = 86_400_000;
const trainingIdOf = (event: FigureEvent<TrainingEvent['type']>): string => event.data.trainingId;

/** Agencies are the same agency when country, kind-insensitive name match: "Policía Federal" twice is one. */
function agencyKey(agency: { name: string; country: string }): string {
  return `${agency.country}:${agency.name.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

function contributionsOf(details: TrainingSessionDetails, sign: bigint): ContributionDraft[] {
  const occurredAt = canonicalInstant(details.deliveredOn);
  const dims = [details.country, details.format, details.partner ?? ''] as const;
  const days = details.endsOn ? Math.round((epochMs(canonicalInstant(details.endsOn)) - epochMs(occurredAt)) / DAY_MS) + 1 : 1;
  const session: ContributionDraft = {
    occurredAt,
    dims,
    item: details.country,
    values: { sessions: sign, participants: sign * BigInt(details.participants), sessionDays: sign * BigInt(days), countries: sign },
  };
  const agencies = [...new Set(details.agencies.map(agencyKey))].sort();
  return [session, ...agencies.map((key) => ({ occurredAt, dims, item: key, values: { agencies: sign } }))];
}

export const trainingsFigure = defineFigure<TrainingEvent['type'], SessionState>({
  name: 'trainings',
  version: 1,
  title: 'Trainings and workshops delivered to law enforcement',
  methodology: [
    'A training session counts once, in the year and month of its first day (deliveredOn), in the country where it was delivered.',
    'sessions: sessions delivered. participants: sum of the participants recorded for each session. sessionDays: days of training (last day - first day + 1 per session). countries: distinct countries where sessions were delivered. agencies: distinct agencies trained (same country and same name, ignoring case and spacing, is one agency).',
    'A correction retracts everything the session contributed before and contributes the corrected session instead, so a session moved to another date or country moves with it. A withdrawn session drops out of every measure. Corrections and withdrawals take effect for answers known at or after their log position; an answer known at an earlier position shows the figure as it was then.',
    'Groupable by year, month, country, format (in_person, virtual, hybrid) and partner (the co-organiser, e.g. INTERPOL; null when none).',
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
  ],
  columns: [
    { name: 'sessions', kind: 'sum', scale: 0 },
    { name: 'participants', kind: 'sum', scale: 0 },
    { name: 'sessionDays', kind: 'sum', scale: 0 },
    { name: 'countries', kind: 'distinct', scale: 0 },
    { name: 'agencies', kind: 'distinct', scale: 0 },
  ],
  consumes: { TrainingSessionRecorded: [1], TrainingSessionCorrected: [1], TrainingSessionWithdrawn: [1] },
  entityOf: trainingIdOf,
  apply(event, state) {
    switch (event.type) {
      case 'TrainingSessionRecorded': {
        if (state) throw new ProjectionRuleError(`training ${trainingIdOf(event)} was already recorded`);
        const { trainingId: _id, ...details } = event.data;
        return { state: { details, withdrawn: false }, contributions: contributionsOf(details, 1n) };
      }
      case 'TrainingSessionCorrected': {
        if (!state || state.withdrawn)
          throw new ProjectionRuleError(
            `training ${trainingIdOf(event)} is ${state ? 'withdrawn' : 'not recorded'}; it cannot be corrected`,
          );
        const corrected = { ...state.details, ...event.data.changes };
        return {
          state: { details: corrected, withdrawn: false },
          contributions: [...contributionsOf(state.details, -1n), ...contributionsOf(corrected, 1n)],
        };
      }
      case 'TrainingSessionWithdrawn':
        if (!state || state.withdrawn)
          throw new ProjectionRuleError(`training ${trainingIdOf(event)} is ${state ? 'already withdrawn' : 'not recorded'}`);
        return { state: { ...state, withdrawn: true }, contributions: contributionsOf(state.details, -1n) };
      default:
        return assertNever(event, 'training event');
    }
  },
  compute: (cell) => ({
    sessions: countValue(cell.sums.sessions),
    participants: countValue(cell.sums.participants),
    sessionDays: countValue(cell.sums.sessionDays),
    countries: cell.distinct.countries ?? 0,
    agencies: cell.distinct.agencies ?? 0,
  }),
});
