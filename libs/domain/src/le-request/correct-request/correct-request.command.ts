import type { Command } from '../../shared/domain-event';
import type { LawEnforcementRequestCorrected } from '../le-request.events';

/** Corrects recorded fields of a request; `dueBy: null` removes a deadline recorded in error. */
export type CorrectRequest = Command<
  'CorrectRequest',
  { readonly requestId: string; readonly changes: LawEnforcementRequestCorrected['data']['changes']; readonly reason: string }
>;
