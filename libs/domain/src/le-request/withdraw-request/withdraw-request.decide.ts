import { requirePastTime, requireText } from '../../shared/validation';
import type { LawEnforcementRequestWithdrawn } from '../le-request.events';
import { requireNotBeforeReceipt, requireOpenRequest } from '../le-request.rules';
import type { LeRequestState } from '../le-request.state';
import type { WithdrawRequest } from './withdraw-request.command';

export function withdrawRequest(command: WithdrawRequest, state: LeRequestState): [LawEnforcementRequestWithdrawn] {
  const { requestId, reason } = command.data;
  const withdrawnAt = command.data.withdrawnAt ?? command.context.now;
  const open = requireOpenRequest(requestId, state);
  requireText('reason', reason, 1000);
  requirePastTime('withdrawnAt', withdrawnAt, command.context.now, 'instant');
  requireNotBeforeReceipt('request.withdrawn_before_received', 'withdrawnAt', withdrawnAt, open.request);
  return [{ type: 'LawEnforcementRequestWithdrawn', schemaVersion: 1, data: { requestId, withdrawnAt, reason } }];
}
