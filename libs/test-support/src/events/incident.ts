import type { FundsRecovered, IncidentCorrected, IncidentReversed, StolenFundsReported } from '@ledger/domain';
import { correctionOf, eventBuilder, REVERSAL } from './event-builder';

export const stolenFundsReported = eventBuilder<StolenFundsReported>('StolenFundsReported', {
  incidentId: 'inc-1',
  usdValue: '1000',
  reportedAt: '2024-03-01T08:00:00Z',
  kind: 'scam',
  country: 'MX',
});

export const fundsRecovered = eventBuilder<FundsRecovered>('FundsRecovered', {
  incidentId: 'inc-1',
  usdValue: '600',
  recoveredAt: '2024-04-01T00:00:00Z',
});

export const incidentCorrected = eventBuilder<IncidentCorrected>('IncidentCorrected', {
  incidentId: 'inc-1',
  ...correctionOf('victim statement amended'),
});

export const incidentReversed = eventBuilder<IncidentReversed>('IncidentReversed', { incidentId: 'inc-1', ...REVERSAL });
