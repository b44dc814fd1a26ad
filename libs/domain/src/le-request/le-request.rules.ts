import { conflict, notFound } from '../shared/domain-error';
import { isNotBefore } from '../shared/validation';
import type { LeRequestState, ReceivedRequest } from './le-request.state';

/** A request must exist and still be open for an answer or a withdrawal. */
export function requireOpenRequest(requestId: string, state: LeRequestState): Extract<LeRequestState, { status: 'open' }> {
  if (state.status === 'none') throw notFound('request.not_found', `request ${requestId} does not exist; receive it first`);
  if (state.status === 'answered') {
    throw conflict('request.already_answered', `request ${requestId} was already answered at ${state.answeredAt}; a request is answered once`, {
      answeredAt: state.answeredAt,
    });
  }
  if (state.status === 'withdrawn') {
    throw conflict('request.withdrawn', `request ${requestId} was withdrawn at ${state.withdrawnAt}; it can no longer be answered or withdrawn`, {
      withdrawnAt: state.withdrawnAt,
    });
  }
  return state;
}

/** Nothing happens to a request before it arrived. */
export function requireNotBeforeReceipt(code: string, field: string, time: string, request: ReceivedRequest): void {
  if (!isNotBefore(time, request.receivedAt)) {
    throw conflict(code, `${field} ${time} is before the request was received (${request.receivedAt}); expected a time at or after it`, {
      field,
      value: time,
      receivedAt: request.receivedAt,
    });
  }
}
