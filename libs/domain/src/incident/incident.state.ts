import { assertNever } from '../shared/domain-event';
import { canonical, sum } from '../shared/money';
import type { IncidentEvent, IncidentKind } from './incident.events';

export type IncidentState =
  | { readonly status: 'none' }
  | {
      readonly status: 'reported';
      readonly incidentId: string;
      readonly kind: IncidentKind;
      readonly reportedAt: string;
      /** Canonical decimal strings, USD. */
      readonly stolenUsd: string;
      readonly recoveredUsd: string;
    };

export const initialIncidentState: IncidentState = { status: 'none' };

/** Folds recorded facts; a recovery with no report before it leaves the state as it was. */
export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'StolenFundsReported': {
      const { incidentId, kind, reportedAt, usdValue } = event.data;
      return { status: 'reported', incidentId, kind, reportedAt, stolenUsd: canonical(usdValue), recoveredUsd: '0' };
    }
    case 'FundsRecovered':
      if (state.status === 'none') return state;
      return { ...state, recoveredUsd: canonical(sum([state.recoveredUsd, event.data.usdValue])) };
    default:
      return assertNever(event, 'incident event');
  }
}
