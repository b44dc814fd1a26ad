import { assertNever } from '../shared/domain-event';
import type { LawEnforcementRequestReceived, LeRequestEvent, RequestOutcome } from './le-request.events';

export type ReceivedRequest = LawEnforcementRequestReceived['data'];

export type LeRequestState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly request: ReceivedRequest }
  | { readonly status: 'answered'; readonly request: ReceivedRequest; readonly answeredAt: string; readonly outcome: RequestOutcome }
  | { readonly status: 'withdrawn'; readonly request: ReceivedRequest; readonly withdrawnAt: string };

export const initialLeRequestState: LeRequestState = { status: 'none' };

/** Folds recorded facts; an event that cannot apply (e.g. an answer with no request) leaves the state as it was. */
export function evolveLeRequest(state: LeRequestState, event: LeRequestEvent): LeRequestState {
  switch (event.type) {
    case 'LawEnforcementRequestReceived':
      return { status: 'open', request: event.data };
    case 'LawEnforcementRequestAnswered':
      if (state.status === 'none') return state;
      return { status: 'answered', request: state.request, answeredAt: event.data.answeredAt, outcome: event.data.outcome };
    case 'LawEnforcementRequestWithdrawn':
      if (state.status === 'none') return state;
      return { status: 'withdrawn', request: state.request, withdrawnAt: event.data.withdrawnAt };
    default:
      return assertNever(event, 'law-enforcement request event');
  }
}
