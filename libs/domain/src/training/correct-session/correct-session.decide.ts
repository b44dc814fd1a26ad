import { conflict, invalid, notFound } from '../../shared/domain-error';
import { requireText } from '../../shared/validation';
import type { TrainingSessionCorrected, TrainingSessionDetails } from '../training.events';
import { checkSessionDetails, knownSessionFields } from '../training.rules';
import type { TrainingState } from '../training.state';
import type { CorrectTrainingSession } from './correct-session.command';

/** Every field of a session, so a misspelt key cannot slip into a correction (and a new field cannot be left out). */
const CORRECTABLE: Record<keyof TrainingSessionDetails, true> = {
  deliveredOn: true,
  endsOn: true,
  country: true,
  city: true,
  format: true,
  agencies: true,
  participants: true,
  topics: true,
  partner: true,
};

export function correctSession(command: CorrectTrainingSession, state: TrainingState): [TrainingSessionCorrected] {
  const { trainingId, changes, reason } = command.data;
  if (state.status === 'none') throw notFound('training.not_found', `training ${trainingId} does not exist`);
  if (state.status === 'withdrawn') throw conflict('training.withdrawn', `training ${trainingId} was withdrawn; it cannot change`);
  requireText('reason', reason, 1000);
  const changedKeys = Object.keys(changes ?? {}) as (keyof TrainingSessionDetails)[];
  if (changedKeys.length === 0) throw invalid('training.empty_correction', 'a correction must change at least one field');
  const unknownKey = changedKeys.find((key) => !Object.prototype.hasOwnProperty.call(CORRECTABLE, key));
  if (unknownKey !== undefined) {
    throw invalid(
      'training.unknown_field',
      `changes.${String(unknownKey)} is not a field of a training session; expected any of ${Object.keys(CORRECTABLE).join(', ')}`,
    );
  }
  const replaces: Record<string, unknown> = {};
  for (const key of changedKeys) replaces[key] = state.details[key] ?? null;
  checkSessionDetails({ ...state.details, ...changes }, command.context.now);
  return [
    {
      type: 'TrainingSessionCorrected',
      schemaVersion: 1,
      data: {
        trainingId,
        changes: knownSessionFields(changes),
        replaces: replaces as Partial<TrainingSessionDetails>,
        reason,
        correctedAt: command.context.now,
      },
    },
  ];
}
