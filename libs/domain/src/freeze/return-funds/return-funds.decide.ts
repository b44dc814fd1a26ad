import type { FundsReturned } from '../freeze.events';
import { checkDisposal, requireFreeze, requireFreezeLinks } from '../freeze.rules';
import type { FreezeState } from '../freeze.state';
import type { ReturnFunds } from './return-funds.command';

export function returnFunds(command: ReturnFunds, state: FreezeState): [FundsReturned] {
  const { freezeId, assets, returnedAt, incidentId } = command.data;
  const frozen = requireFreeze(freezeId, state);
  const lines = checkDisposal(frozen, 'returnedAt', returnedAt, assets, command.context.now);
  requireFreezeLinks(command.context, { incidentId });
  const data: FundsReturned['data'] =
    incidentId === undefined ? { freezeId, assets: lines, returnedAt } : { freezeId, assets: lines, returnedAt, incidentId };
  return [{ type: 'FundsReturned', schemaVersion: 1, data }];
}
