import type { Command } from '../../shared/domain-event';
import type { FreezeCorrected } from '../freeze.events';

/** Corrects recorded fields of a freeze (not its amounts); null removes a link to a request or incident. */
export type CorrectFreeze = Command<
  'CorrectFreeze',
  { readonly freezeId: string; readonly changes: FreezeCorrected['data']['changes']; readonly reason: string }
>;
