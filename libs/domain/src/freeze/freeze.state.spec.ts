import { fold, freezeDecider, heldAmount, type FreezeState, type FundsFrozen, type FundsReleased, type FundsReturned, type FundsSeized } from '@ledger/domain';

const frozen: FundsFrozen = {
  type: 'FundsFrozen',
  schemaVersion: 1,
  data: {
    freezeId: 'frz-1',
    assets: [
      { asset: 'BTC', amount: '1.1', usdValue: '66000' },
      { asset: 'USDT', amount: '100', usdValue: '100' },
    ],
    frozenAt: '2024-05-02T14:00:00Z',
    reason: 'scam',
    country: 'BR',
  },
};
const line = (asset: string, amount: string) => [{ asset, amount, usdValue: '0' }];
const released: FundsReleased = { type: 'FundsReleased', schemaVersion: 1, data: { freezeId: 'frz-1', assets: line('BTC', '0.1'), releasedAt: '2024-05-03', reason: 'r' } };
const seized: FundsSeized = {
  type: 'FundsSeized',
  schemaVersion: 1,
  data: { freezeId: 'frz-1', assets: line('BTC', '0.2'), seizedAt: '2024-05-04', authority: 'a', orderReference: 'o' },
};
const returned: FundsReturned = { type: 'FundsReturned', schemaVersion: 1, data: { freezeId: 'frz-1', assets: line('BTC', '0.30'), returnedAt: '2024-05-05' } };

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

  it('does not throw on a disposal with no freeze before it', () => expect(fold(freezeDecider, [released, seized, returned])).toEqual({ status: 'none' }));

  it('does not throw on a recorded disposal of an asset the freeze never held; it counts it', () => {
    const stray: FundsReleased = { ...released, data: { ...released.data, assets: line('ETH', '2') } };
    expect(positions(fold(freezeDecider, [frozen, stray]))?.ETH).toEqual({ frozen: '0', released: '2', seized: '0', returned: '0' });
  });

  it('does not let an asset named like an object property collide with one', () => {
    const odd: FundsFrozen = { ...frozen, data: { ...frozen.data, assets: line('constructor', '1') } };
    expect(positions(fold(freezeDecider, [odd]))).toEqual({ constructor: { frozen: '1', released: '0', seized: '0', returned: '0' } });
  });
});
