import { context, NOW, requestAnswered, requestReceived, requestReversed, requestWithdrawn, spec } from '@ledger/test-support';
import { leRequestDecider, type ReverseRequest } from '@ledger/domain';

const received = requestReceived({ agency: { name: 'NCA', kind: 'police', country: 'GB' }, reference: 'NCA-77' });
const answered = requestAnswered({ outcome: 'no_data' });
const withdrawn = requestWithdrawn({ reason: 'closed' });
const reverse = (reason = 'test entry made in production'): ReverseRequest => ({
  type: 'ReverseRequest',
  data: { requestId: 'req-1', reason },
  context: context(),
});
const reversed = requestReversed({ reason: 'test entry made in production', reversedAt: NOW });

describe('ReverseRequest', () => {
  it('reverses an open request at the decision time', () => spec(leRequestDecider).given([received]).when(reverse()).then([reversed]));

  it('reverses an answered or a withdrawn request: the whole record was made in error', () => {
    spec(leRequestDecider).given([received, answered]).when(reverse()).then([reversed]);
    spec(leRequestDecider).given([received, withdrawn]).when(reverse()).then([reversed]);
  });

  it('refuses to reverse twice', () =>
    spec(leRequestDecider).given([received, reversed]).when(reverse()).thenThrows('request.reversed', 'conflict'));

  it('lets nothing follow a reversal: no answer, withdrawal or new receipt', () => {
    spec(leRequestDecider)
      .given([received, reversed])
      .when({
        type: 'AnswerRequest',
        data: { requestId: 'req-1', answeredAt: '2024-06-12T10:00:00Z', outcome: 'disclosed' },
        context: context(),
      })
      .thenThrows('request.reversed', 'conflict');
    spec(leRequestDecider)
      .given([received, reversed])
      .when({ type: 'WithdrawRequest', data: { requestId: 'req-1', reason: 'x' }, context: context() })
      .thenThrows('request.reversed', 'conflict');
    spec(leRequestDecider)
      .given([received, reversed])
      .when({ type: 'ReceiveRequest', data: received.data, context: context() })
      .thenThrows('request.already_received', 'conflict');
  });

  it('refuses to reverse a request never received', () =>
    spec(leRequestDecider).given([]).when(reverse()).thenThrows('request.not_found', 'not_found'));

  it('refuses a reversal without a reason', () =>
    spec(leRequestDecider).given([received]).when(reverse('')).thenThrows('invalid_text', 'invalid'));
});
