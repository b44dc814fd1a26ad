import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';

/**
 * Done-when of issue 12: a small history whose every number below was computed by hand (the comment beside each
 * says how). Every event is recorded on 2025-06-01, so that is the present the answers know: stocks of 2025 stand
 * at that day.
 *
 * The correction, reversal and supplement events are libs/domain's (schemaVersion 1), built here as plain recorded
 * events so this spec does not depend on that branch.
 */
const NOW = '2025-06-01T00:00:00.000Z';
const correctRequest = (id: string, changes: Record<string, unknown>) =>
  e.event(`request-${id}`, 'LawEnforcementRequestCorrected', {
    requestId: id,
    changes,
    replaces: {},
    reason: 'typo in the letter date',
    correctedAt: '2024-01-02T00:00:00Z',
  });
const reverseRequest = (id: string) =>
  e.event(`request-${id}`, 'LawEnforcementRequestReversed', {
    requestId: id,
    reason: 'recorded in error',
    reversedAt: '2024-01-02T00:00:00Z',
  });
const supplementAnswer = (id: string, outcome: string) =>
  e.event(`request-${id}`, 'LawEnforcementRequestAnswerSupplemented', { requestId: id, supplementedAt: '2023-03-01T00:00:00Z', outcome });
const answer = (id: string, answeredAt: string, outcome: string) =>
  e.event(`request-${id}`, 'LawEnforcementRequestAnswered', { requestId: id, answeredAt, outcome });
const correctFreeze = (id: string, changes: Record<string, unknown>) =>
  e.event(`freeze-${id}`, 'FreezeCorrected', {
    freezeId: id,
    changes,
    replaces: {},
    reason: 'wrong jurisdiction',
    correctedAt: '2024-01-02T00:00:00Z',
  });
const reverseFreeze = (id: string) =>
  e.event(`freeze-${id}`, 'FreezeReversed', { freezeId: id, reason: 'recorded in error', reversedAt: '2024-01-02T00:00:00Z' });
const correctIncident = (id: string, changes: Record<string, unknown>) =>
  e.event(`incident-${id}`, 'IncidentCorrected', {
    incidentId: id,
    changes,
    replaces: {},
    reason: 'victim restated the loss',
    correctedAt: '2024-06-01T00:00:00Z',
  });
const reverseIncident = (id: string) =>
  e.event(`incident-${id}`, 'IncidentReversed', { incidentId: id, reason: 'duplicate report', reversedAt: '2024-06-01T00:00:00Z' });
const asset = (name: string, amount: string, usdValue: string) => ({ asset: name, amount, usdValue });

describe('figures v2: a hand-computed history', () => {
  let h: FiguresHarness;
  beforeEach(() => (h = new FiguresHarness({ positionBucketSize: 4, recordedAt: NOW })));
  afterEach(() => h.close());
  const rows = (answer: Awaited<ReturnType<FiguresHarness['answer']>>, ...measures: string[]) =>
    answer.rows.map((row) => [Object.values(row.group).join('/'), ...measures.map((m) => row.measures[m]), row.events]);

  it('le-requests: stocks at each year end, late answers across the year boundary, withdrawals, reversals, corrections, cohorts', async () => {
    h.events.add(
      e.receiveRequest('r1', '2022-12-20T00:00:00Z', { dueBy: '2022-12-30' }),
      e.receiveRequest('r2', '2022-12-28T00:00:00Z'),
      answer('r1', '2023-01-05T00:00:00Z', 'disclosed'), // 16 days, after its due date
      e.withdrawRequest('r2', '2023-01-10T00:00:00Z'),
      e.receiveRequest('r6', '2023-02-01T00:00:00Z', { dueBy: '2023-02-10' }),
      answer('r6', '2023-02-04T00:00:00Z', 'disclosed'),
      supplementAnswer('r6', 'partially_disclosed'),
      e.receiveRequest('r5', '2023-03-01T00:00:00Z'),
      e.receiveRequest('r3', '2023-06-01T00:00:00Z', { dueBy: '2023-06-05' }),
      answer('r3', '2023-06-03T12:00:00Z', 'no_data'), // 2.5 days, by its due date
      e.receiveRequest('r4', '2023-12-30T00:00:00Z', { dueBy: '2024-01-15' }), // never answered
    );
    await h.project();
    const beforeFixes = (await h.events.headPosition())!;
    h.events.add(reverseRequest('r5'), correctRequest('r6', { receivedAt: '2023-02-03T00:00:00Z' })); // r6: response 1 day

    const byYear = await h.answer('le-requests', { groupBy: 'year' });
    expect(
      rows(
        byYear,
        'received',
        'answered',
        'withdrawn',
        'openAtEnd',
        'overdueAtEnd',
        'open0to2Days',
        'open3to7Days',
        'open8to30Days',
        'openOver30Days',
      ),
    ).toEqual([
      // 2022: r1, r2 received. At 2022-12-31 end both open: r1 11 days old (8-30), overdue (due 12-30); r2 3 days 23 h (3-7).
      // Events, each once in every year it contributes to: the two receipts, and r1's answer (its response time
      // counts in the 2022 cohort, at receipt).
      ['2022', 2, 0, 0, 2, 1, 0, 1, 1, 0, 3],
      // 2023: r3, r4, r6 received (r5 reversed: gone). Answered r1, r6, r3; r2 withdrawn. At year end only r4 is open, 1 day
      // 23 h old, due 2024-01-15 not yet passed: not overdue. Events (each once): answers of r1, r3, r6, the withdrawal
      // of r2, receipts of r3, r4, r5, r6, the supplement of r6, the reversal of r5 and the correction of r6 = 11; and
      // the receipts of r1 and r2, whose only 2023 contributions are age-band moves (r2 turned 8 days old on 01-05;
      // r1's move at 31 days, 2023-01-20, written at receipt and taken back by its answer) = 13.
      ['2023', 3, 3, 1, 1, 0, 1, 0, 0, 0, 13],
      // 2024, 2025 (at 2025-06-01): r4 still open, over 30 days, overdue since 2024-01-16. The 2024 event is r4's
      // receipt: its age bands move on 2024-01-02, 01-07 and 01-30 and it turns overdue on 01-16. None in 2025.
      ['2024', 0, 0, 0, 1, 1, 0, 0, 0, 1, 1],
      ['2025', 0, 0, 0, 1, 1, 0, 0, 0, 1, 0],
    ]);
    expect(byYear.stocksAt).toBe('2025-06-01T00:00:00.000Z');
    // The answer spans years: each of the 13 events once, though rows count r1's and r2's receipts, r1's answer and
    // r4's receipt in two years each.
    expect(byYear.events).toBe(13);

    // A stock "at asOf": 2023-01-07, r1 answered, r2 still open (10 days: 8-30), not overdue (no due date).
    const mid = await h.service.answer('le-requests', { asOf: '2023-01-07' });
    expect(mid.rows[0].measures).toMatchObject({ received: 2, answered: 1, openAtEnd: 1, overdueAtEnd: 0, open8to30Days: 1 });

    // Response times of 2023, cohort=answered: r6 1 d, r3 2.5 d, r1 16 d. avg 19.5/3 = 6.5; median rank 2 = 2.5; p90
    // rank 3 = 16. answeredByDue: r1 late, r3 and r6 on time: 2/3.
    const answered2023 = await h.service.answer('le-requests', { year: '2023' });
    // Within one year: the 13 events with a contribution in 2023 (as in the 2023 row above).
    expect(answered2023.events).toBe(13);
    expect(answered2023.rows[0].events).toBe(13);
    expect(answered2023.rows[0].measures).toMatchObject({
      responses: 3,
      avgResponseDays: '6.5',
      medianResponseDays: '2.5',
      p90ResponseDays: '16',
      answeredByDue: '0.666667',
    });
    // cohort=received: of the 2023 receipts, r6 (1 d) and r3 (2.5 d) answered: avg 1.75, median rank 1 = 1, p90 2.5.
    const cohort2023 = await h.service.answer('le-requests', { year: '2023', cohort: 'received' });
    expect(cohort2023.rows[0].measures).toMatchObject({
      responses: 2,
      avgResponseDays: '1.75',
      medianResponseDays: '1',
      p90ResponseDays: '2.5',
    });
    // The 2022 cohort: r1's 16 days counts with 2022, where it was received, though answered in 2023.
    const cohort2022 = await h.service.answer('le-requests', { year: '2022', cohort: 'received' });
    expect(cohort2022.rows[0].measures).toMatchObject({ answered: 0, responses: 1, avgResponseDays: '16' });

    // outcome as a dimension, four dimensions at once: the supplement moved r6 to partially_disclosed; receipts,
    // withdrawals and stocks have no outcome.
    const outcomes = await h.service.answer('le-requests', { year: '2023', groupBy: 'country,requestKind,agencyKind,outcome' });
    expect(rows(outcomes, 'received', 'answered', 'withdrawn', 'openAtEnd')).toEqual([
      // Each event once, in the row of its first contribution in 2023: the receipts of r1 to r6 (r1's and r2's by
      // their age-band moves), r2's withdrawal, r5's reversal and r6's correction here; the answers of r1 and r6 (then
      // disclosed) in disclosed, though their closing of the open stock is in this row; the supplement in
      // partially_disclosed. The rows add up to the 13 events of 2023.
      ['AR/information/police/', 3, 0, 1, 1, 9],
      ['AR/information/police/disclosed', 0, 1, 0, 0, 2],
      ['AR/information/police/no_data', 0, 1, 0, 0, 1],
      ['AR/information/police/partially_disclosed', 0, 1, 0, 0, 1],
    ]);

    // As known before the reversal and the correction: r5 counted, r6 received 2023-02-01 (response 3 days).
    const before = await h.service.answer('le-requests', { year: '2023', knownAt: String(beforeFixes) });
    expect(before.rows[0].measures).toMatchObject({ received: 4, avgResponseDays: '7.17' }); // (16 + 3 + 2.5) / 3 = 7.1666..
  });

  it('funds: held amount and freeze-time value at period ends, partial disposals at other prices, reversal and correction', async () => {
    h.events.add(
      {
        ...e.freeze('f1', '2022-11-01T00:00:00Z', [asset('BTC', '1', '40000')]),
        data: {
          freezeId: 'f1',
          assets: [asset('BTC', '1', '40000')],
          frozenAt: '2022-11-01T00:00:00Z',
          reason: 'order',
          country: 'US',
          requestId: 'r1',
        },
      },
      e.release('f1', '2023-02-01T00:00:00Z', [asset('BTC', '0.5', '45000')]), // realised 45,000; half the freeze-time value (20,000) stays held
      e.freeze('f2', '2023-05-01T00:00:00Z', [asset('USDT', '1000', '1000'), asset('ETH', '2', '3000')]),
      e.returned('f2', '2023-12-31T12:00:00Z', [asset('USDT', '300', '300')]),
      e.freeze('f3', '2023-07-01T00:00:00Z', [asset('BTC', '0.1', '3000')]),
      e.freeze('f4', '2023-08-01T00:00:00Z', [asset('BTC', '1', '30000')], 'MX'),
      e.seize('f1', '2024-03-01T00:00:00Z', [asset('BTC', '0.25', '10')]), // realised 10; held 0.25 BTC at 10,000
      reverseFreeze('f3'),
      correctFreeze('f4', { country: 'US', frozenAt: '2023-08-02T00:00:00Z' }),
    );
    const byAsset = await h.answer('funds', { groupBy: 'year,asset', country: 'US' });
    expect(
      rows(byAsset, 'frozenUsd', 'heldAmount', 'heldUsd', 'releasedRealisedUsd', 'seizedRealisedUsd', 'returnedRealisedUsd', 'freezes'),
    ).toEqual([
      ['2022/BTC', '40000', '1', '40000', '0', '0', '0', 1, 1],
      // f1 0.5 BTC (20,000 of its 40,000) + f4 1 BTC (30,000, corrected into US); f3 reversed: gone. Events: f1's
      // release, f3's freeze and reversal, f4's correction (f4's freeze was in MX).
      ['2023/BTC', '30000', '1.5', '50000', '45000', '0', '0', 1, 4],
      // f2's freeze counts as an event under its first asset.
      ['2023/ETH', '3000', '2', '3000', '0', '0', '0', 1, 1],
      // 700 of 1000 USDT still held: 700 of the 1,000 USD. Event: the return.
      ['2023/USDT', '1000', '700', '700', '0', '0', '300', 1, 1],
      // f1 0.25 BTC (10,000) + f4 (30,000).
      ['2024/BTC', '0', '1.25', '40000', '0', '10', '0', 0, 1],
      ['2024/ETH', '0', '2', '3000', '0', '0', '0', 0, 0],
      ['2024/USDT', '0', '700', '700', '0', '0', '0', 0, 0],
      ['2025/BTC', '0', '1.25', '40000', '0', '0', '0', 0, 0],
      ['2025/ETH', '0', '2', '3000', '0', '0', '0', 0, 0],
      ['2025/USDT', '0', '700', '700', '0', '0', '0', 0, 0],
    ]);
    // 2023 in total: frozen 1,000 + 3,000 + 30,000; held 50,000 + 3,000 + 700; f2 and f4 cite no request.
    const y2023 = await h.service.answer('funds', { year: '2023' });
    expect(y2023.rows[0].measures).toMatchObject({
      frozenUsd: '34000',
      heldUsd: '53700',
      freezes: 2,
      linkedToRequestShare: '0',
      heldAmount: null,
    });
    const y2022 = await h.service.answer('funds', { year: '2022' });
    expect(y2022.rows[0].measures).toMatchObject({ freezes: 1, linkedToRequestShare: '1' });
    // Known before the correction, f4 was in MX.
    const mx = await h.service.answer('funds', { country: 'MX', knownAt: '6' });
    expect(mx.rows[0].measures).toMatchObject({ frozenUsd: '30000', heldUsd: '30000' });
  });

  it('funds: a freeze whose request link a correction removed no longer cites a request; one linked by a correction does', async () => {
    h.events.add(
      e.event('freeze-f1', 'FundsFrozen', {
        freezeId: 'f1',
        assets: [asset('BTC', '1', '40000')],
        frozenAt: '2023-03-01T00:00:00Z',
        reason: 'court order',
        country: 'US',
        requestId: 'r1',
      }),
      e.freeze('f2', '2023-04-01T00:00:00Z', [asset('ETH', '2', '3000')]),
    );
    const linkedAtFirst = (await h.events.headPosition())!;
    // f1's request was cited by mistake; f2 turns out to answer r2.
    h.events.add(correctFreeze('f1', { requestId: null }), correctFreeze('f2', { requestId: 'r2' }));
    const byYear = async (knownAt?: number) =>
      (await h.answer('funds', { year: '2023', ...(knownAt !== undefined && { knownAt: String(knownAt) }) })).rows[0].measures;
    // Before the corrections: f1 of the 2 cites one (1/2); after: only f2 (1/2); by asset, BTC 0 and ETH 1.
    expect(await byYear(linkedAtFirst)).toMatchObject({ freezes: 2, linkedToRequestShare: '0.5' });
    expect(await byYear()).toMatchObject({ freezes: 2, linkedToRequestShare: '0.5' });
    const byAsset = await h.service.answer('funds', { groupBy: 'year,asset', year: '2023' });
    expect(byAsset.rows.map((row) => [row.group.asset, row.measures.linkedToRequestShare])).toEqual([
      ['BTC', '0'],
      ['ETH', '1'],
    ]);
    const btcBefore = await h.service.answer('funds', { groupBy: 'year,asset', year: '2023', knownAt: String(linkedAtFirst) });
    expect(btcBefore.rows.map((row) => [row.group.asset, row.measures.linkedToRequestShare])).toEqual([
      ['BTC', '1'],
      ['ETH', '0'],
    ]);
  });

  it('recovery-rate: cohort rate follows the thefts of a year to date; the flow rate stays beside it', async () => {
    h.events.add(
      e.stolen('i1', '2023-03-01T00:00:00Z', '100000'),
      e.recovered('i1', '2023-06-01T00:00:00Z', '10000'),
      e.freeze('f2', '2023-05-01T00:00:00Z', [asset('USDT', '1000', '1000')]),
      e.event('freeze-f2', 'FundsReturned', {
        freezeId: 'f2',
        assets: [asset('USDT', '300', '300')],
        returnedAt: '2023-12-31T12:00:00Z',
        incidentId: 'i1',
      }),
      e.recovered('i1', '2024-02-01T00:00:00Z', '40000'), // a 2023 theft recovered in a later year
      e.stolen('i2', '2024-01-15T00:00:00Z', '50000'),
      e.recovered('i2', '2024-05-01T00:00:00Z', '5000'),
      e.stolen('i3', '2024-03-01T00:00:00Z', '20000'),
      reverseIncident('i3'),
      correctIncident('i2', { usdValue: '60000' }),
    );
    const byYear = await h.answer('recovery-rate', { groupBy: 'year' });
    expect(rows(byYear, 'stolenUsd', 'recoveredUsd', 'rate', 'cohortRecoveredUsd', 'cohortRate', 'yoyChange', 'cohortYoyChange')).toEqual([
      // 2023: flow 10,000 + the linked return 300 = 10,300 of 100,000; cohort adds the 2024 recovery: 50,300.
      // Events: theft, recovery and return of i1, and the 2024 recovery, which counts in the 2023 cohort.
      ['2023', '100000', '10300', '0.103', '50300', '0.503', null, null, 4],
      // 2024: i2 corrected to 60,000; i3 reversed. Flow 40,000 + 5,000 = 45,000 (0.75); cohort 5,000 (0.083333).
      // yoy 0.75 / 0.103 - 1 = 6.2815533..; cohort 0.0833.. / 0.503 - 1 = -0.8343273..
      // Events: i1's 2024 recovery, i2's theft, recovery and correction, i3's theft and reversal.
      ['2024', '60000', '45000', '0.75', '5000', '0.083333', '6.281553', '-0.834327', 6],
    ]);
    // Up to 2023-12-31 only: the 2024 recovery is not yet in the 2023 cohort.
    const asOf2023 = await h.service.answer('recovery-rate', { year: '2023', asOf: '2023-12-31' });
    expect(asOf2023.rows[0].measures).toMatchObject({ cohortRecoveredUsd: '10300', cohortRate: '0.103' });
  });

  it("recovery-rate: a freeze reversal takes back its returns; a correction of the freeze's incident moves them", async () => {
    const linkedFreeze = (id: string, incidentId: string) =>
      e.event(`freeze-${id}`, 'FundsFrozen', {
        freezeId: id,
        assets: [asset('USDT', '1000', '1000')],
        frozenAt: '2023-05-01T00:00:00Z',
        reason: 'order',
        country: 'US',
        incidentId,
      });
    const returnTo = (id: string, incidentId: string, returnedAt: string, usd: string) =>
      e.event(`freeze-${id}`, 'FundsReturned', { freezeId: id, assets: [asset('USDT', usd, usd)], returnedAt, incidentId });
    h.events.add(
      e.stolen('i1', '2023-03-01T00:00:00Z', '100000', 'AR'),
      e.stolen('i2', '2023-04-01T00:00:00Z', '50000', 'BR'),
      linkedFreeze('f1', 'i1'),
      returnTo('f1', 'i1', '2023-06-01T00:00:00Z', '300'),
      linkedFreeze('f2', 'i1'),
      returnTo('f2', 'i1', '2024-02-01T00:00:00Z', '200'), // position 6
      reverseFreeze('f2'),
      {
        ...correctFreeze('f1', { incidentId: 'i2' }),
        data: {
          freezeId: 'f1',
          changes: { incidentId: 'i2' },
          replaces: { incidentId: 'i1' },
          reason: 'wrong incident',
          correctedAt: '2024-01-02T00:00:00Z',
        },
      },
    );
    const measures = ['stolenUsd', 'recoveredUsd', 'rate', 'cohortRecoveredUsd', 'cohortRate'];
    // As known before the reversal and the correction: both returns count for i1 (AR). 2023 AR: flow 300 of 100,000;
    // cohort 300 + the 2024 return 200 = 500. 2024 AR: the 200 returned, no theft reported then (rate null).
    const before = await h.answer('recovery-rate', { groupBy: 'year,country', knownAt: '6' });
    expect(rows(before, ...measures)).toEqual([
      ['2023/AR', '100000', '300', '0.003', '500', '0.005', 3], // i1's theft, f1's return, f2's return (in the cohort)
      ['2023/BR', '50000', '0', '0', '0', '0', 1],
      ['2024/AR', '0', '200', null, '0', null, 1],
    ]);
    // Now: f2 was recorded in error, so its return is no longer recovered; f1 belonged to i2, so its return (and the
    // cohort it lifts) moves from AR to BR: 300 of 50,000 = 0.006. Nothing is left in 2024.
    const after = await h.answer('recovery-rate', { groupBy: 'year,country' });
    expect(rows(after, ...measures)).toEqual([
      // Events: i1's theft, f1's return, f2's return and its reversal (both touch the 2023 cohort); f1's correction
      // counts under BR, the row of its first contribution (it takes from AR and gives to BR).
      ['2023/AR', '100000', '0', '0', '0', '0', 4],
      ['2023/BR', '50000', '300', '0.006', '300', '0.006', 2],
    ]);
    const total = await h.service.answer('recovery-rate', {});
    // 150,000 stolen, 300 recovered. Events: two thefts, two returns, the reversal and the correction (the freezes
    // themselves contribute nothing here).
    expect([total.rows[0].measures.cohortRate, total.rows[0].measures.recoveries, total.events]).toEqual(['0.002', 1, 6]);
    // The same answers from a projection rebuilt from the log.
    await h.projector.rebuild();
    expect(rows(await h.answer('recovery-rate', { groupBy: 'year,country' }), ...measures)).toEqual(rows(after, ...measures));
    // A return landing just after its incident's reversal (a race the pipeline cannot close on EventStoreDB) does not
    // stop the projector and counts nothing: i1's 2023 cohort stays at 0.
    h.events.add(reverseIncident('i2'), returnTo('f1', 'i2', '2024-03-01T00:00:00Z', '50'));
    expect(rows(await h.answer('recovery-rate', { groupBy: 'year,country' }), ...measures)).toEqual([
      ['2023/AR', '100000', '0', '0', '0', '0', 4],
    ]);
  });

  it('trainings: countries of the agencies trained beside the countries of delivery', async () => {
    h.events.add(
      e.training('t1', {
        deliveredOn: '2023-05-10',
        country: 'MX',
        agencies: [e.agency('MX', 'police', 'SSC'), e.agency('US', 'police', 'FBI')],
      }),
      e.training('t2', {
        deliveredOn: '2024-01-24',
        country: 'AR',
        format: 'virtual',
        agencies: [e.agency('AR', 'judiciary', 'CIJ'), e.agency('BR', 'police', 'PF')],
      }),
      e.training('t3', { deliveredOn: '2024-02-01', country: 'AR', agencies: [e.agency('AR', 'judiciary', 'CIJ')] }),
    );
    const byYear = await h.answer('trainings', { groupBy: 'year' });
    expect(rows(byYear, 'sessions', 'countries', 'agencies', 'agencyCountries', 'agencyCountryCodes')).toEqual(
      [
        ['2023', 1, 1, 2, 2, 'MX,US'],
        // t3 trains CIJ again: one agency, one agency country.
        ['2024', 2, 1, 2, 2, 'AR,BR'],
      ].map((row) => [...row, row[0] === '2023' ? 1 : 2]),
    );
  });

  it('never counts the future: a due date after the present is not overdue, and no year after the present gets a row', async () => {
    const early = new FiguresHarness({ recordedAt: '2024-01-10T00:00:00.000Z' });
    try {
      early.events.add(
        e.receiveRequest('r', '2023-12-30T00:00:00Z', { dueBy: '2024-02-01' }),
        e.receiveRequest('s', '2023-12-01T00:00:00Z', { dueBy: '2023-12-15' }),
      );
      const byYear = await early.answer('le-requests', { groupBy: 'year' });
      expect(rows(byYear, 'openAtEnd', 'overdueAtEnd')).toEqual([
        ['2023', 2, 1, 2],
        // Both receipts move r and s into older age bands in 2024 (r on 01-02, s on 01-01).
        ['2024', 2, 1, 2],
      ]);
      expect(byYear.stocksAt).toBe('2024-01-10T00:00:00.000Z');
    } finally {
      await early.close();
    }
  });
});
