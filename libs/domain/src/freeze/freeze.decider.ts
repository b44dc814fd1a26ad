import { cite, type Citation } from '../shared/citations';
import { assertNever, exhaustive, type Decider } from '../shared/domain-event';
import { requireAggregateId } from '../shared/validation';
import { correctFreeze } from './correct-freeze/correct-freeze.decide';
import type { CorrectFreeze } from './correct-freeze/correct-freeze.command';
import type { FreezeEvent } from './freeze.events';
import { evolveFreeze, initialFreezeState, type FreezeState } from './freeze.state';
import { freezeFunds } from './freeze-funds/freeze-funds.decide';
import type { FreezeFunds } from './freeze-funds/freeze-funds.command';
import { releaseFunds } from './release-funds/release-funds.decide';
import type { ReleaseFunds } from './release-funds/release-funds.command';
import { reverseFreeze } from './reverse-freeze/reverse-freeze.decide';
import type { ReverseFreeze } from './reverse-freeze/reverse-freeze.command';
import { returnFunds } from './return-funds/return-funds.decide';
import type { ReturnFunds } from './return-funds/return-funds.command';
import { seizeFunds } from './seize-funds/seize-funds.decide';
import type { SeizeFunds } from './seize-funds/seize-funds.command';

export type FreezeCommand = FreezeFunds | ReleaseFunds | SeizeFunds | ReturnFunds | CorrectFreeze | ReverseFreeze;
export const FREEZE_COMMAND_TYPES = exhaustive<FreezeCommand['type']>()([
  'FreezeFunds',
  'ReleaseFunds',
  'SeizeFunds',
  'ReturnFunds',
  'CorrectFreeze',
  'ReverseFreeze',
]);

export const freezeDecider: Decider<FreezeCommand, FreezeEvent, FreezeState> = {
  category: 'freeze',
  commandTypes: FREEZE_COMMAND_TYPES,
  aggregateIdOf: (command) => requireAggregateId('freezeId', command.data.freezeId),
  citationsOf: freezeCitations,
  initialState: initialFreezeState,
  evolve: evolveFreeze,
  decide(command, state) {
    switch (command.type) {
      case 'FreezeFunds':
        return freezeFunds(command, state);
      case 'ReleaseFunds':
        return releaseFunds(command, state);
      case 'SeizeFunds':
        return seizeFunds(command, state);
      case 'ReturnFunds':
        return returnFunds(command, state);
      case 'CorrectFreeze':
        return correctFreeze(command, state);
      case 'ReverseFreeze':
        return reverseFreeze(command, state);
      default:
        return assertNever(command, 'freeze command');
    }
  },
};

/**
 * A freeze cites the request it answers and the incident it traces to; a correction cites the ones it links anew, and
 * a return to a victim cites the incident. Read from unvalidated data: a malformed field cites nothing here, and
 * `decide` refuses it.
 */
function freezeCitations(command: FreezeCommand): Citation[] {
  const data = command.data as unknown as Record<string, unknown>;
  switch (command.type) {
    case 'FreezeFunds':
      return [...cite('requestId', 'request', data.requestId), ...cite('incidentId', 'incident', data.incidentId)];
    case 'CorrectFreeze': {
      const changes = (typeof data.changes === 'object' && data.changes !== null ? data.changes : {}) as Record<string, unknown>;
      return [...cite('changes.requestId', 'request', changes.requestId), ...cite('changes.incidentId', 'incident', changes.incidentId)];
    }
    case 'ReturnFunds':
      return cite('incidentId', 'incident', data.incidentId);
    default:
      return [];
  }
}
