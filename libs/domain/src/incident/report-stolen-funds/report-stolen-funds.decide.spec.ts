import { context, spec, stolenFundsReported } from '@ledger/test-support';
import { incidentDecider, type ReportStolenFunds } from '@ledger/domain';

const bridgeHack: ReportStolenFunds['data'] = {
  incidentId: 'inc-2024-3',
  usdValue: '4200000.12345678',
  reportedAt: '2024-03-01T08:00:00Z',
  kind: 'hack',
  country: 'SG',
};
const report = (data: Partial<ReportStolenFunds['data']> = {}): ReportStolenFunds => ({
  type: 'ReportStolenFunds',
  data: { ...bridgeHack, ...data },
  context: context(),
});
const reported = stolenFundsReported(bridgeHack);

describe('ReportStolenFunds', () => {
  it('reports stolen funds', () => spec(incidentDecider).given([]).when(report()).then([reported]));

  it('accepts a report dated by day only', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ reportedAt: '2024-03-01' }))
      .then([{ ...reported, data: { ...bridgeHack, reportedAt: '2024-03-01' } }]));

  it('refuses to report the same incident twice', () =>
    spec(incidentDecider).given([reported]).when(report()).thenThrows('incident.already_reported', 'conflict'));

  it('refuses a zero amount stolen', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ usdValue: '0' }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses a USD value with more than 8 decimals', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ usdValue: '1.123456789' }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses a negative USD value', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ usdValue: '-5' }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses an unknown kind of incident', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ kind: 'phishing' as ReportStolenFunds['data']['kind'] }))
      .thenThrows('invalid_choice', 'invalid'));

  it('refuses a report in the future', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ reportedAt: '2024-06-30T12:00:01Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a country that is not ISO alpha-2', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ country: 'sg' }))
      .thenThrows('invalid_country', 'invalid'));

  it('refuses an incident id that cannot be part of a stream name', () =>
    spec(incidentDecider)
      .given([])
      .when(report({ incidentId: '' }))
      .thenThrows('invalid_id', 'invalid'));
});
