import type { Command } from '../../shared/domain-event';
import type { FundsFrozen } from '../freeze.events';

export type FreezeFunds = Command<'FreezeFunds', FundsFrozen['data']>;
