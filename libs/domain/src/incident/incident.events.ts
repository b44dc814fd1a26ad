import type { DomainEvent } from '../shared/domain-event';
import type { EventSchema } from '../shared/upcasting';

export const INCIDENT_KINDS = ['hack', 'scam', 'ransomware', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export type StolenFundsReported = DomainEvent<
  'StolenFundsReported',
  {
    readonly incidentId: string;
    readonly usdValue: string;
    readonly reportedAt: string;
    readonly kind: IncidentKind;
    /** Jurisdiction of the victims (ISO 3166-1 alpha-2). */
    readonly country: string;
  },
  1
>;

export type FundsRecovered = DomainEvent<
  'FundsRecovered',
  { readonly incidentId: string; readonly usdValue: string; readonly recoveredAt: string; readonly freezeId?: string },
  1
>;

/** The fields of a reported theft a correction may change. */
export type IncidentDetails = Omit<StolenFundsReported['data'], 'incidentId'>;
export const CORRECTABLE_INCIDENT_FIELDS = [
  'usdValue',
  'reportedAt',
  'kind',
  'country',
] as const satisfies readonly (keyof IncidentDetails)[];

/** A correction replaces some recorded fields of the theft; it says what it replaces and why. Recovered <= stolen still holds. */
export type IncidentCorrected = DomainEvent<
  'IncidentCorrected',
  {
    readonly incidentId: string;
    readonly changes: Partial<IncidentDetails>;
    readonly replaces: Partial<IncidentDetails>;
    readonly reason: string;
    readonly correctedAt: string;
  },
  1
>;

/** The incident was recorded in error: it and its recoveries drop out of every figure; nothing may follow. */
export type IncidentReversed = DomainEvent<
  'IncidentReversed',
  { readonly incidentId: string; readonly reason: string; readonly reversedAt: string },
  1
>;

export type IncidentEvent = StolenFundsReported | FundsRecovered | IncidentCorrected | IncidentReversed;
export const INCIDENT_EVENT_TYPES = [
  'StolenFundsReported',
  'FundsRecovered',
  'IncidentCorrected',
  'IncidentReversed',
] as const satisfies readonly IncidentEvent['type'][];

/** Current schema version of each incident event, with the upcasters that read older ones (none yet: every event is at 1). */
export const INCIDENT_EVENT_SCHEMAS: Readonly<Record<IncidentEvent['type'], EventSchema>> = {
  StolenFundsReported: { current: 1 },
  FundsRecovered: { current: 1 },
  IncidentCorrected: { current: 1 },
  IncidentReversed: { current: 1 },
};
