import { requireText } from '../../shared/validation';
import type { FundsReleased } from '../freeze.events';
import { checkDisposal, requireFreeze } from '../freeze.rules';
import type { FreezeState } from '../freeze.state';
import type { ReleaseFunds } from './release-funds.command';

export function releaseFunds(command: ReleaseFunds, state: FreezeState): [FundsReleased] {
  const { freezeId, assets, releasedAt, reason } = command.data;
  const frozen = requireFreeze(freezeId, state);
  const lines = checkDisposal(frozen, 'releasedAt', releasedAt, assets, command.context.now);
  requireText('reason', reason, 1000);
  return [{ type: 'FundsReleased', schemaVersion: 1, data: { freezeId, assets: lines, releasedAt, reason } }];
}
