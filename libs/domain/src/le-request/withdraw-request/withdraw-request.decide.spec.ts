import { context, NOW, requestAnswered, requestReceived, requestWithdrawn, spec } from '@ledger/test-support';
import { leRequestDecider, type WithdrawRequest } from '@ledger/domain';

const received = requestReceived({
  agency: { name: 'INTERPOL', kind: 'international', country: 'FR' },
  kind: 'preservation',
  reference: 'IP/2024/991',
});
const answered = requestAnswered({ outcome: 'partially_disclosed' });
const withdraw = (data: Partial<WithdrawRequest['data']> = {}): WithdrawRequest => ({
  type: 'WithdrawRequest',
  data: { requestId: 'req-1', reason: 'agency withdrew the letter', ...data },
  context: context(),
});
const withdrawnAt = (at: string) => requestWithdrawn({ withdrawnAt: at, reason: 'agency withdrew the letter' });

describe('WithdrawRequest', () => {
  it('withdraws an open request at the decision time when no time is given', () =>
    spec(leRequestDecider)
      .given([received])
      .when(withdraw())
      .then([withdrawnAt(NOW)]));

  it('withdraws at the time given', () =>
    spec(leRequestDecider)
      .given([received])
      .when(withdraw({ withdrawnAt: '2024-06-11T08:00:00Z' }))
      .then([withdrawnAt('2024-06-11T08:00:00Z')]));

  it('refuses to withdraw a request that was never received', () =>
    spec(leRequestDecider).given([]).when(withdraw()).thenThrows('request.not_found', 'not_found'));

  it('refuses withdrawal after an answer', () =>
    spec(leRequestDecider).given([received, answered]).when(withdraw()).thenThrows('request.already_answered', 'conflict'));

  it('refuses a second withdrawal', () =>
    spec(leRequestDecider)
      .given([received, withdrawnAt(NOW)])
      .when(withdraw())
      .thenThrows('request.withdrawn', 'conflict'));

  it('refuses a withdrawal before receipt', () =>
    spec(leRequestDecider)
      .given([received])
      .when(withdraw({ withdrawnAt: '2024-06-01T00:00:00Z' }))
      .thenThrows('request.withdrawn_before_received', 'conflict'));

  it('refuses a withdrawal in the future', () =>
    spec(leRequestDecider)
      .given([received])
      .when(withdraw({ withdrawnAt: '2024-07-01T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a withdrawal without a reason', () =>
    spec(leRequestDecider)
      .given([received])
      .when(withdraw({ reason: '' }))
      .thenThrows('invalid_text', 'invalid'));
});
