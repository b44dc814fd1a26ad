import { context, freezeReversed, fundsFrozen, fundsSeized, NOW, spec } from '@ledger/test-support';
import { fold, freezeDecider, type ReverseFreeze } from '@ledger/domain';

const frozen = fundsFrozen();
const seized = fundsSeized();
const reverse = (reason = 'amount entered as 1000 instead of 100; recorded again as frz-1b'): ReverseFreeze => ({
  type: 'ReverseFreeze',
  data: { freezeId: 'frz-1', reason },
  context: context(),
});
const reversed = freezeReversed({ reason: 'amount entered as 1000 instead of 100; recorded again as frz-1b', reversedAt: NOW });

describe('ReverseFreeze', () => {
  it('reverses a freeze, with what followed it', () => spec(freezeDecider).given([frozen, seized]).when(reverse()).then([reversed]));

  it('reads as reversed once folded, keeping what it held for the record', () =>
    expect(fold(freezeDecider, [frozen, seized, reversed])).toMatchObject({ status: 'reversed', reversedAt: NOW, freezeId: 'frz-1' }));

  it('lets nothing follow a reversal', () => {
    spec(freezeDecider).given([frozen, reversed]).when(reverse()).thenThrows('freeze.reversed', 'conflict');
    spec(freezeDecider)
      .given([frozen, reversed])
      .when({
        type: 'ReleaseFunds',
        data: {
          freezeId: 'frz-1',
          assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }],
          releasedAt: '2024-05-11T00:00:00Z',
          reason: 'r',
        },
        context: context(),
      })
      .thenThrows('freeze.reversed', 'conflict');
    spec(freezeDecider)
      .given([frozen, reversed])
      .when({ type: 'FreezeFunds', data: frozen.data, context: context() })
      .thenThrows('freeze.already_frozen', 'conflict');
  });

  it('refuses to reverse a freeze that does not exist, or without a reason', () => {
    spec(freezeDecider).given([]).when(reverse()).thenThrows('freeze.not_found', 'not_found');
    spec(freezeDecider).given([frozen]).when(reverse(' ')).thenThrows('invalid_text', 'invalid');
  });
});
