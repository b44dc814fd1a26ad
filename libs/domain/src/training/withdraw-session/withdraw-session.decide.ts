import { conflict, notFound } from '../../shared/domain-error';
import { requireText } from '../../shared/validation';
import type { TrainingSessionWithdrawn } from '../training.events';
import type { TrainingState } from '../training.state';
import type { WithdrawTrainingSession } from './withdraw-session.command';

export function withdrawSession(command: WithdrawTrainingSession, state: TrainingState): [TrainingSessionWithdrawn] {
  const { trainingId, reason } = command.data;
  if (state.status === 'none') throw notFound('training.not_found', `training ${trainingId} does not exist`);
  if (state.status === 'withdrawn') throw conflict('training.withdrawn', `training ${trainingId} is already withdrawn`);
  requireText('reason', reason, 1000);
  return [{ type: 'TrainingSessionWithdrawn', schemaVersion: 1, data: { trainingId, reason, withdrawnAt: command.context.now } }];
}
