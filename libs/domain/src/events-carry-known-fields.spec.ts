import { context } from '@ledger/test-support';
import { freezeDecider, incidentDecider, leRequestDecider, type FundsFrozen } from '@ledger/domain';

/** Events are kept and hashed forever: a field the schema does not know must not ride along from a loose caller. */
describe('events carry only the fields their schema knows', () => {
  const junk = { isAdmin: true, note: 'stray' };

  it('ReceiveRequest', () => {
    const [event] = leRequestDecider.decide(
      {
        type: 'ReceiveRequest',
        data: { requestId: 'r1', agency: { name: 'PF', kind: 'police', country: 'BR', ...junk }, kind: 'information', receivedAt: '2024-06-01T00:00:00Z', reference: 'x', ...junk } as never,
        context: context(),
      },
      leRequestDecider.initialState,
    );
    expect(event.data).toEqual({ requestId: 'r1', agency: { name: 'PF', kind: 'police', country: 'BR' }, kind: 'information', receivedAt: '2024-06-01T00:00:00Z', reference: 'x' });
  });

  it('FreezeFunds and the asset lines of a release', () => {
    const [frozen] = freezeDecider.decide(
      {
        type: 'FreezeFunds',
        data: { freezeId: 'f1', assets: [{ asset: 'BTC', amount: '1', usdValue: '1', ...junk }], frozenAt: '2024-06-01', reason: 'r', country: 'BR', ...junk } as never,
        context: context(),
      },
      freezeDecider.initialState,
    );
    expect(frozen.data).toEqual({ freezeId: 'f1', assets: [{ asset: 'BTC', amount: '1', usdValue: '1' }], frozenAt: '2024-06-01', reason: 'r', country: 'BR' });
    const [released] = freezeDecider.decide(
      { type: 'ReleaseFunds', data: { freezeId: 'f1', assets: [{ asset: 'BTC', amount: '1', usdValue: '1', ...junk }], releasedAt: '2024-06-02', reason: 'r', ...junk } as never, context: context() },
      freezeDecider.evolve(freezeDecider.initialState, frozen as FundsFrozen),
    );
    expect(released.data).toEqual({ freezeId: 'f1', assets: [{ asset: 'BTC', amount: '1', usdValue: '1' }], releasedAt: '2024-06-02', reason: 'r' });
  });

  it('ReportStolenFunds', () => {
    const [event] = incidentDecider.decide(
      { type: 'ReportStolenFunds', data: { incidentId: 'i1', usdValue: '5', reportedAt: '2024-06-01', kind: 'hack', country: 'BR', ...junk } as never, context: context() },
      incidentDecider.initialState,
    );
    expect(event.data).toEqual({ incidentId: 'i1', usdValue: '5', reportedAt: '2024-06-01', kind: 'hack', country: 'BR' });
  });
});
