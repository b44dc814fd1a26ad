import fc from 'fast-check';
import { context } from '@ledger/test-support';
import { DomainError, freezeDecider, type FreezeCommand, type FreezeEvent, type FreezeState } from '@ledger/domain';

/** Amounts are generated in the smallest unit (1e-18) as bigints, so the model never shares decimal.js with the code under test. */
const UNIT_DECIMALS = 18;
const toDecimal = (units: bigint): string => {
  const digits = units.toString().padStart(UNIT_DECIMALS + 1, '0');
  const fraction = digits.slice(-UNIT_DECIMALS).replace(/0+$/, '');
  return fraction ? `${digits.slice(0, -UNIT_DECIMALS)}.${fraction}` : digits.slice(0, -UNIT_DECIMALS);
};
const toUnits = (value: string): bigint => {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole + fraction.padEnd(UNIT_DECIMALS, '0'));
};

const FROZEN_ASSETS = ['BTC', 'ETH'] as const;
const ASSETS = [...FROZEN_ASSETS, 'XRP'] as const;
const MAX = 10n ** 22n;

const operation = fc.record({
  type: fc.constantFrom('ReleaseFunds', 'SeizeFunds', 'ReturnFunds'),
  asset: fc.constantFrom(...ASSETS),
  // "rest" and "rest+1" land exactly on and just past the boundary, which random amounts would rarely hit.
  size: fc.oneof(
    fc.bigInt({ min: 1n, max: MAX }),
    fc.bigInt({ min: 1n, max: 1000n }),
    fc.constant('rest' as const),
    fc.constant('rest+1' as const),
  ),
});

function command(op: { type: 'ReleaseFunds' | 'SeizeFunds' | 'ReturnFunds'; asset: string }, amount: string): FreezeCommand {
  const assets = [{ asset: op.asset, amount, usdValue: '1' }];
  const at = '2024-06-01T00:00:00Z';
  switch (op.type) {
    case 'ReleaseFunds':
      return { type: op.type, data: { freezeId: 'f', assets, releasedAt: at, reason: 'lifted' }, context: context() };
    case 'SeizeFunds':
      return {
        type: op.type,
        data: { freezeId: 'f', assets, seizedAt: at, authority: 'court', orderReference: 'o-1' },
        context: context(),
      };
    case 'ReturnFunds':
      return { type: op.type, data: { freezeId: 'f', assets, returnedAt: at }, context: context() };
  }
}

describe('freeze invariant (property): released + seized + returned <= frozen, per asset', () => {
  it('no sequence of releases, seizures and returns takes out more than was frozen, and only over-draws are refused', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.bigInt({ min: 1n, max: MAX }), fc.bigInt({ min: 1n, max: MAX })),
        fc.array(operation, { maxLength: 25 }),
        (frozenUnits, ops) => {
          const frozenBy = new Map<string, bigint>(FROZEN_ASSETS.map((asset, i) => [asset, frozenUnits[i]]));
          const history: FreezeEvent[] = freezeDecider.decide(
            {
              type: 'FreezeFunds',
              data: {
                freezeId: 'f',
                assets: FROZEN_ASSETS.map((asset) => ({ asset, amount: toDecimal(frozenBy.get(asset)!), usdValue: '1' })),
                frozenAt: '2024-05-01T00:00:00Z',
                reason: 'property test',
                country: 'US',
              },
              context: context(),
            },
            freezeDecider.initialState,
          );
          let state: FreezeState = history.reduce(freezeDecider.evolve, freezeDecider.initialState);
          const takenBy = new Map<string, bigint>();

          for (const op of ops) {
            const held = (frozenBy.get(op.asset) ?? 0n) - (takenBy.get(op.asset) ?? 0n);
            const units = op.size === 'rest' ? held : op.size === 'rest+1' ? held + 1n : op.size;
            if (units <= 0n) continue; // a fully disposed asset has no "rest" to take
            const shouldAccept = frozenBy.has(op.asset) && units <= held;
            let events: FreezeEvent[] | undefined;
            try {
              events = freezeDecider.decide(command(op, toDecimal(units)), state);
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe(frozenBy.has(op.asset) ? 'freeze.exceeds_held' : 'freeze.asset_not_frozen');
            }
            expect(events !== undefined).toBe(shouldAccept);
            if (events) {
              state = events.reduce(freezeDecider.evolve, state);
              takenBy.set(op.asset, (takenBy.get(op.asset) ?? 0n) + units);
            }
          }

          if (state.status !== 'frozen') throw new Error('the freeze disappeared');
          for (const [asset, position] of state.positions) {
            const out = toUnits(position.released) + toUnits(position.seized) + toUnits(position.returned);
            expect(out).toBe(takenBy.get(asset) ?? 0n);
            expect(out <= toUnits(position.frozen)).toBe(true);
            expect(toUnits(position.frozen)).toBe(frozenBy.get(asset));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
