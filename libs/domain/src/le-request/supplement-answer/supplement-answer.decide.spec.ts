import {
  answerSupplemented,
  context,
  NOW,
  requestAnswered,
  requestReceived,
  requestReversed,
  requestWithdrawn,
  spec,
} from '@ledger/test-support';
import { fold, leRequestDecider, type LawEnforcementRequestAnswerSupplemented, type SupplementAnswer } from '@ledger/domain';

const received = requestReceived({ agency: { name: 'UIF', kind: 'financial_intelligence', country: 'AR' }, reference: 'UIF-9' });
const answered = requestAnswered({ outcome: 'partially_disclosed' });
const supplement = (data: Partial<SupplementAnswer['data']> = {}): SupplementAnswer => ({
  type: 'SupplementAnswer',
  data: {
    requestId: 'req-1',
    outcome: 'disclosed',
    supplementedAt: '2024-06-20T08:00:00Z',
    note: 'statements for the second account',
    ...data,
  },
  context: context(),
});
const supplemented = (data: Partial<LawEnforcementRequestAnswerSupplemented['data']> = {}) =>
  answerSupplemented({ note: 'statements for the second account', ...data });

describe('SupplementAnswer', () => {
  it('supplements an answered request with the outcome after it', () =>
    spec(leRequestDecider).given([received, answered]).when(supplement()).then([supplemented()]));

  it('supplements at the decision time when no time is given, without a note', () =>
    spec(leRequestDecider)
      .given([received, answered])
      .when({ type: 'SupplementAnswer', data: { requestId: 'req-1', outcome: 'disclosed' }, context: context() })
      .then([
        {
          type: 'LawEnforcementRequestAnswerSupplemented',
          schemaVersion: 1,
          data: { requestId: 'req-1', supplementedAt: NOW, outcome: 'disclosed' },
        },
      ]));

  it('keeps the first answer as the response time and takes the supplement outcome', () =>
    expect(fold(leRequestDecider, [received, answered, supplemented()])).toMatchObject({
      status: 'answered',
      answeredAt: '2024-06-12T10:00:00Z',
      outcome: 'disclosed',
      lastSupplementedAt: '2024-06-20T08:00:00Z',
    }));

  it('supplements again, but not before the latest supplement', () => {
    spec(leRequestDecider)
      .given([received, answered, supplemented()])
      .when(supplement({ supplementedAt: '2024-06-21T00:00:00Z' }))
      .then([supplemented({ supplementedAt: '2024-06-21T00:00:00Z' })]);
    spec(leRequestDecider)
      .given([received, answered, supplemented()])
      .when(supplement({ supplementedAt: '2024-06-19T00:00:00Z' }))
      .thenThrows('request.supplemented_before_answer', 'conflict');
  });

  it('refuses a supplement before the answer', () =>
    spec(leRequestDecider)
      .given([received, answered])
      .when(supplement({ supplementedAt: '2024-06-12T09:59:59Z' }))
      .thenThrows('request.supplemented_before_answer', 'conflict'));

  it('refuses to supplement a request not answered, withdrawn, or never received', () => {
    const withdrawn = requestWithdrawn({ reason: 'closed' });
    spec(leRequestDecider).given([received]).when(supplement()).thenThrows('request.not_answered', 'conflict');
    spec(leRequestDecider).given([received, withdrawn]).when(supplement()).thenThrows('request.not_answered', 'conflict');
    spec(leRequestDecider).given([]).when(supplement()).thenThrows('request.not_found', 'not_found');
  });

  it('refuses a supplement after a reversal', () =>
    spec(leRequestDecider)
      .given([received, answered, requestReversed({ reason: 'r', reversedAt: '2024-06-15T00:00:00Z' })])
      .when(supplement())
      .thenThrows('request.reversed', 'conflict'));

  it('refuses an unknown outcome, a blank note, or a time in the future', () => {
    spec(leRequestDecider)
      .given([received, answered])
      .when(supplement({ outcome: 'more' as never }))
      .thenThrows('invalid_choice', 'invalid');
    spec(leRequestDecider)
      .given([received, answered])
      .when(supplement({ note: ' ' }))
      .thenThrows('invalid_text', 'invalid');
    spec(leRequestDecider)
      .given([received, answered])
      .when(supplement({ supplementedAt: '2024-07-01T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid');
  });
});
