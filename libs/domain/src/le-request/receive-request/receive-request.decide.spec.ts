import { context, requestReceived, spec } from '@ledger/test-support';
import { leRequestDecider, type ReceiveRequest } from '@ledger/domain';

const fromFgr: ReceiveRequest['data'] = {
  requestId: 'req-2024-0042',
  agency: { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
  kind: 'information',
  receivedAt: '2024-06-10T09:15:00Z',
  dueBy: '2024-06-13',
  reference: 'FGR/UEIDCS/123/2024',
};
const receive = (data: Partial<ReceiveRequest['data']> = {}): ReceiveRequest => ({
  type: 'ReceiveRequest',
  data: { ...fromFgr, ...data },
  context: context(),
});
const received = requestReceived(fromFgr);

describe('ReceiveRequest', () => {
  it('records a new request', () => spec(leRequestDecider).given([]).when(receive()).then([received]));

  it('records a request with no deadline', () => {
    const { dueBy: _omitted, ...noDeadline } = fromFgr;
    spec(leRequestDecider)
      .given([])
      .when({ type: 'ReceiveRequest', data: noDeadline, context: context() })
      .then([{ type: 'LawEnforcementRequestReceived', schemaVersion: 1, data: noDeadline }]);
  });

  it('accepts a deadline later than now (deadlines lie ahead)', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ dueBy: '2024-07-30T00:00:00Z' }))
      .then([{ ...received, data: { ...fromFgr, dueBy: '2024-07-30T00:00:00Z' } }]));

  it('accepts a deadline dated the day of receipt (a date is the whole day)', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ dueBy: '2024-06-10' }))
      .then([{ ...received, data: { ...fromFgr, dueBy: '2024-06-10' } }]));

  it('refuses to receive the same request twice', () =>
    spec(leRequestDecider).given([received]).when(receive()).thenThrows('request.already_received', 'conflict'));

  it('refuses a deadline before receipt', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ dueBy: '2024-06-09' }))
      .thenThrows('request.due_before_received', 'invalid'));

  it('refuses a deadline instant before the receipt instant', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ dueBy: '2024-06-10T09:00:00Z' }))
      .thenThrows('request.due_before_received', 'invalid'));

  it('refuses a deadline that is not a real date', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ dueBy: '2024-02-30' }))
      .thenThrows('invalid_time', 'invalid'));

  it('refuses receipt in the future, even by a minute', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ receivedAt: '2024-06-30T12:01:00Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a receipt date without a time (receivedAt is an instant)', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ receivedAt: '2024-06-10' }))
      .thenThrows('invalid_time', 'invalid'));

  it('refuses an unknown request kind', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ kind: 'subpoena' as ReceiveRequest['data']['kind'] }))
      .thenThrows('invalid_choice', 'invalid'));

  it('refuses an unknown agency kind', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ agency: { ...fromFgr.agency, kind: 'spies' as never } }))
      .thenThrows('invalid_choice', 'invalid'));

  it('refuses a missing agency', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ agency: null as never }))
      .thenThrows('request.invalid_agency', 'invalid'));

  it('refuses an agency country that is not ISO alpha-2', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ agency: { ...fromFgr.agency, country: 'MEX' } }))
      .thenThrows('invalid_country', 'invalid'));

  it('refuses an empty reference', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ reference: '  ' }))
      .thenThrows('invalid_text', 'invalid'));

  it('refuses a request id that cannot be part of a stream name', () =>
    spec(leRequestDecider)
      .given([])
      .when(receive({ requestId: 'req 42' }))
      .thenThrows('invalid_id', 'invalid'));
});
