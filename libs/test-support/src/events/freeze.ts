import type { FreezeCorrected, FreezeReversed, FundsFrozen, FundsReleased, FundsReturned, FundsSeized } from '@ledger/domain';
import { correctionOf, eventBuilder, REVERSAL } from './event-builder';

/** One asset line of a freeze, release, seizure or return; its USD value is its amount unless given. */
export const assetLine = (asset: string, amount: string, usdValue = amount) => ({ asset, amount, usdValue });

const freezeId = 'frz-1';
const usdt = (amount: string) => [assetLine('USDT', amount)];

export const fundsFrozen = eventBuilder<FundsFrozen>('FundsFrozen', {
  freezeId,
  assets: usdt('1000'),
  frozenAt: '2024-05-02T14:00:00Z',
  reason: 'order',
  country: 'US',
});

export const fundsReleased = eventBuilder<FundsReleased>('FundsReleased', {
  freezeId,
  assets: usdt('400'),
  releasedAt: '2024-05-10T00:00:00Z',
  reason: 'order lifted',
});

export const fundsSeized = eventBuilder<FundsSeized>('FundsSeized', {
  freezeId,
  assets: usdt('400'),
  seizedAt: '2024-05-10T00:00:00Z',
  authority: 'DEA',
  orderReference: 'o-1',
});

export const fundsReturned = eventBuilder<FundsReturned>('FundsReturned', {
  freezeId,
  assets: usdt('300'),
  returnedAt: '2024-05-20T00:00:00Z',
});

export const freezeCorrected = eventBuilder<FreezeCorrected>('FreezeCorrected', { freezeId, ...correctionOf('case file says otherwise') });

export const freezeReversed = eventBuilder<FreezeReversed>('FreezeReversed', { freezeId, ...REVERSAL });
