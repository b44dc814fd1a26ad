import { fold, incidentDecider } from '@ledger/domain';
import { fundsRecovered, incidentCorrected, incidentReversed, stolenFundsReported } from '@ledger/test-support';

const reported = stolenFundsReported({ usdValue: '100.50', reportedAt: '2024-03-01', kind: 'ransomware', country: 'DE' });
const recovered = (usdValue: string) => fundsRecovered({ usdValue, recoveredAt: '2024-03-02' });

describe('evolveIncident', () => {
  it('starts with no incident', () => expect(incidentDecider.initialState).toEqual({ status: 'none' }));

  it('keeps the amount stolen and the exact running total recovered, canonical', () =>
    expect(fold(incidentDecider, [reported, recovered('0.1'), recovered('0.20')])).toEqual({
      status: 'reported',
      incidentId: 'inc-1',
      kind: 'ransomware',
      reportedAt: '2024-03-01',
      country: 'DE',
      stolenUsd: '100.5',
      recoveredUsd: '0.3',
      firstRecoveredAt: '2024-03-02',
    }));

  it('applies a correction over the report, keeps the recoveries, and marks a reversal', () => {
    const corrected = incidentCorrected({
      changes: { usdValue: '200.00', country: 'AT' },
      replaces: { usdValue: '100.5', country: 'DE' },
      reason: 'r',
      correctedAt: '2024-03-05T00:00:00Z',
    });
    const reversed = incidentReversed({ reason: 'r', reversedAt: '2024-03-06T00:00:00Z' });
    expect(fold(incidentDecider, [reported, recovered('1'), corrected])).toMatchObject({
      status: 'reported',
      stolenUsd: '200',
      country: 'AT',
      recoveredUsd: '1',
    });
    expect(fold(incidentDecider, [reported, corrected, reversed])).toMatchObject({
      status: 'reversed',
      reversedAt: '2024-03-06T00:00:00Z',
      stolenUsd: '200',
    });
  });

  it('does not throw on a recovery with no report before it', () =>
    expect(fold(incidentDecider, [recovered('1')])).toEqual({ status: 'none' }));
});
