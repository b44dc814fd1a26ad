import type { TrainingSessionCorrected, TrainingSessionRecorded, TrainingSessionWithdrawn } from '@ledger/domain';
import { DECIDED_AT, correctionOf, eventBuilder } from './event-builder';

export const trainingRecorded = eventBuilder<TrainingSessionRecorded>('TrainingSessionRecorded', {
  trainingId: 'mx-1',
  deliveredOn: '2024-06-12',
  country: 'MX',
  format: 'in_person',
  agencies: [{ name: 'Guardia Nacional', kind: 'police', country: 'MX' }],
  participants: 35,
  topics: [],
});

export const trainingCorrected = eventBuilder<TrainingSessionCorrected>('TrainingSessionCorrected', {
  trainingId: 'mx-1',
  ...correctionOf('attendance sheet recount'),
});

export const trainingWithdrawn = eventBuilder<TrainingSessionWithdrawn>('TrainingSessionWithdrawn', {
  trainingId: 'mx-1',
  reason: 'recorded twice',
  withdrawnAt: DECIDED_AT,
});
