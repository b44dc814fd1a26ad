import type { DomainEvent } from '../shared/domain-event';

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

export type IncidentEvent = StolenFundsReported | FundsRecovered;
export const INCIDENT_EVENT_TYPES = ['StolenFundsReported', 'FundsRecovered'] as const;
