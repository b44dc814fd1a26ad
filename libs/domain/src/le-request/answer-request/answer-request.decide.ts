import { requireOneOf, requirePastTime } from '../../shared/validation';
import { REQUEST_OUTCOMES, type LawEnforcementRequestAnswered } from '../le-request.events';
import { requireNotBeforeReceipt, requireOpenRequest } from '../le-request.rules';
import type { LeRequestState } from '../le-request.state';
import type { AnswerRequest } from './answer-request.command';

export function answerRequest(command: AnswerRequest, state: LeRequestState): [LawEnforcementRequestAnswered] {
  const { requestId, answeredAt, outcome } = command.data;
  const open = requireOpenRequest(requestId, state);
  requirePastTime('answeredAt', answeredAt, command.context.now, 'instant');
  requireOneOf('outcome', outcome, REQUEST_OUTCOMES);
  requireNotBeforeReceipt('request.answered_before_received', 'answeredAt', answeredAt, open.request);
  return [{ type: 'LawEnforcementRequestAnswered', schemaVersion: 1, data: { requestId, answeredAt, outcome } }];
}
