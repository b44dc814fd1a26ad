import { context, fundsRecovered, incidentReversed, NOW, spec, stolenFundsReported } from '@ledger/test-support';
import { incidentDecider, type ReverseIncident } from '@ledger/domain';

const reported = stolenFundsReported({ kind: 'hack', country: 'SG' });
const recovered = fundsRecovered({ usdValue: '10' });
const reverse = (reason = 'reported twice; the other report stands'): ReverseIncident => ({
  type: 'ReverseIncident',
  data: { incidentId: 'inc-1', reason },
  context: context(),
});
const reversed = incidentReversed({ reason: 'reported twice; the other report stands', reversedAt: NOW });

describe('ReverseIncident', () => {
  it('reverses a reported incident, recoveries and all', () =>
    spec(incidentDecider).given([reported, recovered]).when(reverse()).then([reversed]));

  it('lets nothing follow a reversal', () => {
    spec(incidentDecider).given([reported, reversed]).when(reverse()).thenThrows('incident.reversed', 'conflict');
    spec(incidentDecider)
      .given([reported, reversed])
      .when({
        type: 'RecordRecovery',
        data: { incidentId: 'inc-1', usdValue: '1', recoveredAt: '2024-04-02T00:00:00Z' },
        context: context(),
      })
      .thenThrows('incident.reversed', 'conflict');
    spec(incidentDecider)
      .given([reported, reversed])
      .when({ type: 'ReportStolenFunds', data: reported.data, context: context() })
      .thenThrows('incident.already_reported', 'conflict');
  });

  it('refuses to reverse an incident never reported, or without a reason', () => {
    spec(incidentDecider).given([]).when(reverse()).thenThrows('incident.not_found', 'not_found');
    spec(incidentDecider).given([reported]).when(reverse('')).thenThrows('invalid_text', 'invalid');
  });
});
