import { applyChanges } from '../shared/corrections';
import { assertNever } from '../shared/domain-event';
import { canonical, decimal, sum, type Exact } from '../shared/money';
import type { AssetAmount } from '../shared/types';
import { compareTimes } from '../shared/validation';
import type { FreezeDetails, FreezeEvent } from './freeze.events';

/** Running totals of one asset in a freeze, as canonical decimal strings. */
export interface AssetPosition {
  readonly frozen: string;
  readonly released: string;
  readonly seized: string;
  readonly returned: string;
}

interface RecordedFreeze {
  readonly freezeId: string;
  /** The freeze time as it stands (after corrections); also in `details`. */
  readonly frozenAt: string;
  readonly details: FreezeDetails;
  /** Keyed by asset code; a Map so an asset named like an Object property cannot collide with one. */
  readonly positions: ReadonlyMap<string, AssetPosition>;
  /** Earliest release, seizure or return: a corrected freeze time may not move after it. */
  readonly firstDisposalAt?: string;
}

export type FreezeState =
  | { readonly status: 'none' }
  | ({ readonly status: 'frozen' } & RecordedFreeze)
  | ({ readonly status: 'reversed'; readonly reversedAt: string } & RecordedFreeze);

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

function disposed(
  state: Exclude<FreezeState, { status: 'none' }>,
  assets: readonly AssetAmount[],
  field: keyof AssetPosition,
  at: string,
): FreezeState {
  const firstDisposalAt = state.firstDisposalAt === undefined || compareTimes(at, state.firstDisposalAt) < 0 ? at : state.firstDisposalAt;
  return { ...state, positions: add(state.positions, assets, field), firstDisposalAt };
}

/** Folds recorded facts; a release, seizure or return with no freeze before it leaves the state as it was. */
export function evolveFreeze(state: FreezeState, event: FreezeEvent): FreezeState {
  switch (event.type) {
    case 'FundsFrozen': {
      const { freezeId, frozenAt, reason, country, requestId, incidentId } = event.data;
      const details: FreezeDetails = {
        frozenAt,
        reason,
        country,
        ...(requestId !== undefined && { requestId }),
        ...(incidentId !== undefined && { incidentId }),
      };
      return { status: 'frozen', freezeId, frozenAt, details, positions: add(new Map(), event.data.assets, 'frozen') };
    }
    case 'FundsReleased':
      if (state.status === 'none') return state;
      return disposed(state, event.data.assets, 'released', event.data.releasedAt);
    case 'FundsSeized':
      if (state.status === 'none') return state;
      return disposed(state, event.data.assets, 'seized', event.data.seizedAt);
    case 'FundsReturned':
      if (state.status === 'none') return state;
      return disposed(state, event.data.assets, 'returned', event.data.returnedAt);
    case 'FreezeCorrected': {
      if (state.status === 'none') return state;
      const details = applyChanges(state.details, event.data.changes);
      return { ...state, details, frozenAt: details.frozenAt };
    }
    case 'FreezeReversed':
      if (state.status === 'none') return state;
      return { ...state, status: 'reversed', reversedAt: event.data.reversedAt };
    default:
      return assertNever(event, 'freeze event');
  }
}
