import { context, requestAnswered, requestReceived, requestWithdrawn, spec } from '@ledger/test-support';
import { leRequestDecider, type AnswerRequest } from '@ledger/domain';

const received = requestReceived();
const answer = (data: Partial<AnswerRequest['data']> = {}): AnswerRequest => ({
  type: 'AnswerRequest',
  data: { requestId: 'req-1', answeredAt: '2024-06-13T10:00:00Z', outcome: 'disclosed', ...data },
  context: context(),
});
const answered = requestAnswered({ answeredAt: '2024-06-13T10:00:00Z' });
const withdrawn = requestWithdrawn();

describe('AnswerRequest', () => {
  it('answers an open request', () => spec(leRequestDecider).given([received]).when(answer()).then([answered]));

  it('answers at the very instant of receipt', () =>
    spec(leRequestDecider)
      .given([received])
      .when(answer({ answeredAt: '2024-06-10T09:15:00Z', outcome: 'no_data' }))
      .then([{ ...answered, data: { requestId: 'req-1', answeredAt: '2024-06-10T09:15:00Z', outcome: 'no_data' } }]));

  it('refuses to answer a request that was never received', () =>
    spec(leRequestDecider).given([]).when(answer()).thenThrows('request.not_found', 'not_found'));

  it('answers a request once only', () =>
    spec(leRequestDecider)
      .given([received, answered])
      .when(answer({ outcome: 'rejected' }))
      .thenThrows('request.already_answered', 'conflict'));

  it('refuses an answer after withdrawal', () =>
    spec(leRequestDecider).given([received, withdrawn]).when(answer()).thenThrows('request.withdrawn', 'conflict'));

  it('refuses an answer before the request was received', () =>
    spec(leRequestDecider)
      .given([received])
      .when(answer({ answeredAt: '2024-06-10T09:14:59Z' }))
      .thenThrows('request.answered_before_received', 'conflict'));

  it('refuses an answer in the future', () =>
    spec(leRequestDecider)
      .given([received])
      .when(answer({ answeredAt: '2024-06-30T12:00:01Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses an unknown outcome', () =>
    spec(leRequestDecider)
      .given([received])
      .when(answer({ outcome: 'ignored' as AnswerRequest['data']['outcome'] }))
      .thenThrows('invalid_choice', 'invalid'));
});
