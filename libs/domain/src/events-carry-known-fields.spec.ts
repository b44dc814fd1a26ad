import { context } from '@ledger/test-support';
import { freezeDecider, incidentDecider, leRequestDecider, type FundsFrozen } from '@ledger/domain';

/** Events are kept and hashed forever: a field the schema does not know must not ride along from a loose caller. */
describe('events carry only the fields their schema knows', () => {
  const junk = { isAdmin: true, note: 'stray' };

  it('ReceiveRequest', () => {
    const [event] = leRequestDecider.decide(
      {
        type: 'ReceiveRequest',
        data: {
          requestId: 'r1',
          agency: { name: 'PF', kind: 'police', country: 'BR', ...junk },
          kind: 'information',
          receivedAt: '2024-06-01T00:00:00Z',
          reference: 'x',
          ...junk,
        } as never,
        context: context(),
      },
      leRequestDecider.initialState,
    );
    expect(event.data).toEqual({
      requestId: 'r1',
      agency: { name: 'PF', kind: 'police', country: 'BR' },
      kind: 'information',
      receivedAt: '2024-06-01T00:00:00Z',
      reference: 'x',
    });
  });

  it('FreezeFunds and the asset lines of a release', () => {
    const [frozen] = freezeDecider.decide(
      {
        type: 'FreezeFunds',
        data: {
          freezeId: 'f1',
          assets: [{ asset: 'BTC', amount: '1', usdValue: '1', ...junk }],
          frozenAt: '2024-06-01',
          reason: 'r',
          country: 'BR',
          ...junk,
        } as never,
        context: context(),
      },
      freezeDecider.initialState,
    );
    expect(frozen.data).toEqual({
      freezeId: 'f1',
      assets: [{ asset: 'BTC', amount: '1', usdValue: '1' }],
      frozenAt: '2024-06-01',
      reason: 'r',
      country: 'BR',
    });
    const [released] = freezeDecider.decide(
      {
        type: 'ReleaseFunds',
        data: {
          freezeId: 'f1',
          assets: [{ asset: 'BTC', amount: '1', usdValue: '1', ...junk }],
          releasedAt: '2024-06-02',
          reason: 'r',
          ...junk,
        } as never,
        context: context(),
      },
      freezeDecider.evolve(freezeDecider.initialState, frozen as FundsFrozen),
    );
    expect(released.data).toEqual({
      freezeId: 'f1',
      assets: [{ asset: 'BTC', amount: '1', usdValue: '1' }],
      releasedAt: '2024-06-02',
      reason: 'r',
    });
  });

  it('ReportStolenFunds', () => {
    const [event] = incidentDecider.decide(
      {
        type: 'ReportStolenFunds',
        data: { incidentId: 'i1', usdValue: '5', reportedAt: '2024-06-01', kind: 'hack', country: 'BR', ...junk } as never,
        context: context(),
      },
      incidentDecider.initialState,
    );
    expect(event.data).toEqual({ incidentId: 'i1', usdValue: '5', reportedAt: '2024-06-01', kind: 'hack', country: 'BR' });
  });

  it('the corrections, reversals and supplements of requests', () => {
    const received = leRequestDecider.evolve(leRequestDecider.initialState, {
      type: 'LawEnforcementRequestReceived',
      schemaVersion: 1,
      data: {
        requestId: 'r1',
        agency: { name: 'PF', kind: 'police', country: 'BR' },
        kind: 'information',
        receivedAt: '2024-06-01T00:00:00Z',
        reference: 'x',
      },
    });
    const [corrected] = leRequestDecider.decide(
      { type: 'CorrectRequest', data: { requestId: 'r1', changes: { reference: 'y' }, reason: 'r', ...junk } as never, context: context() },
      received,
    );
    expect(Object.keys(corrected.data).sort()).toEqual(['changes', 'correctedAt', 'reason', 'replaces', 'requestId']);
    const [reversed] = leRequestDecider.decide(
      { type: 'ReverseRequest', data: { requestId: 'r1', reason: 'r', ...junk } as never, context: context() },
      received,
    );
    expect(reversed.data).toEqual({ requestId: 'r1', reason: 'r', reversedAt: context().now });
    const answered = leRequestDecider.evolve(received, {
      type: 'LawEnforcementRequestAnswered',
      schemaVersion: 1,
      data: { requestId: 'r1', answeredAt: '2024-06-02T00:00:00Z', outcome: 'no_data' },
    });
    const [supplemented] = leRequestDecider.decide(
      // `note` is a field of a supplement, so only the other stray field is junk here.
      {
        type: 'SupplementAnswer',
        data: { requestId: 'r1', outcome: 'disclosed', supplementedAt: '2024-06-03T00:00:00Z', isAdmin: true } as never,
        context: context(),
      },
      answered,
    );
    expect(supplemented.data).toEqual({ requestId: 'r1', outcome: 'disclosed', supplementedAt: '2024-06-03T00:00:00Z' });
  });
});
