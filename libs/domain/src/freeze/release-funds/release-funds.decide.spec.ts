import { assetLine, context, fundsFrozen, fundsReleased, fundsSeized, spec } from '@ledger/test-support';
import { freezeDecider, type FundsReleased, type ReleaseFunds } from '@ledger/domain';

const frozen = fundsFrozen({
  assets: [assetLine('BTC', '2.5', '150000'), assetLine('USDT', '1000')],
  reason: 'suspected scam proceeds',
  country: 'AR',
});
const seized = fundsSeized({
  assets: [assetLine('BTC', '2', '120000')],
  seizedAt: '2024-06-01T00:00:00Z',
  authority: 'Juzgado Federal 4',
  orderReference: 'CFP 1234/2024',
});
const release = (data: Partial<ReleaseFunds['data']> = {}): ReleaseFunds => ({
  type: 'ReleaseFunds',
  data: {
    freezeId: 'frz-1',
    assets: [{ asset: 'USDT', amount: '400', usdValue: '400' }],
    releasedAt: '2024-06-10T10:00:00Z',
    reason: 'court lifted the order',
    ...data,
  },
  context: context(),
});
const released = (data: Partial<FundsReleased['data']> = {}) => fundsReleased({ ...release().data, ...data });

describe('ReleaseFunds', () => {
  it('releases part of a frozen asset', () => spec(freezeDecider).given([frozen]).when(release()).then([released()]));

  it('releases exactly what is still held after a seizure', () => {
    const assets = [{ asset: 'BTC', amount: '0.500000000000000000', usdValue: '30000' }];
    spec(freezeDecider)
      .given([frozen, seized])
      .when(release({ assets }))
      .then([released({ assets })]);
  });

  it('refuses to release more than is still held after a seizure, by the smallest unit', () =>
    spec(freezeDecider)
      .given([frozen, seized])
      .when(release({ assets: [{ asset: 'BTC', amount: '0.500000000000000001', usdValue: '30000' }] }))
      .thenThrows('freeze.exceeds_held', 'conflict'));

  it('refuses a second release that would exceed what was frozen', () =>
    spec(freezeDecider)
      .given([frozen, released({ assets: [{ asset: 'USDT', amount: '700', usdValue: '700' }] })])
      .when(release())
      .thenThrows('freeze.exceeds_held', 'conflict'));

  it('refuses to release from a freeze that does not exist', () =>
    spec(freezeDecider).given([]).when(release()).thenThrows('freeze.not_found', 'not_found'));

  it('refuses an asset the freeze does not hold', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(release({ assets: [{ asset: 'ETH', amount: '1', usdValue: '3000' }] }))
      .thenThrows('freeze.asset_not_frozen', 'conflict'));

  it('refuses the same asset twice in one release', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(
        release({
          assets: [
            { asset: 'USDT', amount: '1', usdValue: '1' },
            { asset: 'USDT', amount: '2', usdValue: '2' },
          ],
        }),
      )
      .thenThrows('freeze.duplicate_asset', 'invalid'));

  it('refuses a release before the freeze', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(release({ releasedAt: '2024-05-02T13:59:59Z' }))
      .thenThrows('freeze.before_frozen', 'conflict'));

  it('accepts a release dated the day of the freeze (a date is the whole day)', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(release({ releasedAt: '2024-05-02' }))
      .then([released({ releasedAt: '2024-05-02' })]));

  it('refuses a release in the future', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(release({ releasedAt: '2024-06-30T12:00:01Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a release with no assets', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(release({ assets: [] }))
      .thenThrows('freeze.no_assets', 'invalid'));

  it('refuses a release without a reason', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(release({ reason: ' ' }))
      .thenThrows('invalid_text', 'invalid'));
});
