import type { DomainEvent } from '../shared/domain-event';
import type { EventSchema } from '../shared/upcasting';
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

/** The fields of a received request that a correction may change. */
export type RequestDetails = Omit<LawEnforcementRequestReceived['data'], 'requestId'>;
export const CORRECTABLE_REQUEST_FIELDS = [
  'agency',
  'kind',
  'receivedAt',
  'dueBy',
  'reference',
] as const satisfies readonly (keyof RequestDetails)[];

/**
 * A correction replaces some recorded fields of the request; it says what it replaces (null: the field was not
 * set) and why. `dueBy: null` in `changes` removes the deadline. The actor is in the metadata.
 */
export type LawEnforcementRequestCorrected = DomainEvent<
  'LawEnforcementRequestCorrected',
  {
    readonly requestId: string;
    readonly changes: Partial<Omit<RequestDetails, 'dueBy'>> & { readonly dueBy?: string | null };
    readonly replaces: Partial<{ readonly [K in keyof RequestDetails]: RequestDetails[K] | null }>;
    readonly reason: string;
    readonly correctedAt: string;
  },
  1
>;

/**
 * The record was made in error (no such request ever arrived): it drops out of every figure, and nothing may
 * follow it. Not a withdrawal, which is a real request the agency took back.
 */
export type LawEnforcementRequestReversed = DomainEvent<
  'LawEnforcementRequestReversed',
  { readonly requestId: string; readonly reason: string; readonly reversedAt: string },
  1
>;

/**
 * More was sent after the answer. `outcome` is the request's outcome after the supplement; the first answer's
 * answeredAt stays the response time.
 */
export type LawEnforcementRequestAnswerSupplemented = DomainEvent<
  'LawEnforcementRequestAnswerSupplemented',
  { readonly requestId: string; readonly supplementedAt: string; readonly outcome: RequestOutcome; readonly note?: string },
  1
>;

export type LeRequestEvent =
  | LawEnforcementRequestReceived
  | LawEnforcementRequestAnswered
  | LawEnforcementRequestWithdrawn
  | LawEnforcementRequestCorrected
  | LawEnforcementRequestReversed
  | LawEnforcementRequestAnswerSupplemented;
export const LE_REQUEST_EVENT_TYPES = [
  'LawEnforcementRequestReceived',
  'LawEnforcementRequestAnswered',
  'LawEnforcementRequestWithdrawn',
  'LawEnforcementRequestCorrected',
  'LawEnforcementRequestReversed',
  'LawEnforcementRequestAnswerSupplemented',
] as const satisfies readonly LeRequestEvent['type'][];

/** Current schema version of each request event, with the upcasters that read older ones (none yet: every event is at 1). */
export const LE_REQUEST_EVENT_SCHEMAS: Readonly<Record<LeRequestEvent['type'], EventSchema>> = {
  LawEnforcementRequestReceived: { current: 1 },
  LawEnforcementRequestAnswered: { current: 1 },
  LawEnforcementRequestWithdrawn: { current: 1 },
  LawEnforcementRequestCorrected: { current: 1 },
  LawEnforcementRequestReversed: { current: 1 },
  LawEnforcementRequestAnswerSupplemented: { current: 1 },
};
