import { conflict, notFound } from '../shared/domain-error';
import { MAX_USD_DECIMALS } from '../shared/money';
import { requireCountry, requireDecimal, requireOneOf, requirePastTime } from '../shared/validation';
import { INCIDENT_KINDS, type IncidentDetails } from './incident.events';
import type { IncidentState } from './incident.state';

/** An incident must be reported and not reversed: nothing follows a reversal. */
export function requireIncident(incidentId: string, state: IncidentState): Extract<IncidentState, { status: 'reported' }> {
  if (state.status === 'none') throw notFound('incident.not_found', `incident ${incidentId} does not exist; report the stolen funds first`);
  if (state.status === 'reversed') {
    throw conflict(
      'incident.reversed',
      `incident ${incidentId} was reversed at ${state.reversedAt} as recorded in error; nothing may follow a reversal`,
      { reversedAt: state.reversedAt },
    );
  }
  return state;
}

/** Checks a full set of incident details; used on report and on the merged result of a correction. */
export function checkIncidentDetails(details: IncidentDetails, now: string): void {
  requireDecimal('usdValue', details.usdValue, MAX_USD_DECIMALS, { positive: true });
  requirePastTime('reportedAt', details.reportedAt, now);
  requireOneOf('kind', details.kind, INCIDENT_KINDS);
  requireCountry('country', details.country);
}
