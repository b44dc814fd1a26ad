import type { Command } from '../../shared/domain-event';
import type { TrainingSessionDetails } from '../training.events';

export type CorrectTrainingSession = Command<
  'CorrectTrainingSession',
  { readonly trainingId: string; readonly changes: Partial<TrainingSessionDetails>; readonly reason: string }
>;
