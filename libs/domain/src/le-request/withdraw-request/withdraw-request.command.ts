import type { Command } from '../../shared/domain-event';

/** `withdrawnAt` defaults to the decision time when the caller does not know a better one. */
export type WithdrawRequest = Command<
  'WithdrawRequest',
  { readonly requestId: string; readonly reason: string; readonly withdrawnAt?: string }
>;
