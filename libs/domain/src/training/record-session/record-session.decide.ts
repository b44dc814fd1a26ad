import { conflict } from '../../shared/domain-error';
import { requireText } from '../../shared/validation';
import type { TrainingSessionDetails, TrainingSessionRecorded } from '../training.events';
import { checkSessionDetails, knownSessionFields } from '../training.rules';
import type { TrainingState } from '../training.state';
import type { RecordTrainingSession } from './record-session.command';

export function recordSession(command: RecordTrainingSession, state: TrainingState): [TrainingSessionRecorded] {
  if (state.status !== 'none') {
    throw conflict('training.already_recorded', `training ${command.data.trainingId} is already recorded`);
  }
  requireText('trainingId', command.data.trainingId, 100);
  checkSessionDetails(command.data, command.context.now);
  const details = knownSessionFields(command.data) as TrainingSessionDetails;
  return [{ type: 'TrainingSessionRecorded', schemaVersion: 1, data: { trainingId: command.data.trainingId, ...details } }];
}
