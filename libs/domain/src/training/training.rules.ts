import { invalid } from '../shared/domain-error';
import { AGENCY_KINDS, type Agency } from '../shared/types';
import { compareTimes, requireBusinessTime, requireCountry, requireOneOf, requirePositiveInteger, requireText } from '../shared/validation';
import { TRAINING_FORMATS, type TrainingSessionDetails } from './training.events';

/**
 * Most people one session may report. Figures sum participants as exact counts (safe integers): with this bound
 * billions of sessions still sum exactly, where 2^53-1 per session overflowed at two.
 */
export const MAX_PARTICIPANTS = 1_000_000;

/** Checks a full set of session details; used on record and on the merged result of a correction. */
export function checkSessionDetails(details: TrainingSessionDetails, now: string): void {
  requireBusinessTime('deliveredOn', details.deliveredOn, now, 'date');
  if (details.endsOn !== undefined) {
    requireBusinessTime('endsOn', details.endsOn, now, 'date');
    if (compareTimes(details.endsOn, details.deliveredOn) < 0) {
      throw invalid('training.ends_before_start', `endsOn ${details.endsOn} is before deliveredOn ${details.deliveredOn}`);
    }
  }
  requireCountry('country', details.country);
  if (details.city !== undefined) requireText('city', details.city, 100);
  requireOneOf('format', details.format, TRAINING_FORMATS);
  requirePositiveInteger('participants', details.participants, MAX_PARTICIPANTS);
  if (!Array.isArray(details.agencies) || details.agencies.length === 0) {
    throw invalid('training.no_agency', 'agencies must list at least one agency');
  }
  details.agencies.forEach((agency: Agency, i) => {
    requireText(`agencies[${i}].name`, agency.name, 200);
    requireOneOf(`agencies[${i}].kind`, agency.kind, AGENCY_KINDS);
    requireCountry(`agencies[${i}].country`, agency.country);
  });
  if (!Array.isArray(details.topics)) throw invalid('training.topics', 'topics must be a list of strings');
  details.topics.forEach((topic, i) => requireText(`topics[${i}]`, topic, 200));
  if (details.partner !== undefined) requireText('partner', details.partner, 200);
}

/** Only the known fields go into a fact (an event is kept and hashed forever); callers' extra fields are dropped. */
export function knownSessionFields<T extends Partial<TrainingSessionDetails>>(details: T): Partial<TrainingSessionDetails> {
  const picked: Record<string, unknown> = {};
  const fields: (keyof TrainingSessionDetails)[] = [
    'deliveredOn',
    'endsOn',
    'country',
    'city',
    'format',
    'agencies',
    'participants',
    'topics',
    'partner',
  ];
  for (const field of fields) {
    if (details[field] === undefined) continue;
    picked[field] =
      field === 'agencies'
        ? (details.agencies ?? []).map(({ name, kind, country }) => ({ name, kind, country }))
        : field === 'topics'
          ? [...(details.topics ?? [])]
          : details[field];
  }
  return picked as Partial<TrainingSessionDetails>;
}
