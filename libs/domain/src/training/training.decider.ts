import { citesNothing } from '../shared/citations';
import { assertNever, exhaustive, type Decider } from '../shared/domain-event';
import { requireAggregateId } from '../shared/validation';
import { correctSession } from './correct-session/correct-session.decide';
import type { CorrectTrainingSession } from './correct-session/correct-session.command';
import { recordSession } from './record-session/record-session.decide';
import type { RecordTrainingSession } from './record-session/record-session.command';
import type { TrainingEvent } from './training.events';
import { evolveTraining, initialTrainingState, type TrainingState } from './training.state';
import { withdrawSession } from './withdraw-session/withdraw-session.decide';
import type { WithdrawTrainingSession } from './withdraw-session/withdraw-session.command';

export type TrainingCommand = RecordTrainingSession | CorrectTrainingSession | WithdrawTrainingSession;
export const TRAINING_COMMAND_TYPES = exhaustive<TrainingCommand['type']>()([
  'RecordTrainingSession',
  'CorrectTrainingSession',
  'WithdrawTrainingSession',
]);

export const trainingDecider: Decider<TrainingCommand, TrainingEvent, TrainingState> = {
  category: 'training',
  commandTypes: TRAINING_COMMAND_TYPES,
  aggregateIdOf: (command) => requireAggregateId('trainingId', command.data.trainingId),
  citationsOf: citesNothing,
  initialState: initialTrainingState,
  evolve: evolveTraining,
  decide(command, state) {
    switch (command.type) {
      case 'RecordTrainingSession':
        return recordSession(command, state);
      case 'CorrectTrainingSession':
        return correctSession(command, state);
      case 'WithdrawTrainingSession':
        return withdrawSession(command, state);
      default:
        return assertNever(command, 'training command');
    }
  },
};
