import type { Command } from '../../shared/domain-event';
import type { LawEnforcementRequestReceived } from '../le-request.events';

export type ReceiveRequest = Command<'ReceiveRequest', LawEnforcementRequestReceived['data']>;
