import { requireText } from '../../shared/validation';
import type { LawEnforcementRequestReversed } from '../le-request.events';
import { requireRecordedRequest } from '../le-request.rules';
import type { LeRequestState } from '../le-request.state';
import type { ReverseRequest } from './reverse-request.command';

export function reverseRequest(command: ReverseRequest, state: LeRequestState): [LawEnforcementRequestReversed] {
  const { requestId, reason } = command.data;
  requireRecordedRequest(requestId, state);
  requireText('reason', reason, 1000);
  return [{ type: 'LawEnforcementRequestReversed', schemaVersion: 1, data: { requestId, reason, reversedAt: command.context.now } }];
}
