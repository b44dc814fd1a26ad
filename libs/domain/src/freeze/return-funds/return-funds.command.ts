import type { Command } from '../../shared/domain-event';
import type { FundsReturned } from '../freeze.events';

export type ReturnFunds = Command<'ReturnFunds', FundsReturned['data']>;
