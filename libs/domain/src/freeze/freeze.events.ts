import type { DomainEvent } from '../shared/domain-event';
import type { EventSchema } from '../shared/upcasting';
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

/** The fields of a freeze a correction may change. Amounts are not among them: a wrong amount is reversed and recorded again. */
export interface FreezeDetails {
  readonly frozenAt: string;
  readonly reason: string;
  readonly country: string;
  readonly requestId?: string;
  readonly incidentId?: string;
}
export const CORRECTABLE_FREEZE_FIELDS = [
  'frozenAt',
  'reason',
  'country',
  'requestId',
  'incidentId',
] as const satisfies readonly (keyof FreezeDetails)[];

/**
 * A correction replaces some recorded fields of the freeze; it says what it replaces (null: the field was not set)
 * and why. `requestId: null` or `incidentId: null` in `changes` removes a link recorded in error.
 */
export type FreezeCorrected = DomainEvent<
  'FreezeCorrected',
  {
    readonly freezeId: string;
    readonly changes: Partial<Omit<FreezeDetails, 'requestId' | 'incidentId'>> & {
      readonly requestId?: string | null;
      readonly incidentId?: string | null;
    };
    readonly replaces: Partial<{ readonly [K in keyof FreezeDetails]: FreezeDetails[K] | null }>;
    readonly reason: string;
    readonly correctedAt: string;
  },
  1
>;

/** The freeze was recorded in error: it and all its releases, seizures and returns drop out of every figure; nothing may follow. */
export type FreezeReversed = DomainEvent<
  'FreezeReversed',
  { readonly freezeId: string; readonly reason: string; readonly reversedAt: string },
  1
>;

export type FreezeEvent = FundsFrozen | FundsReleased | FundsSeized | FundsReturned | FreezeCorrected | FreezeReversed;
export const FREEZE_EVENT_TYPES = [
  'FundsFrozen',
  'FundsReleased',
  'FundsSeized',
  'FundsReturned',
  'FreezeCorrected',
  'FreezeReversed',
] as const satisfies readonly FreezeEvent['type'][];

/** Current schema version of each freeze event, with the upcasters that read older ones (none yet: every event is at 1). */
export const FREEZE_EVENT_SCHEMAS: Readonly<Record<FreezeEvent['type'], EventSchema>> = {
  FundsFrozen: { current: 1 },
  FundsReleased: { current: 1 },
  FundsSeized: { current: 1 },
  FundsReturned: { current: 1 },
  FreezeCorrected: { current: 1 },
  FreezeReversed: { current: 1 },
};
