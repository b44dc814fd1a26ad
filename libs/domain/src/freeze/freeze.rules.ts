import { conflict, invalid, notFound } from '../shared/domain-error';
import { canonical, decimal, MAX_ASSET_DECIMALS, MAX_USD_DECIMALS } from '../shared/money';
import type { AssetAmount } from '../shared/types';
import { requireCited } from '../shared/citations';
import type { CommandContext } from '../shared/domain-event';
import { isNotBefore, requireAggregateId, requireDecimal, requirePastTime } from '../shared/validation';
import { heldAmount, type FreezeState } from './freeze.state';

/** Asset codes as exchanges write them (BTC, USDT, stETH, USDC.e); case matters. */
export const ASSET_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * A keyed pseudonym of an account: HMAC-SHA256 of the account id under the ledger's pseudonym key, as 64
 * lower-case hex digits, optionally prefixed by the key id (`k2:`) so keys can rotate. Raw account ids,
 * e-mails or addresses never match.
 */
export const ACCOUNT_PSEUDONYM_PATTERN = /^(?:[a-z0-9]{1,16}:)?[0-9a-f]{64}$/;
export const MAX_ACCOUNTS_PER_FREEZE = 1000;

/** One or more asset lines, each a known shape, no asset twice (a command states one amount per asset); returns clean copies. */
export function checkAssetLines(assets: unknown): readonly AssetAmount[] {
  if (!Array.isArray(assets) || assets.length === 0) {
    throw invalid('freeze.no_assets', 'assets must list at least one {asset, amount, usdValue}');
  }
  const seen = new Set<string>();
  assets.forEach((line: AssetAmount, i) => {
    if (typeof line !== 'object' || line === null || typeof line.asset !== 'string' || !ASSET_CODE_PATTERN.test(line.asset)) {
      throw invalid(
        'freeze.invalid_asset',
        `assets[${i}].asset must be an asset code such as "BTC" or "USDT" (letters, digits, '.', '_', ':', '-')`,
        {
          field: `assets[${i}].asset`,
        },
      );
    }
    if (seen.has(line.asset)) {
      throw invalid('freeze.duplicate_asset', `asset ${line.asset} appears more than once; state one line per asset`, {
        asset: line.asset,
      });
    }
    seen.add(line.asset);
    requireDecimal(`assets[${i}].amount`, line.amount, MAX_ASSET_DECIMALS, { positive: true });
    requireDecimal(`assets[${i}].usdValue`, line.usdValue, MAX_USD_DECIMALS, { positive: true });
  });
  return assets.map(({ asset, amount, usdValue }: AssetAmount) => ({ asset, amount, usdValue }));
}

/** A freeze must exist and not be reversed: nothing follows a reversal. */
export function requireFreeze(freezeId: string, state: FreezeState): Extract<FreezeState, { status: 'frozen' }> {
  if (state.status === 'none') throw notFound('freeze.not_found', `freeze ${freezeId} does not exist; freeze funds first`);
  if (state.status === 'reversed') {
    throw conflict(
      'freeze.reversed',
      `freeze ${freezeId} was reversed at ${state.reversedAt} as recorded in error; nothing may follow a reversal`,
      { reversedAt: state.reversedAt },
    );
  }
  return state;
}

/**
 * The links of a freeze (to a request, to an incident) must name records that exist and are not reversed.
 * In a correction (`nullRemoves`), null removes a link and needs no record.
 */
export function requireFreezeLinks(
  context: CommandContext,
  links: { readonly requestId?: string | null; readonly incidentId?: string | null },
  options: { readonly prefix?: string; readonly nullRemoves?: boolean } = {},
): void {
  const prefix = options.prefix ?? '';
  for (const [key, category] of [
    ['requestId', 'request'],
    ['incidentId', 'incident'],
  ] as const) {
    const value = links[key];
    if (value === undefined || (options.nullRemoves && value === null)) continue;
    const field = `${prefix}${key}`;
    requireCited(context, { field, category, id: requireAggregateId(field, value) });
  }
}

/**
 * What a release, seizure or return must satisfy: a time that has happened and is not before the freeze,
 * and per asset, no more than is still held (released + seized + returned <= frozen).
 */
export function checkDisposal(
  state: Extract<FreezeState, { status: 'frozen' }>,
  timeField: string,
  time: unknown,
  assets: unknown,
  now: string,
): readonly AssetAmount[] {
  const at = requirePastTime(timeField, time, now);
  if (!isNotBefore(at, state.frozenAt)) {
    throw conflict(
      'freeze.before_frozen',
      `${timeField} ${at} is before the funds were frozen (${state.frozenAt}); expected a time at or after it`,
      {
        field: timeField,
        value: at,
        frozenAt: state.frozenAt,
      },
    );
  }
  const lines = checkAssetLines(assets);
  for (const line of lines) {
    const position = state.positions.get(line.asset);
    if (!position || decimal(position.frozen).isZero()) {
      throw conflict(
        'freeze.asset_not_frozen',
        `freeze ${state.freezeId} holds no ${line.asset}; it holds ${[...state.positions.keys()].join(', ')}`,
        {
          asset: line.asset,
        },
      );
    }
    const held = heldAmount(position);
    if (decimal(line.amount).greaterThan(held)) {
      throw conflict(
        'freeze.exceeds_held',
        `${line.amount} ${line.asset} is more than the ${canonical(held)} ${line.asset} still held (frozen ${position.frozen}, released ${position.released}, seized ${position.seized}, returned ${position.returned})`,
        { asset: line.asset, requested: line.amount, held: canonical(held), ...position },
      );
    }
  }
  return lines;
}
