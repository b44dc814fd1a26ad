import type { Decider } from './shared/domain-event';
import { invalid } from './shared/domain-error';
import { trainingDecider, type TrainingCommand } from './training/training.decider';
import type { TrainingEvent } from './training/training.events';

/**
 * The whole ledger's vocabulary: every command and event, and which decider and stream a command goes to.
 * Stream names are `<category>-<id>`; categories contain no dash (EventStoreDB takes the text before the
 * first dash as the category).
 */
export type LedgerCommand = TrainingCommand;
export type LedgerEvent = TrainingEvent;

export const CATEGORIES = ['training', 'request', 'freeze', 'incident'] as const;
export type Category = (typeof CATEGORIES)[number];

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function requireAggregateId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalid('invalid_id', `${field} must be 1-100 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit`, { field, value });
  }
  return value;
}

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
    default: {
      const unknown: { type?: unknown } = command;
      throw invalid('unknown_command', `unknown command type ${String(unknown.type)}`);
    }
  }
}
