import { requireText } from '../../shared/validation';
import type { FreezeReversed } from '../freeze.events';
import { requireFreeze } from '../freeze.rules';
import type { FreezeState } from '../freeze.state';
import type { ReverseFreeze } from './reverse-freeze.command';

export function reverseFreeze(command: ReverseFreeze, state: FreezeState): [FreezeReversed] {
  const { freezeId, reason } = command.data;
  requireFreeze(freezeId, state);
  requireText('reason', reason, 1000);
  return [{ type: 'FreezeReversed', schemaVersion: 1, data: { freezeId, reason, reversedAt: command.context.now } }];
}
