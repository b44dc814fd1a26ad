import type { Command } from '../../shared/domain-event';
import type { TrainingSessionDetails } from '../training.events';

export type RecordTrainingSession = Command<'RecordTrainingSession', TrainingSessionDetails & { readonly trainingId: string }>;
