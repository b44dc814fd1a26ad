import type { RecordedEvent } from '@ledger/event-store';
import { figureSpec, type GivenEvent } from '@ledger/test-support';
import { defineFigure, fundsFigureV2, leRequestsFigureV2, recoveryRateFigureV2, trainingsFigureV2 } from '.';

/** What each version 2 definition contributes for one event, with no store and no projector. */
const agency = { name: 'Policía Federal', kind: 'police' as const, country: 'MX' };
const session: GivenEvent = {
  type: 'TrainingSessionRecorded',
  schemaVersion: 1,
  data: {
    trainingId: 't1',
    deliveredOn: '2024-03-01',
    country: 'MX',
    format: 'in_person',
    agencies: [agency],
    participants: 12,
    topics: ['tracing'],
  },
};
const received: GivenEvent = {
  type: 'LawEnforcementRequestReceived',
  schemaVersion: 1,
  data: { requestId: 'r1', agency, kind: 'information', receivedAt: '2024-03-01T00:00:00Z', dueBy: '2024-03-10', reference: 'r-1' },
};
const frozen: GivenEvent = {
  type: 'FundsFrozen',
  schemaVersion: 1,
  data: {
    freezeId: 'f1',
    assets: [{ asset: 'BTC', amount: '1', usdValue: '40000' }],
    frozenAt: '2024-03-01T00:00:00Z',
    reason: 'court order',
    country: 'MX',
  },
};
const stolen: GivenEvent = {
  type: 'StolenFundsReported',
  schemaVersion: 1,
  data: { incidentId: 'i1', usdValue: '1000', reportedAt: '2024-03-01T00:00:00Z', kind: 'hack', country: 'AR' },
};
const MARCH_1 = '2024-03-01T00:00:00.000Z';

describe('v2 definitions: given events, then contributions', () => {
  it('trainings: a withdrawal takes back everything the session counted', () => {
    figureSpec(trainingsFigureV2)
      .given([session])
      .when({
        type: 'TrainingSessionWithdrawn',
        schemaVersion: 1,
        data: { trainingId: 't1', reason: 'duplicate', withdrawnAt: '2024-04-01' },
      })
      .then([
        {
          occurredAt: MARCH_1,
          dims: ['MX', 'in_person', ''],
          item: 'MX',
          values: { sessions: -1n, participants: -12n, sessionDays: -1n, countries: -1n, eventsInYear: 1n },
        },
        { occurredAt: MARCH_1, dims: ['MX', 'in_person', ''], item: 'MX:policía federal', values: { agencies: -1n } },
        { occurredAt: MARCH_1, dims: ['MX', 'in_person', ''], item: 'agency-country:MX', values: { agencyCountries: -1n } },
      ]);
  });

  it('le-requests: a correction removing the due date takes back the overdue the request would have become', () => {
    figureSpec(leRequestsFigureV2)
      .given([received])
      .when({
        type: 'LawEnforcementRequestCorrected',
        schemaVersion: 1,
        data: {
          requestId: 'r1',
          changes: { dueBy: null },
          replaces: { dueBy: '2024-03-10' },
          reason: 'no deadline',
          correctedAt: '2024-03-02',
        },
      })
      // Due 2024-03-10 (the end of that day): it would have been overdue from March 11.
      .then([
        {
          occurredAt: '2024-03-11T00:00:00.000Z',
          dims: ['MX', 'information', 'police', ''],
          item: '',
          values: { overdue: -1n, eventsInYear: 1n },
        },
      ]);
  });

  it('funds: a freeze holds its assets at their freeze-time value', () => {
    figureSpec(fundsFigureV2)
      .given([])
      .when(frozen)
      .then([
        // 40,000 USD in 10^-8 USD; 1 BTC in 10^-18 units is 10^9 in the high column and 0 (left out) in the low one.
        {
          occurredAt: MARCH_1,
          dims: ['MX', 'BTC'],
          item: '',
          values: {
            frozenUsd: 4_000_000_000_000n,
            freezesByAsset: 1n,
            heldUsd: 4_000_000_000_000n,
            heldAmountHigh: 1_000_000_000n,
            eventsInYear: 1n,
          },
        },
        { occurredAt: MARCH_1, dims: ['MX', ''], item: '', values: { freezes: 1n } },
      ]);
  });

  it('recovery-rate: a recovery counts in the flow and, at the theft, in its cohort', () => {
    figureSpec(recoveryRateFigureV2)
      .given([stolen])
      .when({ type: 'FundsRecovered', schemaVersion: 1, data: { incidentId: 'i1', usdValue: '250', recoveredAt: '2024-05-01T00:00:00Z' } })
      .then([
        {
          occurredAt: '2024-05-01T00:00:00.000Z',
          dims: ['AR', 'hack'],
          item: '',
          values: { recoveredUsd: 25_000_000_000n, recoveries: 1n, eventsInYear: 1n },
        },
        { occurredAt: MARCH_1, dims: ['AR', 'hack'], item: '2024-05-01T00:00:00.000Z', values: { cohortRecoveredUsd: 25_000_000_000n } },
      ]);
  });

  it('recovery-rate: apply leaves the state it is handed as it was, and a state read back from JSON applies alike', () => {
    let position = 0;
    const recorded = (event: GivenEvent) => {
      position++;
      const metadata = { actor: 'service:test', recordedAt: '2024-06-30T12:00:00.000Z', contentHash: '', prevHash: '' };
      return { ...event, position, stream: 's', revision: 0, eventId: `e${position}`, metadata } as RecordedEvent;
    };
    const reported = recoveryRateFigureV2.apply(recorded(stolen), undefined).state;
    const json = JSON.stringify(reported);
    const recovery = recorded({
      type: 'FundsRecovered',
      schemaVersion: 1,
      data: { incidentId: 'i1', usdValue: '250', recoveredAt: '2024-05-01' },
    });
    const first = recoveryRateFigureV2.apply(recovery, reported);
    const again = recoveryRateFigureV2.apply(recovery, reported);
    const fromJson = recoveryRateFigureV2.apply(recovery, JSON.parse(json) as typeof reported);
    expect(JSON.stringify(reported)).toBe(json);
    for (const other of [again, fromJson]) {
      expect(other.contributions).toEqual(first.contributions);
      expect(JSON.stringify(other.state)).toBe(JSON.stringify(first.state));
    }
    expect(JSON.parse(JSON.stringify(first.state))).toMatchObject({ recoveries: [{ usd: '25000000000' }], freezes: [] });
  });

  it('refuses an event the figure does not read', () => {
    figureSpec(fundsFigureV2).given([]).when(stolen).thenThrows('funds does not read StolenFundsReported (schema version 1)');
  });
});

describe('defineFigure types', () => {
  it('refuses, at compile time, a consumed type the domain does not have and a field an event does not have', () => {
    const base = { name: 'typed', version: 1, title: '', methodology: [], dimensions: [], measures: [], columns: [] };
    const rest = { ...base, compute: () => ({}), apply: () => ({ state: undefined, contributions: [] }) };
    const typo = () =>
      // @ts-expect-error FundsFrozem is not a ledger event type
      defineFigure<'FundsFrozem', undefined>({ ...rest, consumes: { FundsFrozem: [1] }, entityOf: () => '' });
    const field = defineFigure<'FundsReleased', undefined>({
      ...rest,
      consumes: { FundsReleased: [1] },
      // @ts-expect-error a release has no country
      entityOf: (event) => event.data.country,
    });
    expect([typeof typo, typeof field.apply]).toEqual(['function', 'function']);
  });
});
