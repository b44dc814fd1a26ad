import type { DomainEvent } from '../shared/domain-event';
import type { AssetAmount } from '../shared/types';

export type FundsFrozen = DomainEvent<
  'FundsFrozen',
  {
    readonly freezeId: string;
    readonly assets: readonly AssetAmount[];
    readonly frozenAt: string;
    readonly reason: string;
    /** Jurisdiction the freeze is attributed to (ISO 3166-1 alpha-2). */
    readonly country: string;
    readonly requestId?: string;
    readonly incidentId?: string;
    /** Keyed pseudonyms of the accounts frozen; never raw account identifiers. */
    readonly accounts?: readonly string[];
  },
  1
>;

export type FundsReleased = DomainEvent<
  'FundsReleased',
  { readonly freezeId: string; readonly assets: readonly AssetAmount[]; readonly releasedAt: string; readonly reason: string },
  1
>;

export type FundsSeized = DomainEvent<
  'FundsSeized',
  {
    readonly freezeId: string;
    readonly assets: readonly AssetAmount[];
    readonly seizedAt: string;
    readonly authority: string;
    readonly orderReference: string;
  },
  1
>;

export type FundsReturned = DomainEvent<
  'FundsReturned',
  { readonly freezeId: string; readonly assets: readonly AssetAmount[]; readonly returnedAt: string; readonly incidentId?: string },
  1
>;

export type FreezeEvent = FundsFrozen | FundsReleased | FundsSeized | FundsReturned;
export const FREEZE_EVENT_TYPES = ['FundsFrozen', 'FundsReleased', 'FundsSeized', 'FundsReturned'] as const;
