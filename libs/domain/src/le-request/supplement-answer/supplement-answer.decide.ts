import { conflict } from '../../shared/domain-error';
import { isNotBefore, requireOneOf, requirePastTime, requireText } from '../../shared/validation';
import { REQUEST_OUTCOMES, type LawEnforcementRequestAnswerSupplemented } from '../le-request.events';
import { requireRecordedRequest } from '../le-request.rules';
import type { LeRequestState } from '../le-request.state';
import type { SupplementAnswer } from './supplement-answer.command';

export function supplementAnswer(command: SupplementAnswer, state: LeRequestState): [LawEnforcementRequestAnswerSupplemented] {
  const { requestId, outcome, note } = command.data;
  const supplementedAt = command.data.supplementedAt ?? command.context.now;
  const recorded = requireRecordedRequest(requestId, state);
  if (recorded.status !== 'answered') {
    throw conflict(
      'request.not_answered',
      `request ${requestId} is ${recorded.status}; only an answered request can get a supplementary answer`,
      { status: recorded.status },
    );
  }
  requirePastTime('supplementedAt', supplementedAt, command.context.now, 'instant');
  requireOneOf('outcome', outcome, REQUEST_OUTCOMES);
  if (note !== undefined) requireText('note', note, 1000);
  const after = recorded.lastSupplementedAt ?? recorded.answeredAt;
  if (!isNotBefore(supplementedAt, after)) {
    throw conflict(
      'request.supplemented_before_answer',
      `supplementedAt ${supplementedAt} is before ${after}, the answer (or the latest supplement); expected a time at or after it`,
      {
        supplementedAt,
        after,
      },
    );
  }
  const data: LawEnforcementRequestAnswerSupplemented['data'] = { requestId, supplementedAt, outcome, ...(note !== undefined && { note }) };
  return [{ type: 'LawEnforcementRequestAnswerSupplemented', schemaVersion: 1, data }];
}
