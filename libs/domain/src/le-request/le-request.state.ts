import { applyChanges } from '../shared/corrections';
import { assertNever } from '../shared/domain-event';
import type { LawEnforcementRequestReceived, LeRequestEvent, RequestOutcome } from './le-request.events';

/** The request as it stands: as received, with every correction applied. */
export type ReceivedRequest = LawEnforcementRequestReceived['data'];

export type LeRequestState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly request: ReceivedRequest }
  | {
      readonly status: 'answered';
      readonly request: ReceivedRequest;
      /** The first answer: the response time. */
      readonly answeredAt: string;
      /** The outcome after the latest supplement, if any. */
      readonly outcome: RequestOutcome;
      readonly lastSupplementedAt?: string;
    }
  | { readonly status: 'withdrawn'; readonly request: ReceivedRequest; readonly withdrawnAt: string }
  | { readonly status: 'reversed'; readonly request: ReceivedRequest; readonly reversedAt: string };

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
    case 'LawEnforcementRequestCorrected':
      if (state.status === 'none') return state;
      return { ...state, request: applyChanges(state.request, event.data.changes) };
    case 'LawEnforcementRequestReversed':
      if (state.status === 'none') return state;
      return { status: 'reversed', request: state.request, reversedAt: event.data.reversedAt };
    case 'LawEnforcementRequestAnswerSupplemented':
      if (state.status !== 'answered') return state;
      return { ...state, outcome: event.data.outcome, lastSupplementedAt: event.data.supplementedAt };
    default:
      return assertNever(event, 'law-enforcement request event');
  }
}
