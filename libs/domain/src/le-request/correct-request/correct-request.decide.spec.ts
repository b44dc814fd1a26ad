import { context, NOW, requestAnswered, requestCorrected, requestReceived, requestReversed, spec } from '@ledger/test-support';
import { leRequestDecider, type CorrectRequest, type LawEnforcementRequestCorrected } from '@ledger/domain';

const received = requestReceived({
  agency: { name: 'Polícia Federal', kind: 'police', country: 'BR' },
  dueBy: '2024-06-20',
  reference: 'PF-2024-118',
});
const answered = requestAnswered();
const reversed = requestReversed({ reason: 'entered against the wrong case', reversedAt: '2024-06-15T00:00:00Z' });
const correct = (changes: CorrectRequest['data']['changes'], reason = 'the letter was misread'): CorrectRequest => ({
  type: 'CorrectRequest',
  data: { requestId: 'req-1', changes, reason },
  context: context(),
});
const corrected = (
  changes: LawEnforcementRequestCorrected['data']['changes'],
  replaces: LawEnforcementRequestCorrected['data']['replaces'],
  reason = 'the letter was misread',
) => requestCorrected({ changes, replaces, reason, correctedAt: NOW });

describe('CorrectRequest', () => {
  it('corrects fields and records the values they replace, why, and when', () =>
    spec(leRequestDecider)
      .given([received])
      .when(correct({ kind: 'freeze', reference: 'PF-2024-181' }))
      .then([corrected({ kind: 'freeze', reference: 'PF-2024-181' }, { kind: 'information', reference: 'PF-2024-118' })]));

  it('corrects the agency as a whole, keeping only its known fields', () =>
    spec(leRequestDecider)
      .given([received])
      .when(correct({ agency: { name: 'Polícia Civil SP', kind: 'police', country: 'BR', extra: 1 } as never }))
      .then([corrected({ agency: { name: 'Polícia Civil SP', kind: 'police', country: 'BR' } }, { agency: received.data.agency })]));

  it('removes a deadline recorded in error with null, and records what it replaces', () =>
    spec(leRequestDecider)
      .given([received])
      .when(correct({ dueBy: null }))
      .then([corrected({ dueBy: null }, { dueBy: '2024-06-20' })]));

  it('replaces the values left by an earlier correction', () =>
    spec(leRequestDecider)
      .given([received, corrected({ kind: 'freeze' }, { kind: 'information' })])
      .when(correct({ kind: 'seizure' }, 'second look'))
      .then([corrected({ kind: 'seizure' }, { kind: 'freeze' }, 'second look')]));

  it('corrects an answered request, as long as the answer still follows the receipt', () =>
    spec(leRequestDecider)
      .given([received, answered])
      .when(correct({ receivedAt: '2024-06-11T08:00:00Z' }))
      .then([corrected({ receivedAt: '2024-06-11T08:00:00Z' }, { receivedAt: '2024-06-10T09:15:00Z' })]));

  it('refuses a receipt time moved after the answer (answeredAt >= receivedAt still holds)', () =>
    spec(leRequestDecider)
      .given([received, answered])
      .when(correct({ receivedAt: '2024-06-12T10:00:01Z' }))
      .thenThrows('request.answered_before_received', 'conflict'));

  it('refuses a receipt time moved after the deadline', () =>
    spec(leRequestDecider)
      .given([received])
      .when(correct({ receivedAt: '2024-06-21T00:00:00Z' }))
      .thenThrows('request.due_before_received', 'invalid'));

  it('refuses to correct a reversed request', () =>
    spec(leRequestDecider)
      .given([received, reversed])
      .when(correct({ kind: 'freeze' }))
      .thenThrows('request.reversed', 'conflict'));

  it('refuses to correct a request never received', () =>
    spec(leRequestDecider)
      .given([])
      .when(correct({ kind: 'freeze' }))
      .thenThrows('request.not_found', 'not_found'));

  it('refuses a correction that changes nothing, or a field a request does not have', () => {
    spec(leRequestDecider).given([received]).when(correct({})).thenThrows('request.empty_correction', 'invalid');
    spec(leRequestDecider)
      .given([received])
      .when(correct({ answeredAt: '2024-06-11T00:00:00Z' } as never))
      .thenThrows('request.unknown_field', 'invalid');
  });

  it('refuses a correction without a reason, or to a value the request could not have', () => {
    spec(leRequestDecider)
      .given([received])
      .when(correct({ kind: 'freeze' }, ' '))
      .thenThrows('invalid_text', 'invalid');
    spec(leRequestDecider)
      .given([received])
      .when(correct({ kind: 'subpoena' as never }))
      .thenThrows('invalid_choice', 'invalid');
    spec(leRequestDecider)
      .given([received])
      .when(correct({ reference: null as never }))
      .thenThrows('invalid_text', 'invalid');
  });
});
