import type {
  LawEnforcementRequestAnswered,
  LawEnforcementRequestAnswerSupplemented,
  LawEnforcementRequestCorrected,
  LawEnforcementRequestReceived,
  LawEnforcementRequestReversed,
  LawEnforcementRequestWithdrawn,
} from '@ledger/domain';
import { correctionOf, eventBuilder, REVERSAL } from './event-builder';

export const requestReceived = eventBuilder<LawEnforcementRequestReceived>('LawEnforcementRequestReceived', {
  requestId: 'req-1',
  agency: { name: 'Policía Federal Argentina', kind: 'police', country: 'AR' },
  kind: 'information',
  receivedAt: '2024-06-10T09:15:00Z',
  reference: 'PFA-2024-77',
});

export const requestAnswered = eventBuilder<LawEnforcementRequestAnswered>('LawEnforcementRequestAnswered', {
  requestId: 'req-1',
  answeredAt: '2024-06-12T10:00:00Z',
  outcome: 'disclosed',
});

export const requestWithdrawn = eventBuilder<LawEnforcementRequestWithdrawn>('LawEnforcementRequestWithdrawn', {
  requestId: 'req-1',
  withdrawnAt: '2024-06-11T00:00:00Z',
  reason: 'case closed by the agency',
});

export const requestCorrected = eventBuilder<LawEnforcementRequestCorrected>('LawEnforcementRequestCorrected', {
  requestId: 'req-1',
  ...correctionOf('the letter was misread'),
});

export const requestReversed = eventBuilder<LawEnforcementRequestReversed>('LawEnforcementRequestReversed', {
  requestId: 'req-1',
  ...REVERSAL,
});

export const answerSupplemented = eventBuilder<LawEnforcementRequestAnswerSupplemented>('LawEnforcementRequestAnswerSupplemented', {
  requestId: 'req-1',
  supplementedAt: '2024-06-20T08:00:00Z',
  outcome: 'disclosed',
});
