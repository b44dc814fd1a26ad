import { fold, freezeDecider, heldAmount, type FreezeState } from '@ledger/domain';
import { assetLine, fundsFrozen, fundsReleased, fundsReturned, fundsSeized } from '@ledger/test-support';

const frozen = fundsFrozen({ assets: [assetLine('BTC', '1.1', '66000'), assetLine('USDT', '100')], reason: 'scam', country: 'BR' });
const line = (asset: string, amount: string) => [assetLine(asset, amount, '0')];
const released = fundsReleased({ assets: line('BTC', '0.1'), releasedAt: '2024-05-03', reason: 'r' });
const seized = fundsSeized({ assets: line('BTC', '0.2'), seizedAt: '2024-05-04', authority: 'a', orderReference: 'o' });
const returned = fundsReturned({ assets: line('BTC', '0.30'), returnedAt: '2024-05-05' });

const positions = (state: FreezeState) => (state.status === 'frozen' ? Object.fromEntries(state.positions) : undefined);

describe('evolveFreeze', () => {
  it('starts with no freeze', () => expect(freezeDecider.initialState).toEqual({ status: 'none' }));

  it('keeps exact per-asset totals of what was frozen, released, seized and returned', () => {
    const state = fold(freezeDecider, [frozen, released, seized, returned]);
    expect(state).toMatchObject({ status: 'frozen', freezeId: 'frz-1', frozenAt: '2024-05-02T14:00:00Z' });
    expect(positions(state)).toEqual({
      BTC: { frozen: '1.1', released: '0.1', seized: '0.2', returned: '0.3' },
      USDT: { frozen: '100', released: '0', seized: '0', returned: '0' },
    });
  });

  it('computes what is still held exactly (no float drift: 1.1 - 0.1 - 0.2 - 0.3 = 0.5)', () => {
    const state = fold(freezeDecider, [frozen, released, seized, returned]);
    if (state.status !== 'frozen') throw new Error('expected a freeze');
    expect(heldAmount(state.positions.get('BTC')!).toFixed()).toBe('0.5');
  });

  it('does not throw on a disposal with no freeze before it', () =>
    expect(fold(freezeDecider, [released, seized, returned])).toEqual({ status: 'none' }));

  it('does not throw on a recorded disposal of an asset the freeze never held; it counts it', () => {
    const stray = fundsReleased({ ...released.data, assets: line('ETH', '2') });
    expect(positions(fold(freezeDecider, [frozen, stray]))?.ETH).toEqual({ frozen: '0', released: '2', seized: '0', returned: '0' });
  });

  it('does not let an asset named like an object property collide with one', () => {
    const odd = fundsFrozen({ ...frozen.data, assets: line('constructor', '1') });
    expect(positions(fold(freezeDecider, [odd]))).toEqual({ constructor: { frozen: '1', released: '0', seized: '0', returned: '0' } });
  });
});
