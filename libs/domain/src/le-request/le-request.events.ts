import type { DomainEvent } from '../shared/domain-event';
import type { Agency } from '../shared/types';

export const REQUEST_KINDS = ['information', 'freeze', 'seizure', 'preservation', 'emergency'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_OUTCOMES = ['disclosed', 'partially_disclosed', 'no_data', 'rejected'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export type LawEnforcementRequestReceived = DomainEvent<
  'LawEnforcementRequestReceived',
  {
    readonly requestId: string;
    readonly agency: Agency;
    readonly kind: RequestKind;
    /** ISO instant */
    readonly receivedAt: string;
    /** ISO instant or date */
    readonly dueBy?: string;
    /** The agency's own reference (case or letter number). */
    readonly reference: string;
  },
  1
>;

export type LawEnforcementRequestAnswered = DomainEvent<
  'LawEnforcementRequestAnswered',
  { readonly requestId: string; readonly answeredAt: string; readonly outcome: RequestOutcome },
  1
>;

export type LawEnforcementRequestWithdrawn = DomainEvent<
  'LawEnforcementRequestWithdrawn',
  { readonly requestId: string; readonly withdrawnAt: string; readonly reason: string },
  1
>;

export type LeRequestEvent = LawEnforcementRequestReceived | LawEnforcementRequestAnswered | LawEnforcementRequestWithdrawn;
export const LE_REQUEST_EVENT_TYPES = ['LawEnforcementRequestReceived', 'LawEnforcementRequestAnswered', 'LawEnforcementRequestWithdrawn'] as const;
