import type { Command } from '../../shared/domain-event';
import type { RequestOutcome } from '../le-request.events';

export type AnswerRequest = Command<
  'AnswerRequest',
  { readonly requestId: string; readonly answeredAt: string; readonly outcome: RequestOutcome }
>;
