import type { Decider } from './shared/domain-event';
import { invalid } from './shared/domain-error';
import { requireAggregateId } from './shared/validation';
import { leRequestDecider, type LeRequestCommand } from './le-request/le-request.decider';
import type { LeRequestEvent } from './le-request/le-request.events';
import { freezeDecider, type FreezeCommand } from './freeze/freeze.decider';
import type { FreezeEvent } from './freeze/freeze.events';
import { trainingDecider, type TrainingCommand } from './training/training.decider';
import type { TrainingEvent } from './training/training.events';

/**
 * The whole ledger's vocabulary: every command and event, and which decider and stream a command goes to.
 * Stream names are `<category>-<id>`; categories contain no dash (EventStoreDB takes the text before the
 * first dash as the category).
 */
export type LedgerCommand = TrainingCommand | LeRequestCommand | FreezeCommand;
export type LedgerEvent = TrainingEvent | LeRequestEvent | FreezeEvent;

export const CATEGORIES = ['training', 'request', 'freeze', 'incident'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Lives in shared/validation so deciders can check referenced ids without importing this module. */
export { requireAggregateId };

export function streamName(category: Category, id: string): string {
  return `${category}-${id}`;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export interface CommandRoute {
  readonly category: Category;
  readonly stream: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly decider: Decider<any, any, any>;
}

/** Where a command goes: its category's decider and the stream of the aggregate it targets. */
export function routeCommand(command: LedgerCommand): CommandRoute {
  switch (command.type) {
    case 'RecordTrainingSession':
    case 'CorrectTrainingSession':
    case 'WithdrawTrainingSession':
      return { category: 'training', stream: streamName('training', requireAggregateId('trainingId', command.data.trainingId)), decider: trainingDecider };
    case 'ReceiveRequest':
    case 'AnswerRequest':
    case 'WithdrawRequest':
      return { category: 'request', stream: streamName('request', requireAggregateId('requestId', command.data.requestId)), decider: leRequestDecider };
    case 'FreezeFunds':
    case 'ReleaseFunds':
    case 'SeizeFunds':
    case 'ReturnFunds':
      return { category: 'freeze', stream: streamName('freeze', requireAggregateId('freezeId', command.data.freezeId)), decider: freezeDecider };
    default: {
      const unknown: { type?: unknown } = command;
      throw invalid('unknown_command', `unknown command type ${String(unknown.type)}`);
    }
  }
}
