import type { FreezeCorrected, FreezeReversed, FundsFrozen, FundsReleased, FundsReturned, FundsSeized } from '@ledger/domain';
import { DECIDED_AT, eventBuilder } from './event-builder';

/** One asset line of a freeze, release, seizure or return; its USD value is its amount unless given. */
export const assetLine = (asset: string, amount: string, usdValue = amount) => ({ asset, amount, usdValue });

export const fundsFrozen = eventBuilder<FundsFrozen>('FundsFrozen', {
  freezeId: 'frz-1',
  assets: [assetLine('USDT', '1000')],
  frozenAt: '2024-05-02T14:00:00Z',
  reason: 'order',
  country: 'US',
});

export const fundsReleased = eventBuilder<FundsReleased>('FundsReleased', {
  freezeId: 'frz-1',
  assets: [assetLine('USDT', '400')],
  releasedAt: '2024-05-10T00:00:00Z',
  reason: 'order lifted',
});

export const fundsSeized = eventBuilder<FundsSeized>('FundsSeized', {
  freezeId: 'frz-1',
  assets: [assetLine('USDT', '400')],
  seizedAt: '2024-05-10T00:00:00Z',
  authority: 'DEA',
  orderReference: 'o-1',
});

export const fundsReturned = eventBuilder<FundsReturned>('FundsReturned', {
  freezeId: 'frz-1',
  assets: [assetLine('USDT', '300')],
  returnedAt: '2024-05-20T00:00:00Z',
});

export const freezeCorrected = eventBuilder<FreezeCorrected>('FreezeCorrected', {
  freezeId: 'frz-1',
  changes: {},
  replaces: {},
  reason: 'case file says otherwise',
  correctedAt: DECIDED_AT,
});

export const freezeReversed = eventBuilder<FreezeReversed>('FreezeReversed', { freezeId: 'frz-1', reason: 'recorded in error', reversedAt: DECIDED_AT });
