import { assertNever } from '../shared/domain-event';
import { canonical, decimal, sum, type Exact } from '../shared/money';
import type { AssetAmount } from '../shared/types';
import type { FreezeEvent } from './freeze.events';

/** Running totals of one asset in a freeze, as canonical decimal strings. */
export interface AssetPosition {
  readonly frozen: string;
  readonly released: string;
  readonly seized: string;
  readonly returned: string;
}

export type FreezeState =
  | { readonly status: 'none' }
  | {
      readonly status: 'frozen';
      readonly freezeId: string;
      readonly frozenAt: string;
      /** Keyed by asset code; a Map so an asset named like an Object property cannot collide with one. */
      readonly positions: ReadonlyMap<string, AssetPosition>;
    };

export const initialFreezeState: FreezeState = { status: 'none' };

const EMPTY: AssetPosition = { frozen: '0', released: '0', seized: '0', returned: '0' };

/** What is still held of an asset: frozen - released - seized - returned. */
export function heldAmount(position: AssetPosition): Exact {
  return decimal(position.frozen).minus(sum([position.released, position.seized, position.returned]));
}

function add(
  positions: ReadonlyMap<string, AssetPosition>,
  assets: readonly AssetAmount[],
  field: keyof AssetPosition,
): ReadonlyMap<string, AssetPosition> {
  const next = new Map(positions);
  for (const line of assets) {
    // An asset the freeze never held only appears in a hand-edited history; count it rather than throw.
    const position = next.get(line.asset) ?? EMPTY;
    next.set(line.asset, { ...position, [field]: canonical(decimal(position[field]).plus(line.amount)) });
  }
  return next;
}

/** Folds recorded facts; a release, seizure or return with no freeze before it leaves the state as it was. */
export function evolveFreeze(state: FreezeState, event: FreezeEvent): FreezeState {
  switch (event.type) {
    case 'FundsFrozen':
      return { status: 'frozen', freezeId: event.data.freezeId, frozenAt: event.data.frozenAt, positions: add(new Map(), event.data.assets, 'frozen') };
    case 'FundsReleased':
      if (state.status === 'none') return state;
      return { ...state, positions: add(state.positions, event.data.assets, 'released') };
    case 'FundsSeized':
      if (state.status === 'none') return state;
      return { ...state, positions: add(state.positions, event.data.assets, 'seized') };
    case 'FundsReturned':
      if (state.status === 'none') return state;
      return { ...state, positions: add(state.positions, event.data.assets, 'returned') };
    default:
      return assertNever(event, 'freeze event');
  }
}
