import { assetLine, context, fundsFrozen, fundsReturned, fundsSeized, spec } from '@ledger/test-support';
import { freezeDecider, type SeizeFunds } from '@ledger/domain';

const frozen = fundsFrozen({ assets: [assetLine('USDT', '1800000')], reason: 'DEA order' });
const returned = fundsReturned({ assets: [assetLine('USDT', '300000')] });
const seize = (data: Partial<SeizeFunds['data']> = {}): SeizeFunds => ({
  type: 'SeizeFunds',
  data: {
    freezeId: 'frz-1',
    assets: [{ asset: 'USDT', amount: '1500000', usdValue: '1500000' }],
    seizedAt: '2024-06-01T09:00:00Z',
    authority: 'Drug Enforcement Administration',
    orderReference: 'SW-24-0199',
    ...data,
  },
  context: context(),
});
const seized = fundsSeized(seize().data);

describe('SeizeFunds', () => {
  it('seizes what is still held after a return', () => spec(freezeDecider).given([frozen, returned]).when(seize()).then([seized]));

  it('refuses to seize more than is still held after a return', () =>
    spec(freezeDecider)
      .given([frozen, returned])
      .when(seize({ assets: [{ asset: 'USDT', amount: '1500000.000001', usdValue: '1500000' }] }))
      .thenThrows('freeze.exceeds_held', 'conflict'));

  it('refuses to seize twice what was frozen once', () =>
    spec(freezeDecider)
      .given([frozen, seized])
      .when(seize({ assets: [{ asset: 'USDT', amount: '300000.01', usdValue: '1' }] }))
      .thenThrows('freeze.exceeds_held', 'conflict'));

  it('refuses to seize from a freeze that does not exist', () =>
    spec(freezeDecider).given([]).when(seize()).thenThrows('freeze.not_found', 'not_found'));

  it('refuses an asset the freeze does not hold', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(seize({ assets: [{ asset: 'USDC', amount: '1', usdValue: '1' }] }))
      .thenThrows('freeze.asset_not_frozen', 'conflict'));

  it('refuses a seizure before the freeze', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(seize({ seizedAt: '2024-05-01' }))
      .thenThrows('freeze.before_frozen', 'conflict'));

  it('refuses a seizure in the future', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(seize({ seizedAt: '2024-07-04T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a seizure without the authority or the order reference', () => {
    spec(freezeDecider)
      .given([frozen])
      .when(seize({ authority: '' }))
      .thenThrows('invalid_text', 'invalid');
    spec(freezeDecider)
      .given([frozen])
      .when(seize({ orderReference: '' }))
      .thenThrows('invalid_text', 'invalid');
  });
});
