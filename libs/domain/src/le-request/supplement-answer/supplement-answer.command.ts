import type { Command } from '../../shared/domain-event';
import type { RequestOutcome } from '../le-request.events';

/** More sent after the answer; `outcome` is the request's outcome after it. `supplementedAt` defaults to the decision time. */
export type SupplementAnswer = Command<
  'SupplementAnswer',
  { readonly requestId: string; readonly outcome: RequestOutcome; readonly supplementedAt?: string; readonly note?: string }
>;
