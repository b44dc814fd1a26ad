import { context, fundsRecovered, incidentCorrected, incidentReversed, NOW, spec, stolenFundsReported } from '@ledger/test-support';
import { incidentDecider, type CorrectIncident, type IncidentCorrected } from '@ledger/domain';

const reported = stolenFundsReported();
const recovered = fundsRecovered();
const reversed = incidentReversed({ reason: 'r', reversedAt: '2024-05-01T00:00:00Z' });
const correct = (changes: CorrectIncident['data']['changes'], reason = 'victim statement amended'): CorrectIncident => ({
  type: 'CorrectIncident',
  data: { incidentId: 'inc-1', changes, reason },
  context: context(),
});
const corrected = (changes: IncidentCorrected['data']['changes'], replaces: IncidentCorrected['data']['replaces']) =>
  incidentCorrected({ changes, replaces, reason: 'victim statement amended', correctedAt: NOW });

describe('CorrectIncident', () => {
  it('corrects the value stolen and the kind, recording what they replace', () =>
    spec(incidentDecider)
      .given([reported])
      .when(correct({ usdValue: '1250.5', kind: 'hack' }))
      .then([corrected({ usdValue: '1250.5', kind: 'hack' }, { usdValue: '1000', kind: 'scam' })]));

  it('corrects the stolen value down to exactly what is recovered, not below (recovered <= stolen)', () => {
    spec(incidentDecider)
      .given([reported, recovered])
      .when(correct({ usdValue: '600' }))
      .then([corrected({ usdValue: '600' }, { usdValue: '1000' })]);
    spec(incidentDecider)
      .given([reported, recovered])
      .when(correct({ usdValue: '599.99999999' }))
      .thenThrows('incident.recovery_exceeds_stolen', 'conflict');
  });

  it('refuses a report time moved after the first recovery', () =>
    spec(incidentDecider)
      .given([reported, recovered])
      .when(correct({ reportedAt: '2024-04-02' }))
      .thenThrows('incident.recovered_before_reported', 'conflict'));

  it('refuses a zero value, a bad country or kind, a future time', () => {
    spec(incidentDecider)
      .given([reported])
      .when(correct({ usdValue: '0' }))
      .thenThrows('invalid_decimal', 'invalid');
    spec(incidentDecider)
      .given([reported])
      .when(correct({ country: 'mx' }))
      .thenThrows('invalid_country', 'invalid');
    spec(incidentDecider)
      .given([reported])
      .when(correct({ kind: 'phishing' as never }))
      .thenThrows('invalid_choice', 'invalid');
    spec(incidentDecider)
      .given([reported])
      .when(correct({ reportedAt: '2024-07-01T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid');
  });

  it('refuses an empty correction, an unknown or removed field, or no reason', () => {
    spec(incidentDecider).given([reported]).when(correct({})).thenThrows('incident.empty_correction', 'invalid');
    spec(incidentDecider)
      .given([reported])
      .when(correct({ recoveredUsd: '1' } as never))
      .thenThrows('incident.unknown_field', 'invalid');
    spec(incidentDecider)
      .given([reported])
      .when(correct({ country: null as never }))
      .thenThrows('incident.field_required', 'invalid');
    spec(incidentDecider)
      .given([reported])
      .when(correct({ kind: 'hack' }, ''))
      .thenThrows('invalid_text', 'invalid');
  });

  it('refuses to correct a reversed incident, or one never reported', () => {
    spec(incidentDecider)
      .given([reported, reversed])
      .when(correct({ kind: 'hack' }))
      .thenThrows('incident.reversed', 'conflict');
    spec(incidentDecider)
      .given([])
      .when(correct({ kind: 'hack' }))
      .thenThrows('incident.not_found', 'not_found');
  });
});
