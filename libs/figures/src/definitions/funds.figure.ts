import { type AssetAmount, assertNever, type FreezeEvent } from '@ledger/domain';
import { canonicalInstant } from '../model/business-time';
import { fromMinorUnits, toMinorUnits } from '../model/minor-units';
import { countValue, USD_SCALE } from './measure-math';
import { defineFigure, type FigureEvent } from './define-figure';
import { type AnswerRow, type ContributionDraft, ProjectionRuleError } from './figure-definition';

interface FreezeState {
  readonly country: string;
}

const freezeIdOf = (event: FigureEvent<FreezeEvent['type']>): string => event.data.freezeId;

/** One contribution per asset (lines of the same asset summed), in asset order. */
function perAsset(
  country: string,
  occurredAt: string,
  assets: readonly AssetAmount[],
  column: string,
  extra: Record<string, bigint> = {},
): ContributionDraft[] {
  const usdByAsset = new Map<string, bigint>();
  for (const line of assets) usdByAsset.set(line.asset, (usdByAsset.get(line.asset) ?? 0n) + toMinorUnits(line.usdValue, USD_SCALE));
  return [...usdByAsset.keys()].sort().map((asset) => ({
    occurredAt,
    dims: [country, asset, ''] as const,
    item: '',
    values: { [column]: usdByAsset.get(asset)!, ...extra },
  }));
}

function knownFreeze(event: FigureEvent<FreezeEvent['type']>, state: FreezeState | undefined): FreezeState {
  if (!state) throw new ProjectionRuleError(`freeze ${freezeIdOf(event)} was never recorded as frozen`);
  return state;
}

const usd = (units: bigint | undefined) => fromMinorUnits(units ?? 0n, USD_SCALE);

export const fundsFigure = defineFigure<'FundsFrozen' | 'FundsReleased' | 'FundsSeized' | 'FundsReturned', FreezeState>({
  name: 'funds',
  version: 1,
  title: 'Funds frozen, released, seized and returned on law-enforcement orders',
  methodology: [
    'Every amount is the USD value recorded with the event (the value at the time of the freeze, release, seizure or return), summed exactly to the cent fraction (8 decimals); nothing is revalued.',
    'frozenUsd counts at frozenAt, releasedUsd at releasedAt, seizedUsd at seizedAt, returnedUsd at returnedAt, each in the country the freeze is attributed to. heldUsd = frozenUsd - releasedUsd - seizedUsd - returnedUsd over the same window: over the whole history up to asOf it is what is still held at asOf. "Frozen and confiscated to date" is frozenUsd up to the date.',
    'freezes: number of freeze orders (FundsFrozen events). Grouped or filtered by asset, a freeze counts once under each asset it holds.',
    'Groupable by year, month, country and asset.',
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 jurisdiction the freeze is attributed to' },
    { name: 'asset', description: 'asset code, e.g. BTC, USDT' },
  ],
  measures: [
    { name: 'frozenUsd', unit: 'usd', description: 'USD value frozen' },
    { name: 'releasedUsd', unit: 'usd', description: 'USD value released back' },
    { name: 'seizedUsd', unit: 'usd', description: 'USD value seized by an authority' },
    { name: 'returnedUsd', unit: 'usd', description: 'USD value returned to victims' },
    { name: 'heldUsd', unit: 'usd', description: 'frozen - released - seized - returned' },
    { name: 'freezes', unit: 'count', description: 'freeze orders' },
  ],
  columns: [
    { name: 'frozenUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'releasedUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'seizedUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'returnedUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'freezes', kind: 'sum', scale: 0 },
    { name: 'freezesByAsset', kind: 'sum', scale: 0 },
  ],
  consumes: { FundsFrozen: [1], FundsReleased: [1], FundsSeized: [1], FundsReturned: [1] },
  entityOf: freezeIdOf,
  apply(event, state) {
    switch (event.type) {
      case 'FundsFrozen': {
        if (state) throw new ProjectionRuleError(`freeze ${freezeIdOf(event)} was already frozen`);
        const { data } = event;
        const frozenAt = canonicalInstant(data.frozenAt);
        const freeze: ContributionDraft = { occurredAt: frozenAt, dims: [data.country, '', ''], item: '', values: { freezes: 1n } };
        return {
          state: { country: data.country },
          contributions: [freeze, ...perAsset(data.country, frozenAt, data.assets, 'frozenUsd', { freezesByAsset: 1n })],
        };
      }
      case 'FundsReleased': {
        const { country } = knownFreeze(event, state);
        const { data } = event;
        return { state, contributions: perAsset(country, canonicalInstant(data.releasedAt), data.assets, 'releasedUsd') };
      }
      case 'FundsSeized': {
        const { country } = knownFreeze(event, state);
        const { data } = event;
        return { state, contributions: perAsset(country, canonicalInstant(data.seizedAt), data.assets, 'seizedUsd') };
      }
      case 'FundsReturned': {
        const { country } = knownFreeze(event, state);
        const { data } = event;
        return { state, contributions: perAsset(country, canonicalInstant(data.returnedAt), data.assets, 'returnedUsd') };
      }
      default:
        return assertNever(event, 'freeze event');
    }
  },
  compute(cell, groupBy) {
    const s = cell.sums;
    const held = (s.frozenUsd ?? 0n) - (s.releasedUsd ?? 0n) - (s.seizedUsd ?? 0n) - (s.returnedUsd ?? 0n);
    const byAsset = groupBy.includes('asset');
    return {
      frozenUsd: usd(s.frozenUsd),
      releasedUsd: usd(s.releasedUsd),
      seizedUsd: usd(s.seizedUsd),
      returnedUsd: usd(s.returnedUsd),
      heldUsd: usd(held),
      freezes: countValue(byAsset ? s.freezesByAsset : s.freezes),
    };
  },
  // The order count carries no asset; grouped by asset, its asset-less cell says nothing.
  finish: (rows: readonly AnswerRow[], groupBy) => (groupBy.includes('asset') ? rows.filter((row) => row.group.asset !== null) : [...rows]),
});
