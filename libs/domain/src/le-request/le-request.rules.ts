import { conflict, invalid, notFound } from '../shared/domain-error';
import { AGENCY_KINDS, type Agency } from '../shared/types';
import { isNotBefore, requireCountry, requireOneOf, requirePastTime, requireText, requireTimeShape } from '../shared/validation';
import { CORRECTABLE_REQUEST_FIELDS, REQUEST_KINDS, type RequestDetails } from './le-request.events';
import type { LeRequestState, ReceivedRequest } from './le-request.state';

type Recorded = Exclude<LeRequestState, { status: 'none' } | { status: 'reversed' }>;

/** A request must exist and not be reversed: nothing follows a reversal. */
export function requireRecordedRequest(requestId: string, state: LeRequestState): Recorded {
  if (state.status === 'none') throw notFound('request.not_found', `request ${requestId} does not exist; receive it first`);
  if (state.status === 'reversed') {
    throw conflict(
      'request.reversed',
      `request ${requestId} was reversed at ${state.reversedAt} as recorded in error; nothing may follow a reversal`,
      {
        reversedAt: state.reversedAt,
      },
    );
  }
  return state;
}

/** A request must exist and still be open for an answer or a withdrawal. */
export function requireOpenRequest(requestId: string, state: LeRequestState): Extract<LeRequestState, { status: 'open' }> {
  const recorded = requireRecordedRequest(requestId, state);
  if (recorded.status === 'answered') {
    throw conflict(
      'request.already_answered',
      `request ${requestId} was already answered at ${recorded.answeredAt}; a request is answered once`,
      {
        answeredAt: recorded.answeredAt,
      },
    );
  }
  if (recorded.status === 'withdrawn') {
    throw conflict(
      'request.withdrawn',
      `request ${requestId} was withdrawn at ${recorded.withdrawnAt}; it can no longer be answered or withdrawn`,
      {
        withdrawnAt: recorded.withdrawnAt,
      },
    );
  }
  return recorded;
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

/** Checks a full set of request details; used on receipt and on the merged result of a correction. */
export function checkRequestDetails(details: RequestDetails, now: string): void {
  const { agency, kind, receivedAt, dueBy, reference } = details;
  if (typeof agency !== 'object' || agency === null) {
    throw invalid('request.invalid_agency', 'agency must be an object {name, kind, country}');
  }
  requireText('agency.name', agency.name, 200);
  requireOneOf('agency.kind', agency.kind, AGENCY_KINDS);
  requireCountry('agency.country', agency.country);
  requireOneOf('kind', kind, REQUEST_KINDS);
  requirePastTime('receivedAt', receivedAt, now, 'instant');
  if (dueBy !== undefined) {
    requireTimeShape('dueBy', dueBy);
    if (!isNotBefore(dueBy, receivedAt)) {
      throw invalid(
        'request.due_before_received',
        `dueBy ${dueBy} is before receivedAt ${receivedAt}; a deadline must be at or after receipt`,
        {
          dueBy,
          receivedAt,
        },
      );
    }
  }
  requireText('reference', reference, 200);
}

/** Only the known fields go into a fact (an event is kept and hashed forever); callers' extra fields are dropped. */
export function knownRequestFields<T extends Partial<Record<keyof RequestDetails, unknown>>>(details: T): Omit<T, 'requestId'> {
  const picked: Record<string, unknown> = {};
  for (const field of CORRECTABLE_REQUEST_FIELDS) {
    const value = details[field];
    if (value === undefined) continue;
    picked[field] =
      field === 'agency' && value !== null
        ? { name: (value as Agency).name, kind: (value as Agency).kind, country: (value as Agency).country }
        : value;
  }
  return picked as Omit<T, 'requestId'>;
}
