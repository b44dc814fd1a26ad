import { assetLine, citing, context, fundsFrozen, fundsReleased, fundsReturned, spec } from '@ledger/test-support';
import { freezeDecider, type FundsReturned, type ReturnFunds } from '@ledger/domain';

const frozen = fundsFrozen({
  assets: [assetLine('ETH', '10', '30000'), assetLine('USDC', '5000')],
  reason: 'hack proceeds',
  country: 'GB',
  incidentId: 'inc-7',
});
const released = fundsReleased({ assets: [assetLine('ETH', '4', '12000')], reason: 'not linked to the hack' });
const giveBack = (data: Partial<ReturnFunds['data']> = {}): ReturnFunds => ({
  type: 'ReturnFunds',
  data: {
    freezeId: 'frz-1',
    assets: [assetLine('ETH', '6', '18000'), assetLine('USDC', '5000')],
    returnedAt: '2024-06-01T09:00:00Z',
    incidentId: 'inc-7',
    ...data,
  },
  context: citing({ 'incident-inc-7': 'recorded' }),
});
const returned = (data: Partial<FundsReturned['data']> = {}) => fundsReturned({ ...giveBack().data, ...data });

describe('ReturnFunds', () => {
  it('returns everything still held, across assets, to the victims of an incident', () =>
    spec(freezeDecider).given([frozen, released]).when(giveBack()).then([returned()]));

  it('returns without naming an incident', () => {
    const { incidentId: _none, ...noIncident } = giveBack().data;
    spec(freezeDecider)
      .given([frozen])
      .when({ type: 'ReturnFunds', data: noIncident, context: context() })
      .then([{ type: 'FundsReturned', schemaVersion: 1, data: noIncident }]);
  });

  it('refuses the whole return when one asset line exceeds what is held', () =>
    spec(freezeDecider)
      .given([frozen, released])
      .when(
        giveBack({
          assets: [
            { asset: 'USDC', amount: '1', usdValue: '1' },
            { asset: 'ETH', amount: '6.000000000000000001', usdValue: '18000' },
          ],
        }),
      )
      .thenThrows('freeze.exceeds_held', 'conflict'));

  it('refuses to return from a freeze that does not exist', () =>
    spec(freezeDecider).given([]).when(giveBack()).thenThrows('freeze.not_found', 'not_found'));

  it('refuses an asset the freeze does not hold', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(giveBack({ assets: [{ asset: 'BTC', amount: '1', usdValue: '1' }] }))
      .thenThrows('freeze.asset_not_frozen', 'conflict'));

  it('refuses the same asset twice in one return', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(
        giveBack({
          assets: [
            { asset: 'ETH', amount: '1', usdValue: '1' },
            { asset: 'ETH', amount: '1', usdValue: '1' },
          ],
        }),
      )
      .thenThrows('freeze.duplicate_asset', 'invalid'));

  it('refuses a return before the freeze', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(giveBack({ returnedAt: '2024-05-02T13:00:00Z' }))
      .thenThrows('freeze.before_frozen', 'conflict'));

  it('refuses a return in the future', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(giveBack({ returnedAt: '2025-01-01T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a return to the victims of an incident the ledger does not hold', () =>
    spec(freezeDecider)
      .given([frozen])
      .when({ ...giveBack(), context: citing({ 'incident-inc-7': 'none' }) })
      .thenThrows('citation.incident_not_found', 'conflict'));

  it('refuses a return to the victims of a reversed incident', () =>
    spec(freezeDecider)
      .given([frozen])
      .when({ ...giveBack(), context: citing({ 'incident-inc-7': 'reversed' }) })
      .thenThrows('citation.incident_not_found', 'conflict'));

  it('refuses a disposal valued at zero USD', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(giveBack({ assets: [{ asset: 'ETH', amount: '1', usdValue: '0' }] }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses a malformed incident reference', () =>
    spec(freezeDecider)
      .given([frozen])
      .when(giveBack({ incidentId: 'inc 7' }))
      .thenThrows('invalid_id', 'invalid'));
});
