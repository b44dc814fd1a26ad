import { context, NOW, spec, trainingRecorded, trainingWithdrawn } from '@ledger/test-support';
import { trainingDecider, type WithdrawTrainingSession } from '@ledger/domain';

const online = trainingRecorded({
  trainingId: 'interpol-2024-online',
  deliveredOn: '2024-04-09',
  country: 'FR',
  format: 'virtual',
  agencies: [{ name: 'INTERPOL', kind: 'international', country: 'FR' }],
  participants: 31,
  topics: ['on-chain investigations'],
  partner: 'INTERPOL',
});
const withdraw = (reason = 'duplicate of interpol-2024-04'): WithdrawTrainingSession => ({
  type: 'WithdrawTrainingSession',
  data: { trainingId: 'interpol-2024-online', reason },
  context: context(),
});
const withdrawn = trainingWithdrawn({ trainingId: 'interpol-2024-online', reason: 'duplicate of interpol-2024-04', withdrawnAt: NOW });

describe('WithdrawTrainingSession', () => {
  it('withdraws a recorded training at the decision time', () => spec(trainingDecider).given([online]).when(withdraw()).then([withdrawn]));

  it('refuses to withdraw a training that does not exist', () =>
    spec(trainingDecider).given([]).when(withdraw()).thenThrows('training.not_found', 'not_found'));

  it('refuses to withdraw twice', () =>
    spec(trainingDecider).given([online, withdrawn]).when(withdraw()).thenThrows('training.withdrawn', 'conflict'));

  it('refuses a withdrawal without a reason', () =>
    spec(trainingDecider).given([online]).when(withdraw('   ')).thenThrows('invalid_text', 'invalid'));
});
