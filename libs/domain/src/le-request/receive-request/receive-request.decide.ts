import { conflict, invalid } from '../../shared/domain-error';
import { AGENCY_KINDS } from '../../shared/types';
import {
  isNotBefore,
  requireAggregateId,
  requireCountry,
  requireOneOf,
  requirePastTime,
  requireText,
  requireTimeShape,
} from '../../shared/validation';
import { REQUEST_KINDS, type LawEnforcementRequestReceived } from '../le-request.events';
import type { LeRequestState } from '../le-request.state';
import type { ReceiveRequest } from './receive-request.command';

export function receiveRequest(command: ReceiveRequest, state: LeRequestState): [LawEnforcementRequestReceived] {
  const { requestId, agency, kind, receivedAt, dueBy, reference } = command.data;
  if (state.status !== 'none') throw conflict('request.already_received', `request ${requestId} is already recorded`);
  requireAggregateId('requestId', requestId);
  if (typeof agency !== 'object' || agency === null) {
    throw invalid('request.invalid_agency', 'agency must be an object {name, kind, country}');
  }
  requireText('agency.name', agency.name, 200);
  requireOneOf('agency.kind', agency.kind, AGENCY_KINDS);
  requireCountry('agency.country', agency.country);
  requireOneOf('kind', kind, REQUEST_KINDS);
  requirePastTime('receivedAt', receivedAt, command.context.now, 'instant');
  if (dueBy !== undefined) {
    requireTimeShape('dueBy', dueBy);
    if (!isNotBefore(dueBy, receivedAt)) {
      throw invalid('request.due_before_received', `dueBy ${dueBy} is before receivedAt ${receivedAt}; a deadline must be at or after receipt`, {
        dueBy,
        receivedAt,
      });
    }
  }
  requireText('reference', reference, 200);
  // Only the known fields go into the fact: an event is kept (and hashed) forever.
  const data: LawEnforcementRequestReceived['data'] = {
    requestId,
    agency: { name: agency.name, kind: agency.kind, country: agency.country },
    kind,
    receivedAt,
    ...(dueBy !== undefined && { dueBy }),
    reference,
  };
  return [{ type: 'LawEnforcementRequestReceived', schemaVersion: 1, data }];
}
