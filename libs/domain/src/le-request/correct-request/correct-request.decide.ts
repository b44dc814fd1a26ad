import { applyChanges, replacedValues, requireChangedFields } from '../../shared/corrections';
import { requireText } from '../../shared/validation';
import { CORRECTABLE_REQUEST_FIELDS, type LawEnforcementRequestCorrected } from '../le-request.events';
import { checkRequestDetails, knownRequestFields, requireNotBeforeReceipt, requireRecordedRequest } from '../le-request.rules';
import type { LeRequestState } from '../le-request.state';
import type { CorrectRequest } from './correct-request.command';

export function correctRequest(command: CorrectRequest, state: LeRequestState): [LawEnforcementRequestCorrected] {
  const { requestId, changes, reason } = command.data;
  const recorded = requireRecordedRequest(requestId, state);
  requireText('reason', reason, 1000);
  const keys = requireChangedFields('request', changes, CORRECTABLE_REQUEST_FIELDS);
  const corrected = applyChanges(recorded.request, changes);
  checkRequestDetails(corrected, command.context.now);
  // What followed the receipt must still follow it.
  if (recorded.status === 'answered') {
    requireNotBeforeReceipt('request.answered_before_received', 'answeredAt', recorded.answeredAt, corrected);
    if (recorded.lastSupplementedAt !== undefined)
      requireNotBeforeReceipt('request.answered_before_received', 'supplementedAt', recorded.lastSupplementedAt, corrected);
  }
  if (recorded.status === 'withdrawn')
    requireNotBeforeReceipt('request.withdrawn_before_received', 'withdrawnAt', recorded.withdrawnAt, corrected);
  return [
    {
      type: 'LawEnforcementRequestCorrected',
      schemaVersion: 1,
      data: {
        requestId,
        changes: knownRequestFields(changes),
        replaces: replacedValues(keys, recorded.request) as LawEnforcementRequestCorrected['data']['replaces'],
        reason,
        correctedAt: command.context.now,
      },
    },
  ];
}
