import { conflict } from '../../shared/domain-error';
import { requireAggregateId } from '../../shared/validation';
import type { LawEnforcementRequestReceived } from '../le-request.events';
import { checkRequestDetails, knownRequestFields } from '../le-request.rules';
import type { LeRequestState } from '../le-request.state';
import type { ReceiveRequest } from './receive-request.command';

export function receiveRequest(command: ReceiveRequest, state: LeRequestState): [LawEnforcementRequestReceived] {
  const { requestId } = command.data;
  if (state.status !== 'none') throw conflict('request.already_received', `request ${requestId} is already recorded`);
  requireAggregateId('requestId', requestId);
  checkRequestDetails(command.data, command.context.now);
  // Only the known fields go into the fact: an event is kept (and hashed) forever.
  const data: LawEnforcementRequestReceived['data'] = { requestId, ...knownRequestFields(command.data) };
  return [{ type: 'LawEnforcementRequestReceived', schemaVersion: 1, data }];
}
