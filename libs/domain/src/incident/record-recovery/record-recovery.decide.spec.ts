import { citing, context, fundsRecovered, spec, stolenFundsReported } from '@ledger/test-support';
import { incidentDecider, type FundsRecovered, type RecordRecovery } from '@ledger/domain';

const reported = stolenFundsReported({ usdValue: '1000.3' });
const recover = (data: Partial<RecordRecovery['data']> = {}): RecordRecovery => ({
  type: 'RecordRecovery',
  data: { incidentId: 'inc-1', usdValue: '400.1', recoveredAt: '2024-04-01T00:00:00Z', freezeId: 'frz-9', ...data },
  context: citing({ 'freeze-frz-9': 'recorded' }),
});
const recovered = (data: Partial<FundsRecovered['data']> = {}) => fundsRecovered({ ...recover().data, ...data });

describe('RecordRecovery', () => {
  it('records a recovery linked to a freeze', () => spec(incidentDecider).given([reported]).when(recover()).then([recovered()]));

  it('records a recovery with no freeze behind it', () => {
    const { freezeId: _none, ...unlinked } = recover().data;
    spec(incidentDecider)
      .given([reported])
      .when({ type: 'RecordRecovery', data: unlinked, context: context() })
      .then([{ type: 'FundsRecovered', schemaVersion: 1, data: unlinked }]);
  });

  it('recovers exactly what was stolen over several recoveries (0.1 + 0.2 style sums stay exact)', () =>
    spec(incidentDecider)
      .given([reported, recovered({ usdValue: '400.1' }), recovered({ usdValue: '400.2' })])
      .when(recover({ usdValue: '200' }))
      .then([recovered({ usdValue: '200' })]));

  it('refuses a recovery that takes the total past what was stolen', () =>
    spec(incidentDecider)
      .given([reported, recovered({ usdValue: '400.1' }), recovered({ usdValue: '400.2' })])
      .when(recover({ usdValue: '200.00000001' }))
      .thenThrows('incident.recovery_exceeds_stolen', 'conflict'));

  it('refuses a single recovery larger than the theft', () =>
    spec(incidentDecider)
      .given([reported])
      .when(recover({ usdValue: '1000.30000001' }))
      .thenThrows('incident.recovery_exceeds_stolen', 'conflict'));

  it('refuses a recovery for an incident never reported', () =>
    spec(incidentDecider).given([]).when(recover()).thenThrows('incident.not_found', 'not_found'));

  it('refuses a recovery before the theft was reported', () =>
    spec(incidentDecider)
      .given([reported])
      .when(recover({ recoveredAt: '2024-03-01T07:59:59Z' }))
      .thenThrows('incident.recovered_before_reported', 'conflict'));

  it('accepts a recovery dated the day of the report (a date is the whole day)', () =>
    spec(incidentDecider)
      .given([reported])
      .when(recover({ recoveredAt: '2024-03-01' }))
      .then([recovered({ recoveredAt: '2024-03-01' })]));

  it('refuses a recovery in the future', () =>
    spec(incidentDecider)
      .given([reported])
      .when(recover({ recoveredAt: '2024-07-01T00:00:00Z' }))
      .thenThrows('time_in_future', 'invalid'));

  it('refuses a zero recovery', () =>
    spec(incidentDecider)
      .given([reported])
      .when(recover({ usdValue: '0.00' }))
      .thenThrows('invalid_decimal', 'invalid'));

  it('refuses a recovery citing a freeze the ledger does not hold', () =>
    spec(incidentDecider)
      .given([reported])
      .when({ ...recover(), context: citing({ 'freeze-frz-9': 'none' }) })
      .thenThrows('citation.freeze_not_found', 'conflict'));

  it('refuses a recovery citing a reversed freeze', () =>
    spec(incidentDecider)
      .given([reported])
      .when({ ...recover(), context: citing({ 'freeze-frz-9': 'reversed' }) })
      .thenThrows('citation.freeze_not_found', 'conflict'));

  it('refuses a recovery for a reversed incident', () =>
    spec(incidentDecider)
      .given([
        reported,
        {
          type: 'IncidentReversed',
          schemaVersion: 1,
          data: { incidentId: 'inc-1', reason: 'test entry', reversedAt: '2024-05-01T00:00:00Z' },
        },
      ])
      .when(recover())
      .thenThrows('incident.reversed', 'conflict'));

  it('refuses a malformed freeze reference', () =>
    spec(incidentDecider)
      .given([reported])
      .when(recover({ freezeId: 'freeze 9' }))
      .thenThrows('invalid_id', 'invalid'));
});
