import type { Command } from '../../shared/domain-event';
import type { FundsReleased } from '../freeze.events';

export type ReleaseFunds = Command<'ReleaseFunds', FundsReleased['data']>;
