import { assertNever } from '../shared/domain-event';
import { canonical, sum } from '../shared/money';
import { compareTimes } from '../shared/validation';
import type { IncidentEvent, IncidentKind } from './incident.events';

interface ReportedIncident {
  readonly incidentId: string;
  readonly kind: IncidentKind;
  readonly reportedAt: string;
  readonly country: string;
  /** Canonical decimal strings, USD. */
  readonly stolenUsd: string;
  readonly recoveredUsd: string;
  /** Earliest recovery: a corrected report time may not move after it. */
  readonly firstRecoveredAt?: string;
}

export type IncidentState =
  | { readonly status: 'none' }
  | ({ readonly status: 'reported' } & ReportedIncident)
  | ({ readonly status: 'reversed'; readonly reversedAt: string } & ReportedIncident);

export const initialIncidentState: IncidentState = { status: 'none' };

/** Folds recorded facts; a recovery with no report before it leaves the state as it was. */
export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'StolenFundsReported': {
      const { incidentId, kind, reportedAt, usdValue, country } = event.data;
      return { status: 'reported', incidentId, kind, reportedAt, country, stolenUsd: canonical(usdValue), recoveredUsd: '0' };
    }
    case 'FundsRecovered': {
      if (state.status === 'none') return state;
      const at = event.data.recoveredAt;
      const firstRecoveredAt =
        state.firstRecoveredAt === undefined || compareTimes(at, state.firstRecoveredAt) < 0 ? at : state.firstRecoveredAt;
      return { ...state, recoveredUsd: canonical(sum([state.recoveredUsd, event.data.usdValue])), firstRecoveredAt };
    }
    case 'IncidentCorrected': {
      if (state.status === 'none') return state;
      const { usdValue, ...rest } = event.data.changes;
      return { ...state, ...rest, ...(usdValue !== undefined && { stolenUsd: canonical(usdValue) }) };
    }
    case 'IncidentReversed':
      if (state.status === 'none') return state;
      return { ...state, status: 'reversed', reversedAt: event.data.reversedAt };
    default:
      return assertNever(event, 'incident event');
  }
}
