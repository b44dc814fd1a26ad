import { requireText } from '../../shared/validation';
import type { FundsSeized } from '../freeze.events';
import { checkDisposal, requireFreeze } from '../freeze.rules';
import type { FreezeState } from '../freeze.state';
import type { SeizeFunds } from './seize-funds.command';

export function seizeFunds(command: SeizeFunds, state: FreezeState): [FundsSeized] {
  const { freezeId, assets, seizedAt, authority, orderReference } = command.data;
  const frozen = requireFreeze(freezeId, state);
  const lines = checkDisposal(frozen, 'seizedAt', seizedAt, assets, command.context.now);
  requireText('authority', authority, 200);
  requireText('orderReference', orderReference, 200);
  return [{ type: 'FundsSeized', schemaVersion: 1, data: { freezeId, assets: lines, seizedAt, authority, orderReference } }];
}
