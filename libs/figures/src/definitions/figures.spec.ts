import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';

describe('figure definitions: given events, then this answer', () => {
  let h: FiguresHarness;
  beforeEach(() => (h = new FiguresHarness()));
  afterEach(() => h.close());

  it('trainings: sessions, participants, days, distinct countries and agencies, by year', async () => {
    h.events.add(
      e.training('mx', {
        deliveredOn: '2023-05-10',
        country: 'MX',
        participants: 35,
        agencies: [
          e.agency('MX', 'police', 'SSC'),
          e.agency('MX', 'prosecutor', 'FGJ'),
          e.agency('MX', 'police', 'Guardia'),
          e.agency('MX', 'judiciary', 'PJ'),
        ],
      }),
      e.training('ar', {
        deliveredOn: '2023-08-01',
        endsOn: '2023-08-02',
        country: 'AR',
        participants: 40,
        agencies: [e.agency('AR', 'judiciary', 'CIJ')],
      }),
      e.training('ar2', {
        deliveredOn: '2024-01-24',
        country: 'AR',
        format: 'virtual',
        partner: 'INTERPOL',
        participants: 31,
        agencies: [e.agency('AR', 'judiciary', ' cij ')],
      }),
    );
    const answer = await h.answer('trainings', { version: '1', groupBy: 'year' });
    expect(answer.rows.map((r) => [r.group, r.measures])).toEqual([
      [{ year: '2023' }, { sessions: 2, participants: 75, sessionDays: 3, countries: 2, agencies: 5 }],
      [{ year: '2024' }, { sessions: 1, participants: 31, sessionDays: 1, countries: 1, agencies: 1 }],
    ]);
    const all = await h.service.answer('trainings', { version: '1' });
    // " cij " in AR is the same agency as "CIJ" in AR.
    expect(all.rows[0].measures).toMatchObject({ sessions: 3, countries: 2, agencies: 5 });
    const interpol = await h.service.answer('trainings', { version: '1', partner: 'INTERPOL', format: 'virtual' });
    expect(interpol.rows[0].measures).toMatchObject({ sessions: 1, participants: 31 });
  });

  it('trainings: a correction moves the session; a withdrawal drops it', async () => {
    h.events.add(e.training('t1', { country: 'MX', participants: 10 }), e.training('t2', { country: 'MX', participants: 5 }));
    h.events.add(e.correctTraining('t1', { country: 'AR', participants: 12 }), e.withdrawTraining('t2'));
    const answer = await h.answer('trainings', { version: '1', groupBy: 'country' });
    expect(answer.rows.map((r) => [r.group.country, r.measures.sessions, r.measures.participants])).toEqual([['AR', 1, 12]]);
  });

  it('le-requests: received, answered, open, overdue and exact response statistics', async () => {
    h.events.add(
      e.receiveRequest('r1', '2023-01-01T00:00:00Z', { dueBy: '2023-01-05' }),
      e.receiveRequest('r2', '2023-01-02T00:00:00Z', { dueBy: '2023-01-03' }),
      e.receiveRequest('r3', '2023-01-03T00:00:00Z'),
      e.receiveRequest('r4', '2023-01-04T00:00:00Z', { dueBy: '2023-01-04' }),
      e.receiveRequest('r5', '2023-01-05T00:00:00Z', { kind: 'freeze' }),
      e.answerRequest('r1', '2023-01-02T00:00:00Z'), // 1 day, on time
      e.answerRequest('r2', '2023-01-06T12:00:00Z'), // 4.5 days, late
      e.answerRequest('r3', '2023-01-05T00:00:00Z'), // 2 days
      e.withdrawRequest('r5', '2023-01-06T00:00:00Z'),
    );
    const answer = await h.answer('le-requests', { version: '1' });
    expect(answer.rows[0].measures).toEqual({
      received: 5,
      answered: 3,
      withdrawn: 1,
      open: 1,
      overdue: 1, // r4, due 2023-01-04, still open
      avgResponseDays: '2.5',
      medianResponseDays: '2', // nearest rank: ceil(0.5 * 3) = 2nd of [1, 2, 4.5]
      p90ResponseDays: '4.5',
    });
    // To the end of 2023-01-03: r1 answered; r2 (due by the end of that day) and r3 open, nothing overdue yet.
    const early = await h.service.answer('le-requests', { version: '1', asOf: '2023-01-03' });
    expect(early.rows[0].measures).toMatchObject({ received: 3, answered: 1, open: 2, overdue: 0 });
    // From 2023-01-04 on, r2 is past its due day.
    const later = await h.service.answer('le-requests', { version: '1', asOf: '2023-01-04T00:00:00Z' });
    expect(later.rows[0].measures).toMatchObject({ received: 4, open: 3, overdue: 1 });
    const byKind = await h.service.answer('le-requests', { version: '1', groupBy: 'requestKind' });
    expect(byKind.rows.map((r) => [r.group.requestKind, r.measures.received])).toEqual([
      ['freeze', 1],
      ['information', 4],
    ]);
  });

  it('le-requests: response statistics of an even count use the lower middle value; none gives null', async () => {
    h.events.add(
      e.receiveRequest('a', '2023-01-01T00:00:00Z'),
      e.receiveRequest('b', '2023-01-01T00:00:00Z'),
      e.answerRequest('a', '2023-01-01T08:00:00Z'),
      e.answerRequest('b', '2023-01-04T00:00:00Z'),
      e.receiveRequest('c', '2024-01-01T00:00:00Z'),
    );
    const answer = await h.answer('le-requests', { version: '1', groupBy: 'year' });
    expect(answer.rows[0].measures).toMatchObject({ avgResponseDays: '1.67', medianResponseDays: '0.33', p90ResponseDays: '3' });
    expect(answer.rows[1].measures).toMatchObject({ received: 1, avgResponseDays: null, medianResponseDays: null });
  });

  it('funds: exact USD sums, held = frozen - released - seized - returned, freezes per order or per asset', async () => {
    h.events.add(
      e.freeze('f1', '2023-02-01T00:00:00Z', [
        { asset: 'BTC', amount: '1', usdValue: '0.1' },
        { asset: 'USDT', amount: '5', usdValue: '0.2' },
        { asset: 'BTC', amount: '2', usdValue: '0.00000001' },
      ]),
      e.freeze('f2', '2023-03-01T00:00:00Z', [{ asset: 'USDT', amount: '1800000', usdValue: '1800000.12345678' }], 'MX'),
      e.release('f1', '2023-04-01T00:00:00Z', [{ asset: 'USDT', amount: '5', usdValue: '0.2' }]),
      e.seize('f2', '2023-05-01T00:00:00Z', [{ asset: 'USDT', amount: '1800000', usdValue: '1800000' }]),
      e.returned('f1', '2023-06-01T00:00:00Z', [{ asset: 'BTC', amount: '1', usdValue: '0.05' }]),
    );
    const total = await h.answer('funds', { version: '1' });
    expect(total.rows[0].measures).toEqual({
      frozenUsd: '1800000.42345679',
      releasedUsd: '0.2',
      seizedUsd: '1800000',
      returnedUsd: '0.05',
      heldUsd: '0.17345679',
      freezes: 2,
    });
    const byAsset = await h.service.answer('funds', { version: '1', groupBy: 'asset' });
    expect(byAsset.rows.map((r) => [r.group.asset, r.measures.frozenUsd, r.measures.freezes])).toEqual([
      ['BTC', '0.10000001', 1],
      ['USDT', '1800000.32345678', 2],
    ]);
  });

  it('recovery-rate: rate per year and yoyChange against the year before', async () => {
    h.events.add(
      e.stolen('i1', '2023-03-01T00:00:00Z', '100000000'),
      e.recovered('i1', '2023-06-01T00:00:00Z', '30000000'),
      e.stolen('i2', '2024-02-01T00:00:00Z', '100000000', 'US'),
      e.recovered('i2', '2024-05-01T00:00:00Z', '39900000'),
    );
    const answer = await h.answer('recovery-rate', { version: '1', groupBy: 'year' });
    expect(answer.rows.map((r) => [r.group.year, r.measures.rate, r.measures.yoyChange])).toEqual([
      ['2023', '0.3', null],
      ['2024', '0.399', '0.33'],
    ]);
    const ar = await h.service.answer('recovery-rate', { version: '1', country: 'AR' });
    expect(ar.rows[0].measures).toMatchObject({ stolenUsd: '100000000', recoveredUsd: '30000000', rate: '0.3', yoyChange: null });
  });
});
