import type { Command } from '../../shared/domain-event';

export type WithdrawTrainingSession = Command<'WithdrawTrainingSession', { readonly trainingId: string; readonly reason: string }>;
