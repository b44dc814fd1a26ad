import { type AssetAmount, assertNever, decimal, type FreezeEvent, rounded } from '@ledger/domain';
import { canonicalInstant } from '../model/business-time';
import { fromMinorUnits, toMinorUnits } from '../model/minor-units';
import { withYearEventMarks, YEAR_EVENTS_COLUMN, YEAR_EVENTS_COLUMN_SPEC, YEAR_EVENTS_METHODOLOGY } from './year-event-marks';
import { changedContributions, divideHalfEven } from './contribution-diff';
import { defineFigure, type FigureEvent } from './define-figure';
import { type AnswerRow, type ContributionDraft, knownSince, ProjectionRuleError } from './figure-definition';
import { countValue, RATIO_DECIMALS, USD_SCALE } from './measure-math';

/** Native amounts carry at most 18 decimals (apps/ledger-api/README.md: money). */
const AMOUNT_SCALE = 18;
/** A native amount is stored as two 64-bit-safe columns, high and low 9 digits of its 10^-18 units. */
const SPLIT = 1_000_000_000n;

type DisposalKind = 'released' | 'seized' | 'returned';
interface Line {
  readonly asset: string;
  /** 10^-18 units, as a decimal string (JSON keeps no bigint). */
  readonly amount: string;
  /** 10^-8 USD. */
  readonly usd: string;
}
interface FreezeState {
  readonly frozenAt: string;
  readonly country: string;
  /** null: a correction removed the link (FreezeCorrected `requestId: null`). */
  readonly requestId?: string | null;
  readonly frozen: readonly Line[];
  readonly disposals: readonly { readonly kind: DisposalKind; readonly at: string; readonly lines: readonly Line[] }[];
  readonly reversed?: boolean;
  /** The latest known time of the freeze's events so far (figure-definition.ts knownSince); not a contribution. */
  readonly knownSince?: string;
}

type FreezeRead = FigureEvent<FreezeEvent['type']>;
const freezeIdOf = (event: FreezeRead): string => event.data.freezeId;

/** Lines of the same asset summed, in asset order. */
function linesOf(assets: readonly AssetAmount[]): Line[] {
  const byAsset = new Map<string, { amount: bigint; usd: bigint }>();
  for (const line of assets) {
    const sum = byAsset.get(line.asset) ?? { amount: 0n, usd: 0n };
    sum.amount += toMinorUnits(line.amount, AMOUNT_SCALE);
    sum.usd += toMinorUnits(line.usdValue, USD_SCALE);
    byAsset.set(line.asset, sum);
  }
  return [...byAsset.keys()]
    .sort()
    .map((asset) => ({ asset, amount: byAsset.get(asset)!.amount.toString(), usd: byAsset.get(asset)!.usd.toString() }));
}

const amountColumns = (units: bigint) => ({ heldAmountHigh: units / SPLIT, heldAmountLow: units % SPLIT });

/** Every contribution of the freeze as its state stands; throws if a disposal takes more than is held. */
function contributionsOf(id: string, state: FreezeState | undefined): ContributionDraft[] {
  if (!state || state.reversed) return [];
  // A link a correction removed (null) cites no request, as one never given (undefined).
  const linked = state.requestId != null ? 1n : 0n;
  const rows: ContributionDraft[] = [];
  const held = new Map<string, { frozenAmount: bigint; frozenUsd: bigint; amount: bigint; usd: bigint }>();
  for (const line of state.frozen) {
    const [amount, usd] = [BigInt(line.amount), BigInt(line.usd)];
    held.set(line.asset, { frozenAmount: amount, frozenUsd: usd, amount, usd });
    rows.push({
      occurredAt: state.frozenAt,
      dims: [state.country, line.asset],
      item: '',
      values: { frozenUsd: usd, freezesByAsset: 1n, freezesLinkedByAsset: linked, heldUsd: usd, ...amountColumns(amount) },
    });
  }
  // The order count after the assets: a freeze counts as an event under its first asset.
  rows.push({ occurredAt: state.frozenAt, dims: [state.country, ''], item: '', values: { freezes: 1n, freezesLinked: linked } });
  // Disposals in business-time order: what is held after each is valued pro rata of the freeze-time value.
  const disposals = state.disposals.map((d, i) => ({ ...d, i })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i));
  for (const disposal of disposals) {
    for (const line of disposal.lines) {
      const asset = held.get(line.asset);
      const amount = BigInt(line.amount);
      if (!asset) throw new ProjectionRuleError(`freeze ${id} holds no ${line.asset}; ${disposal.kind} ${line.asset} cannot apply`);
      if (amount > asset.amount)
        throw new ProjectionRuleError(`freeze ${id}: ${disposal.kind} of ${line.asset} exceeds what is still held`);
      const remaining = asset.amount - amount;
      const remainingUsd = asset.frozenAmount === 0n ? 0n : divideHalfEven(asset.frozenUsd * remaining, asset.frozenAmount);
      rows.push({
        occurredAt: disposal.at,
        dims: [state.country, line.asset],
        item: '',
        values: { [`${disposal.kind}Usd`]: BigInt(line.usd), heldUsd: remainingUsd - asset.usd, ...amountColumns(-amount) },
      });
      asset.amount = remaining;
      asset.usd = remainingUsd;
    }
  }
  return rows;
}

function live(event: FreezeRead, state: FreezeState | undefined): FreezeState {
  if (!state) throw new ProjectionRuleError(`freeze ${freezeIdOf(event)} was never recorded as frozen`);
  if (state.reversed) throw new ProjectionRuleError(`freeze ${freezeIdOf(event)} was reversed; ${event.type} cannot apply`);
  return state;
}

function next(event: FreezeRead, state: FreezeState | undefined): { state: FreezeState; primaryAt: string } {
  const disposal = (kind: DisposalKind, time: string, assets: readonly AssetAmount[]) => {
    const freeze = live(event, state);
    const at = canonicalInstant(time);
    return { state: { ...freeze, disposals: [...freeze.disposals, { kind, at, lines: linesOf(assets) }] }, primaryAt: at };
  };
  switch (event.type) {
    case 'FundsFrozen': {
      if (state) throw new ProjectionRuleError(`freeze ${freezeIdOf(event)} was already frozen`);
      const { data } = event;
      const frozenAt = canonicalInstant(data.frozenAt);
      return {
        state: { frozenAt, country: data.country, requestId: data.requestId, frozen: linesOf(data.assets), disposals: [] },
        primaryAt: frozenAt,
      };
    }
    case 'FundsReleased':
      return disposal('released', event.data.releasedAt, event.data.assets);
    case 'FundsSeized':
      return disposal('seized', event.data.seizedAt, event.data.assets);
    case 'FundsReturned':
      return disposal('returned', event.data.returnedAt, event.data.assets);
    case 'FreezeCorrected': {
      const freeze = live(event, state);
      const changes = event.data.changes ?? {};
      const frozenAt = changes.frozenAt === undefined ? freeze.frozenAt : canonicalInstant(changes.frozenAt);
      const corrected = {
        ...freeze,
        frozenAt,
        country: changes.country ?? freeze.country,
        requestId: 'requestId' in changes ? changes.requestId : freeze.requestId,
      };
      return { state: corrected, primaryAt: frozenAt };
    }
    case 'FreezeReversed':
      return { state: { ...live(event, state), reversed: true }, primaryAt: state!.frozenAt };
    default:
      return assertNever(event, 'freeze event');
  }
}

const usd = (units: bigint | undefined) => fromMinorUnits(units ?? 0n, USD_SCALE);

export const fundsFigureV2 = defineFigure<FreezeEvent['type'], FreezeState>({
  name: 'funds',
  version: 2,
  title: 'Funds frozen on law-enforcement orders: held at period end, and what releases, seizures and returns realised',
  methodology: [
    'frozenUsd: the USD value recorded with each freeze at frozenAt, a flow. "Frozen and confiscated to date" is frozenUsd up to the date.',
    'heldAmount (per asset, in its native units) and heldUsd are stocks at the end of the period (each year or month of the answer, or the window), never after asOf, the date known at, or the present. heldAmount: native amount frozen minus what was released, seized or returned by then. heldUsd: the freeze-time USD value of what is still held, pro rata of the native amount still held (USD frozen x amount still held / amount frozen, per freeze and asset, rounded half-even to 8 decimals after each disposal); a disposal never revalues what stays held. Neither is ever negative. heldAmount is given only when the answer is grouped by asset (amounts of different assets do not add up).',
    'releasedRealisedUsd, seizedRealisedUsd, returnedRealisedUsd: the USD value each release, seizure or return reported at its own time, a flow of realised values. They are not comparable with frozenUsd: the price may have moved between the freeze and the disposal.',
    'freezes: freeze orders (grouped or filtered by asset, a freeze counts once under each asset it holds). linkedToRequestShare: of those, the share citing a law-enforcement request (6 decimals, half-even).',
    'A correction restates the freeze (frozenAt, country, request) with all its disposals; a reversal (recorded in error) removes the freeze and all its disposals from every measure. Both take effect for answers known at or after them.',
    YEAR_EVENTS_METHODOLOGY,
    'Groupable by year, month, country (the jurisdiction the freeze is attributed to) and asset.',
  ],
  dimensions: [
    { name: 'country', description: 'ISO 3166-1 alpha-2 jurisdiction the freeze is attributed to' },
    { name: 'asset', description: 'asset code, e.g. BTC, USDT' },
  ],
  measures: [
    { name: 'frozenUsd', unit: 'usd', description: 'USD value frozen in the period, at freeze time (flow)' },
    { name: 'heldUsd', unit: 'usd', description: 'freeze-time USD value of what is still held at the end of the period (stock)' },
    {
      name: 'heldAmount',
      unit: 'amount',
      description: 'native amount still held at the end of the period, per asset (stock; grouped by asset only)',
    },
    { name: 'releasedRealisedUsd', unit: 'usd', description: 'USD value reported by releases in the period (flow, realised)' },
    { name: 'seizedRealisedUsd', unit: 'usd', description: 'USD value reported by seizures in the period (flow, realised)' },
    { name: 'returnedRealisedUsd', unit: 'usd', description: 'USD value reported by returns to victims in the period (flow, realised)' },
    { name: 'freezes', unit: 'count', description: 'freeze orders in the period' },
    { name: 'linkedToRequestShare', unit: 'ratio', description: 'share of those freezes citing a law-enforcement request' },
  ],
  columns: [
    { name: 'frozenUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'releasedUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'seizedUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'returnedUsd', kind: 'sum', scale: USD_SCALE },
    { name: 'heldUsd', kind: 'sum', scale: USD_SCALE, stock: true },
    { name: 'heldAmountHigh', kind: 'sum', scale: 9, stock: true },
    { name: 'heldAmountLow', kind: 'sum', scale: AMOUNT_SCALE, stock: true },
    { name: 'freezes', kind: 'sum', scale: 0 },
    { name: 'freezesByAsset', kind: 'sum', scale: 0 },
    { name: 'freezesLinked', kind: 'sum', scale: 0 },
    { name: 'freezesLinkedByAsset', kind: 'sum', scale: 0 },
    YEAR_EVENTS_COLUMN_SPEC,
  ],
  consumes: { FundsFrozen: [1], FundsReleased: [1], FundsSeized: [1], FundsReturned: [1], FreezeCorrected: [1], FreezeReversed: [1] },
  eventCount: 'distinct',
  yearEvents: YEAR_EVENTS_COLUMN,
  entityOf: freezeIdOf,
  apply(event, state) {
    const { state: after, primaryAt } = next(event, state);
    const id = freezeIdOf(event);
    const knownAt = knownSince(event, state?.knownSince);
    const contributions = withYearEventMarks(changedContributions(contributionsOf(id, state), contributionsOf(id, after), primaryAt));
    return { state: { ...after, knownSince: knownAt }, contributions, knownAt };
  },
  compute(cell, groupBy) {
    const s = cell.sums;
    const byAsset = groupBy.includes('asset');
    const [freezes, linked] = byAsset ? [s.freezesByAsset ?? 0n, s.freezesLinkedByAsset ?? 0n] : [s.freezes ?? 0n, s.freezesLinked ?? 0n];
    const amount = (s.heldAmountHigh ?? 0n) * SPLIT + (s.heldAmountLow ?? 0n);
    return {
      frozenUsd: usd(s.frozenUsd),
      heldUsd: usd(s.heldUsd),
      heldAmount: byAsset ? fromMinorUnits(amount, AMOUNT_SCALE) : null,
      releasedRealisedUsd: usd(s.releasedUsd),
      seizedRealisedUsd: usd(s.seizedUsd),
      returnedRealisedUsd: usd(s.returnedUsd),
      freezes: countValue(freezes),
      linkedToRequestShare: freezes === 0n ? null : rounded(decimal(linked.toString()).div(freezes.toString()), RATIO_DECIMALS),
    };
  },
  // The order count carries no asset; grouped by asset, its asset-less cell says nothing.
  finish: (rows: readonly AnswerRow[], groupBy) => (groupBy.includes('asset') ? rows.filter((row) => row.group.asset !== null) : [...rows]),
});
