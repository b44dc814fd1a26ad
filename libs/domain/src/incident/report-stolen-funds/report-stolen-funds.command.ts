import type { Command } from '../../shared/domain-event';
import type { StolenFundsReported } from '../incident.events';

export type ReportStolenFunds = Command<'ReportStolenFunds', StolenFundsReported['data']>;
