import { fold, incidentDecider, type FundsRecovered, type StolenFundsReported } from '@ledger/domain';

const reported: StolenFundsReported = {
  type: 'StolenFundsReported',
  schemaVersion: 1,
  data: { incidentId: 'inc-1', usdValue: '100.50', reportedAt: '2024-03-01', kind: 'ransomware', country: 'DE' },
};
const recovered = (usdValue: string): FundsRecovered => ({ type: 'FundsRecovered', schemaVersion: 1, data: { incidentId: 'inc-1', usdValue, recoveredAt: '2024-03-02' } });

describe('evolveIncident', () => {
  it('starts with no incident', () => expect(incidentDecider.initialState).toEqual({ status: 'none' }));

  it('keeps the amount stolen and the exact running total recovered, canonical', () =>
    expect(fold(incidentDecider, [reported, recovered('0.1'), recovered('0.20')])).toEqual({
      status: 'reported',
      incidentId: 'inc-1',
      kind: 'ransomware',
      reportedAt: '2024-03-01',
      stolenUsd: '100.5',
      recoveredUsd: '0.3',
    }));

  it('does not throw on a recovery with no report before it', () => expect(fold(incidentDecider, [recovered('1')])).toEqual({ status: 'none' }));
});
