import type { Command } from '../../shared/domain-event';
import type { FundsSeized } from '../freeze.events';

export type SeizeFunds = Command<'SeizeFunds', FundsSeized['data']>;
