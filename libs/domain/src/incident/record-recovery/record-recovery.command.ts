import type { Command } from '../../shared/domain-event';
import type { FundsRecovered } from '../incident.events';

export type RecordRecovery = Command<'RecordRecovery', FundsRecovered['data']>;
