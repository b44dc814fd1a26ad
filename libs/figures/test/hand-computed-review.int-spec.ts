import { randomUUID } from 'node:crypto';
import { PostgresFigureStore } from '../src/postgres/postgres-figure-store';
import { figureRestatements } from '../src/restatements';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import type { NewEvent } from '@ledger/test-support/figures/memory-event-store';
import { dropPostgresSchemas } from '@ledger/test-support';

/**
 * A reviewer's history, every number computed by hand (comments), answered four ways that must agree byte for byte:
 * SQLite live (one event per batch, across position buckets of 4), SQLite rebuilt (small build chunks, entities
 * spilling), PostgreSQL live and PostgreSQL rebuilt. PostgreSQL at 127.0.0.1 (database test, else DATABASE_URL; each run in schemas of its own).
 *
 * Known times: P1-P5 are imported history (metadata.imported.recordedAt from 2023-10 to 2024-01, recordedAt
 * 2025-03-01); later events are recorded live, not rising along the log (P10 at 03-04 after P9 at 03-05).
 */
const connectionString = process.env.REVIEW_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const asset = (name: string, amount: string, usdValue: string) => ({ asset: name, amount, usdValue });
const at = (event: NewEvent, recordedAt: string, importedAt?: string): NewEvent => ({
  ...event,
  recordedAt,
  ...(importedAt ? { imported: { source: 'old-register', recordedAt: importedAt } } : {}),
});
const answer = (id: string, answeredAt: string, outcome: string) =>
  e.event(`request-${id}`, 'LawEnforcementRequestAnswered', { requestId: id, answeredAt, outcome });

/** Built once: every projection reads the same event ids. */
const HISTORY: NewEvent[] = (() => {
  return [
    /* P1 */ at(e.receiveRequest('r1', '2023-11-20T00:00:00Z', { dueBy: '2023-12-10' }), '2025-03-01T00:00:00Z', '2023-11-21T00:00:00Z'),
    /* P2 */ at(
      e.receiveRequest('r2', '2023-12-15T00:00:00Z', { dueBy: '2024-01-20', agency: e.agency('MX') }),
      '2025-03-01T00:00:00Z',
      '2023-12-16T00:00:00Z',
    ),
    /* P3 */ at(e.freeze('f1', '2023-12-01T00:00:00Z', [asset('BTC', '2', '60000')]), '2025-03-01T00:00:00Z', '2023-12-02T00:00:00Z'),
    /* P4 */ at(e.stolen('i1', '2023-10-01T00:00:00Z', '100000'), '2025-03-01T00:00:00Z', '2023-10-02T00:00:00Z'),
    /* P5 */ at(answer('r1', '2024-01-10T00:00:00Z', 'disclosed'), '2025-03-01T00:00:00Z', '2024-01-11T00:00:00Z'),
    /* P6 */ at(e.withdrawRequest('r2', '2024-02-01T00:00:00Z'), '2025-03-02T00:00:00Z'),
    /* P7 */ at(e.release('f1', '2024-03-01T00:00:00Z', [asset('BTC', '0.5', '40000')]), '2025-03-02T00:00:00Z'),
    /* P8 */ at(e.recovered('i1', '2024-04-01T00:00:00Z', '30000'), '2025-03-02T00:00:00Z'),
    /* P9 */ at(e.receiveRequest('r3', '2024-05-01T00:00:00Z', { dueBy: '2024-05-10' }), '2025-03-05T00:00:00Z'),
    /* P10 */ at(e.seize('f1', '2024-06-01T00:00:00Z', [asset('BTC', '0.5', '1')]), '2025-03-04T00:00:00Z'),
    /* P11 */ at(e.freeze('f2', '2024-07-01T00:00:00Z', [asset('USDT', '1000', '1000')], 'MX'), '2025-03-05T00:00:00Z'),
    /* P12 */ at(
      e.event('freeze-f2', 'FundsReturned', {
        freezeId: 'f2',
        assets: [asset('USDT', '400', '400')],
        returnedAt: '2024-08-01T00:00:00Z',
        incidentId: 'i1',
      }),
      '2025-03-05T00:00:00Z',
    ),
    /* P13 */ at(e.receiveRequest('r4', '2024-12-30T00:00:00Z', { dueBy: '2025-01-03', agency: e.agency('MX') }), '2025-03-05T00:00:00Z'),
    /* P14 */ at(
      e.event('freeze-f2', 'FreezeReversed', { freezeId: 'f2', reason: 'recorded in error', reversedAt: '2025-03-06T00:00:00Z' }),
      '2025-03-06T00:00:00Z',
    ),
    /* P15 */ at(
      e.event('request-r3', 'LawEnforcementRequestCorrected', {
        requestId: 'r3',
        changes: { receivedAt: '2024-05-03T00:00:00Z' },
        replaces: { receivedAt: '2024-05-01T00:00:00Z' },
        reason: 'letter date',
        correctedAt: '2025-03-06T00:00:00Z',
      }),
      '2025-03-06T00:00:00Z',
    ),
    /* P16 */ at(answer('r3', '2024-06-01T00:00:00Z', 'partially_disclosed'), '2025-03-06T00:00:00Z'),
  ];
})();

/** The queries whose answer bytes (and provenance pages) all four projections must agree on. */
const QUERIES: [string, Record<string, string>][] = [
  ['le-requests', { groupBy: 'year' }],
  ['le-requests', { groupBy: 'month,country' }],
  ['le-requests', { groupBy: 'year,country,requestKind,agencyKind,outcome' }],
  ['le-requests', { year: '2024', cohort: 'received' }],
  ['le-requests', { groupBy: 'year', knownAt: '2023-12-31T12:00:00Z' }],
  ['le-requests', { groupBy: 'year', knownAt: '2024-02-15T00:00:00Z' }],
  ['le-requests', { groupBy: 'year', knownAt: '6' }],
  ['le-requests', { asOf: '2024-01-15' }],
  ['funds', { groupBy: 'year,country,asset' }],
  ['funds', { groupBy: 'year,asset', knownAt: '2025-03-04T12:00:00Z' }],
  ['funds', { groupBy: 'year,country,asset', knownAt: '13' }],
  ['funds', { groupBy: 'month', year: '2024' }],
  ['recovery-rate', { groupBy: 'year' }],
  ['recovery-rate', { groupBy: 'year', knownAt: '13' }],
  ['recovery-rate', { year: '2023', asOf: '2024-03-31' }],
  ['recovery-rate', { groupBy: 'year,country', knownAt: '2025-03-05T12:00:00Z' }],
];
const PROVENANCE: [string, Record<string, string>][] = [
  ['le-requests', { year: '2023' }],
  ['funds', { country: 'MX' }],
  ['funds', { year: '2024', country: 'US' }],
  ['recovery-rate', { year: '2023' }],
  ['recovery-rate', { year: '2023', knownAt: '2025-03-04T12:00:00Z' }],
];

type Answer = Awaited<ReturnType<FiguresHarness['service']['answer']>>;
const rows = (answer: Answer, ...measures: string[]) =>
  answer.rows.map((row) => [
    Object.values(row.group)
      .map((v) => v ?? '')
      .join('/'),
    ...measures.map((m) => row.measures[m]),
    row.events,
  ]);

/** One line per query, so a mismatch names the query it is in. */
async function snapshot(h: FiguresHarness): Promise<string[]> {
  const out: string[] = [];
  for (const [name, params] of QUERIES)
    out.push(`${name} ${JSON.stringify(params)} ${JSON.stringify(await h.service.answer(name, params))}`);
  for (const [name, params] of PROVENANCE)
    out.push(`provenance ${name} ${JSON.stringify(params)} ${JSON.stringify(await h.service.provenance(name, params))}`);
  return out;
}

describe("figures v2: a reviewer's hand-computed history, live vs rebuilt, SQLite vs PostgreSQL", () => {
  const harnesses: FiguresHarness[] = [];
  const schemas: string[] = [];
  const pgStore = () => {
    const schema = `rev_figs_${randomUUID().slice(0, 8)}`;
    schemas.push(schema);
    return new PostgresFigureStore({ connectionString, schema });
  };
  type Options = ConstructorParameters<typeof FiguresHarness>[0] & { events?: readonly NewEvent[] };
  const live = async ({ events = HISTORY, ...options }: Options) => {
    const h = new FiguresHarness({ positionBucketSize: 4, batchSize: 1, ...options });
    harnesses.push(h);
    await h.project(); // empty log: every figure is prepared, so what follows goes through the live path
    for (const event of events) {
      h.events.add(event);
      await h.project();
    }
    return h;
  };
  const rebuilt = async ({ events = HISTORY, ...options }: Options) => {
    const h = new FiguresHarness({ positionBucketSize: 4, buildLimits: { chunkEvents: 3, maxEntities: 2 }, ...options });
    harnesses.push(h);
    h.events.add(...events);
    await h.project();
    await h.projector.rebuild();
    return h;
  };
  let sqliteLive: FiguresHarness;

  beforeAll(async () => {
    sqliteLive = await live({});
  });
  afterAll(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await dropPostgresSchemas(connectionString, ...schemas);
  });

  it('le-requests: year-end stocks, late answers across the year boundary, a withdrawal, a corrected receipt', async () => {
    // After P15: r1 AR 2023-11-20 due 12-10, answered 2024-01-10 (51 d, late). r2 MX 2023-12-15 due 2024-01-20,
    // withdrawn 2024-02-01. r3 AR 2024-05-03 (corrected from 05-01) due 05-10, answered 06-01 (29 d, late). r4 MX
    // 2024-12-30 due 2025-01-03, open. The present is P16's recordedAt, 2025-03-06.
    const byYear = await sqliteLive.service.answer('le-requests', { groupBy: 'year' });
    const measures = [
      'received',
      'answered',
      'withdrawn',
      'openAtEnd',
      'overdueAtEnd',
      'open0to2Days',
      'open3to7Days',
      'open8to30Days',
      'openOver30Days',
    ];
    expect(rows(byYear, ...measures)).toEqual([
      // 2023-12-31 end: r1 41 d old (over 30), overdue; r2 16 d (8-30), due not passed. Events: P1, P2 and r1's
      // answer P5 (its response time counts in the 2023 cohort).
      ['2023', 2, 0, 0, 2, 1, 0, 0, 1, 1, 3],
      // 2024-12-31 end: r4 1 d 23 h old (0-2), due 2025-01-03 not passed. Events: P2 (r2 over 30 d on 01-15, overdue
      // 01-21), P5, P6, P9, P13, P15, P16.
      ['2024', 2, 2, 1, 1, 0, 1, 0, 0, 0, 7],
      // At 2025-03-06: r4 66 d old, overdue since 01-04. Event: P13 (its band moves and due date in 2025).
      ['2025', 0, 0, 0, 1, 1, 0, 0, 0, 1, 1],
    ]);
    expect(byYear.stocksAt).toBe('2025-03-06T00:00:00Z'); // P16's recordedAt, as written
    expect(byYear.events).toBe(8); // P1, P2, P5, P6, P9, P13, P15, P16

    // 2024 answered cohort: 51 and 29 d: avg 40, median rank 1 = 29, p90 rank 2 = 51; both had a due date, both late.
    const y2024 = await sqliteLive.service.answer('le-requests', { year: '2024' });
    expect(y2024.rows[0].measures).toMatchObject({
      responses: 2,
      avgResponseDays: '40',
      medianResponseDays: '29',
      p90ResponseDays: '51',
      answeredByDue: '0',
    });
    // Received in 2024: r3 (29 d) answered, r4 not.
    const received2024 = await sqliteLive.service.answer('le-requests', { year: '2024', cohort: 'received' });
    expect(received2024.rows[0].measures).toMatchObject({ received: 2, responses: 1, avgResponseDays: '29' });
    const received2023 = await sqliteLive.service.answer('le-requests', { year: '2023', cohort: 'received' });
    expect(received2023.rows[0].measures).toMatchObject({ responses: 1, avgResponseDays: '51' });

    // At asOf 2024-01-15: r1 answered; r2 31 d old at the end of 01-15 (over 30), due 01-20 not passed.
    const mid = await sqliteLive.service.answer('le-requests', { asOf: '2024-01-15' });
    expect(mid.rows[0].measures).toMatchObject({ received: 2, answered: 1, openAtEnd: 1, overdueAtEnd: 0, openOver30Days: 1 });
  });

  it('le-requests grouped by month x country and by five dimensions at once', async () => {
    // January 2024: r1 (AR) answered; r2 (MX) open at 01-31, 47 d old, overdue since 01-21.
    const jan = await sqliteLive.service.answer('le-requests', { month: '2024-01', groupBy: 'month,country' });
    expect(rows(jan, 'received', 'answered', 'openAtEnd', 'overdueAtEnd', 'openOver30Days', 'avgResponseDays')).toEqual([
      ['2024-01/AR', 0, 1, 0, 0, 0, '51', 1], // P5
      ['2024-01/MX', 0, 0, 1, 1, 1, null, 1], // P2 (its over-30 move and due date)
    ]);
    const five = await sqliteLive.service.answer('le-requests', { year: '2024', groupBy: 'year,country,requestKind,agencyKind,outcome' });
    expect(rows(five, 'received', 'answered', 'withdrawn', 'openAtEnd').map((r) => r.slice(0, -1))).toEqual([
      ['2024/AR/information/police/', 1, 0, 0, 0], // r3 received (and r1, r3 closed)
      ['2024/AR/information/police/disclosed', 0, 1, 0, 0], // r1
      ['2024/AR/information/police/partially_disclosed', 0, 1, 0, 0], // r3
      ['2024/MX/information/police/', 1, 0, 1, 1], // r4 received and open, r2 withdrawn
    ]);
  });

  it('le-requests by month up to asOf, and asOf with knownAt by time: stock rows stop at asOf and stand at it', async () => {
    const measures = ['received', 'answered', 'openAtEnd', 'overdueAtEnd', 'open8to30Days', 'openOver30Days'];
    const byMonth = await sqliteLive.service.answer('le-requests', { groupBy: 'month', asOf: '2024-01-15' });
    expect(rows(byMonth, ...measures).map((r) => r.slice(0, -1))).toEqual([
      ['2023-11', 1, 0, 1, 0, 1, 0], // r1 10 d old at 11-30, due 12-10 not passed
      ['2023-12', 1, 0, 2, 1, 1, 1], // r1 41 d, overdue; r2 16 d
      ['2024-01', 0, 1, 1, 0, 0, 1], // at 01-15 end: r1 answered 01-10; r2 31 d (over 30 from 01-15 00:00), due 01-20
    ]);
    expect(byMonth.stocksAt).toBe('2024-01-15T23:59:59.999Z');
    // Known by 2024-02-15 (r2's withdrawal not yet), as at 2024-01-15: the same 2024 stock.
    const both = await sqliteLive.service.answer('le-requests', { groupBy: 'year', asOf: '2024-01-15', knownAt: '2024-02-15T00:00:00Z' });
    expect(rows(both, ...measures).map((r) => r.slice(0, -1))).toEqual([
      ['2023', 2, 0, 2, 1, 1, 1],
      ['2024', 0, 1, 1, 0, 0, 1],
    ]);
    expect(both.stocksAt).toBe('2024-01-15T23:59:59.999Z');
  });

  it('le-requests as known at a time: imported history counts from its original recording time', async () => {
    // By 2023-12-31 12:00 only P1..P4 were known (imported). Stocks stand at that instant: r1 41.5 d, r2 16.5 d.
    const end2023 = await sqliteLive.service.answer('le-requests', { groupBy: 'year', knownAt: '2023-12-31T12:00:00Z' });
    expect(rows(end2023, 'received', 'openAtEnd', 'overdueAtEnd', 'open8to30Days', 'openOver30Days').map((r) => r.slice(0, -1))).toEqual([
      ['2023', 2, 2, 1, 1, 1],
    ]);
    expect(end2023.knownAt).toMatchObject({ position: 2 }); // the last le-requests event known then
    // By 2024-02-15: r1's answer (imported, known 2024-01-11) but not r2's withdrawal (recorded 2025-03-02): r2 open,
    // 62 d old, overdue since 01-21.
    const feb = await sqliteLive.service.answer('le-requests', { groupBy: 'year', knownAt: '2024-02-15T00:00:00Z' });
    expect(
      rows(feb, 'received', 'answered', 'withdrawn', 'openAtEnd', 'overdueAtEnd', 'openOver30Days').map((r) => r.slice(0, -1)),
    ).toEqual([
      ['2023', 2, 0, 0, 2, 1, 1],
      ['2024', 0, 1, 0, 1, 1, 1],
    ]);
    expect(feb.stocksAt).toBe('2024-02-15T00:00:00.000Z');
  });

  it('funds: held at period ends after partial disposals at other prices; a reversed freeze leaves nothing', async () => {
    // f1 US 2 BTC at 60,000. 2024: 0.5 released (realised 40,000), 0.5 seized (realised 1): 1 BTC held at its
    // freeze-time value 30,000. f2 (MX) reversed: gone with its return.
    const now = await sqliteLive.service.answer('funds', { groupBy: 'year,country,asset' });
    const measures = ['frozenUsd', 'heldAmount', 'heldUsd', 'releasedRealisedUsd', 'seizedRealisedUsd', 'returnedRealisedUsd', 'freezes'];
    expect(rows(now, ...measures)).toEqual([
      ['2023/US/BTC', '60000', '2', '60000', '0', '0', '0', 1, 1], // P3
      ['2024/US/BTC', '0', '1', '30000', '40000', '1', '0', 0, 2], // P7, P10
      ['2025/US/BTC', '0', '1', '30000', '0', '0', '0', 0, 0],
    ]);
    // Known at position 13 (before the reversal): f2 holds 600 of 1,000 USDT (600 USD) after returning 400.
    const before = await sqliteLive.service.answer('funds', { groupBy: 'year,country,asset', knownAt: '13' });
    expect(rows(before, ...measures)).toEqual([
      ['2023/US/BTC', '60000', '2', '60000', '0', '0', '0', 1, 1],
      ['2024/MX/USDT', '1000', '600', '600', '0', '0', '400', 1, 2], // P11, P12
      ['2024/US/BTC', '0', '1', '30000', '40000', '1', '0', 0, 2],
      ['2025/MX/USDT', '0', '600', '600', '0', '0', '0', 0, 0],
      ['2025/US/BTC', '0', '1', '30000', '0', '0', '0', 0, 0],
    ]);
    // Known by 2025-03-04 12:00: the seizure (P10, recorded 03-04) but not P9, P11.. (03-05): as now, without f2.
    const byTime = await sqliteLive.service.answer('funds', { groupBy: 'year,asset', knownAt: '2025-03-04T12:00:00Z' });
    expect(rows(byTime, 'heldAmount', 'heldUsd', 'seizedRealisedUsd').map((r) => r.slice(0, -1))).toEqual([
      ['2023/BTC', '2', '60000', '0'],
      ['2024/BTC', '1', '30000', '1'],
      ['2025/BTC', '1', '30000', '0'],
    ]);
    expect(byTime.stocksAt).toBe('2025-03-04T12:00:00.000Z');
  });

  it("recovery-rate: a 2023 theft recovered in 2024; a linked return taken back by its freeze's reversal", async () => {
    const measures = ['stolenUsd', 'recoveredUsd', 'rate', 'cohortRecoveredUsd', 'cohortRate'];
    const now = await sqliteLive.service.answer('recovery-rate', { groupBy: 'year' });
    expect(rows(now, ...measures)).toEqual([
      // Events: the theft P4, the 2024 recovery P8 (in the cohort), f2's return P12 and its reversal P14.
      ['2023', '100000', '0', '0', '30000', '0.3', 4],
      ['2024', '0', '30000', null, '0', null, 3], // P8, P12, P14
    ]);
    // Before the reversal, f2's 400 returned to i1's victims counts too.
    const before = await sqliteLive.service.answer('recovery-rate', { groupBy: 'year', knownAt: '13' });
    expect(rows(before, ...measures)).toEqual([
      ['2023', '100000', '0', '0', '30400', '0.304', 3],
      ['2024', '0', '30400', null, '0', null, 2],
    ]);
    // To 2024-03-31 only: the recovery of 04-01 is not yet in the 2023 cohort.
    const asOf = await sqliteLive.service.answer('recovery-rate', { year: '2023', asOf: '2024-03-31' });
    expect(asOf.rows[0].measures).toMatchObject({ cohortRecoveredUsd: '0', cohortRate: '0' });
  });

  it('corrections across a year boundary move cohorts and held stocks with them', async () => {
    const h = await live({
      events: [
        at(e.stolen('i7', '2023-03-01T00:00:00Z', '100000'), '2025-01-01T00:00:00.000Z'),
        at(e.recovered('i7', '2024-02-01T00:00:00Z', '40000'), '2025-01-01T00:00:00.000Z'),
        at(
          e.event('incident-i7', 'IncidentCorrected', {
            incidentId: 'i7',
            changes: { reportedAt: '2024-01-10T00:00:00Z', country: 'BR' },
            replaces: {},
            reason: 'date',
            correctedAt: '2025-01-02T00:00:00Z',
          }),
          '2025-01-02T00:00:00.000Z',
        ),
        at(e.freeze('f7', '2023-12-15T00:00:00Z', [asset('BTC', '1', '50000')]), '2025-01-01T00:00:00.000Z'),
        at(e.release('f7', '2024-02-01T00:00:00Z', [asset('BTC', '0.4', '1')]), '2025-01-01T00:00:00.000Z'),
        at(
          e.event('freeze-f7', 'FreezeCorrected', {
            freezeId: 'f7',
            changes: { frozenAt: '2024-01-15T00:00:00Z' },
            replaces: {},
            reason: 'date',
            correctedAt: '2025-01-02T00:00:00Z',
          }),
          '2025-01-02T00:00:00.000Z',
        ),
      ],
    });
    // i7 now reported 2024-01-10 in BR: the 2023 cohort is empty, the 2024 one has the 40,000 recovered 2024-02-01.
    const recovery = await h.service.answer('recovery-rate', { groupBy: 'year,country' });
    expect(rows(recovery, 'stolenUsd', 'recoveredUsd', 'rate', 'cohortRecoveredUsd', 'cohortRate').map((r) => r.slice(0, -1))).toEqual([
      ['2024/BR', '100000', '40000', '0.4', '40000', '0.4'],
    ]);
    // f7 now frozen 2024-01-15: nothing held at the end of 2023; 0.6 BTC (30,000 of 50,000) at the end of 2024.
    const funds = await h.service.answer('funds', { groupBy: 'year,asset' });
    expect(rows(funds, 'frozenUsd', 'heldAmount', 'heldUsd', 'releasedRealisedUsd').map((r) => r.slice(0, -1))).toEqual([
      ['2024/BTC', '50000', '0.6', '30000', '1'],
      ['2025/BTC', '0', '0.6', '30000', '0'],
    ]);
  });

  it('provenance: the events behind a cell are exactly those that contributed to it', async () => {
    const positions = async (name: string, params: Record<string, string>) =>
      (await sqliteLive.service.provenance(name, params)).events.map((event) => event.position);
    expect(await positions('le-requests', { year: '2023' })).toEqual([1, 2, 5]);
    expect(await positions('funds', { year: '2024', country: 'US' })).toEqual([7, 10]);
    expect(await positions('recovery-rate', { year: '2023' })).toEqual([4, 8, 12, 14]);
    // Known by 2025-03-04 12:00: neither f2's return nor its reversal.
    expect(await positions('recovery-rate', { year: '2023', knownAt: '2025-03-04T12:00:00Z' })).toEqual([4, 8]);
  });

  it('a fact about a record is never known before the record: no negative stock as known at a time', async () => {
    // r5 received live (recorded 2025-03-05); its answer imported with an original recording time of 2024-06-01, before
    // the ledger knew of r5. The freeze f5 likewise, with a release imported as known 2024-06-01. And r6: two writers
    // whose clocks disagree record the answer 100 ms "before" the receipt. (Without the fix: openAtEnd -1, heldAmount
    // -1 BTC, sessions -1 as known at 2024-07-01.)
    const events: NewEvent[] = [
      at(e.receiveRequest('r5', '2024-05-01T00:00:00Z'), '2025-03-05T00:00:00.000Z'),
      at(e.answerRequest('r5', '2024-05-20T00:00:00Z'), '2025-03-06T00:00:00.000Z', '2024-06-01T00:00:00.000Z'),
      at(e.freeze('f5', '2024-05-01T00:00:00Z', [asset('BTC', '1', '100')]), '2025-03-05T00:00:00.000Z'),
      at(e.release('f5', '2024-05-20T00:00:00Z', [asset('BTC', '1', '100')]), '2025-03-06T00:00:00.000Z', '2024-06-01T00:00:00.000Z'),
      at(e.receiveRequest('r6', '2024-05-02T00:00:00Z'), '2025-03-07T10:00:00.500Z'),
      at(e.answerRequest('r6', '2024-05-21T00:00:00Z'), '2025-03-07T10:00:00.400Z'),
      // A training recorded live, its withdrawal imported as known 2024-06-01.
      at(e.training('t5', { deliveredOn: '2024-05-10' }), '2025-03-08T00:00:00.000Z'),
      at(e.withdrawTraining('t5'), '2025-03-08T00:00:00.000Z', '2024-06-01T00:00:00.000Z'),
      // A theft reported live; a recovery and a linked return (of a live freeze) imported as known 2024-06-01.
      at(e.stolen('i5', '2024-05-01T00:00:00Z', '1000'), '2025-03-09T00:00:00.000Z'),
      at(e.recovered('i5', '2024-05-15T00:00:00Z', '100'), '2025-03-09T00:00:00.000Z', '2024-06-01T00:00:00.000Z'),
      at(e.freeze('f6', '2024-05-02T00:00:00Z', [asset('USDT', '50', '50')]), '2025-03-09T00:00:00.000Z'),
      at(
        e.event('freeze-f6', 'FundsReturned', {
          freezeId: 'f6',
          assets: [asset('USDT', '50', '50')],
          returnedAt: '2024-05-20T00:00:00Z',
          incidentId: 'i5',
        }),
        '2025-03-09T00:00:00.000Z',
        '2024-06-01T00:00:00.000Z',
      ),
    ];
    for (const build of [live, rebuilt]) {
      const h = await build({ events });
      // Before 2025-03-05 the ledger knew of neither r5 nor f5: nothing at all, not an answer closing an unknown request.
      const requests = await h.service.answer('le-requests', { groupBy: 'year', knownAt: '2024-07-01T00:00:00Z' });
      expect(requests.rows).toEqual([]);
      const funds = await h.service.answer('funds', { groupBy: 'year,asset', knownAt: '2024-07-01T00:00:00Z' });
      expect(funds.rows).toEqual([]);
      expect((await h.service.answer('trainings', { groupBy: 'year', knownAt: '2024-07-01T00:00:00Z' })).rows).toEqual([]);
      // Without the fix: 2024 recovered 150 with no theft known (a cohort of 0 stolen and 150 recovered).
      expect((await h.service.answer('recovery-rate', { groupBy: 'year', knownAt: '2024-07-01T00:00:00Z' })).rows).toEqual([]);
      // Known now: 100 recovered + 50 returned of 1,000.
      expect((await h.service.answer('recovery-rate', { year: '2024' })).rows[0].measures).toMatchObject({
        stolenUsd: '1000',
        recoveredUsd: '150',
        cohortRate: '0.15',
      });
      // At 10:00:00.450 the receipt of r6 was not yet recorded, so its answer is not known either: r5 answered only.
      const skew = await h.service.answer('le-requests', { year: '2024', knownAt: '2025-03-07T10:00:00.450Z' });
      expect(skew.rows[0].measures).toMatchObject({ received: 1, answered: 1, openAtEnd: 0 });
      const after = await h.service.answer('le-requests', { year: '2024', knownAt: '2025-03-07T10:00:00.500Z' });
      expect(after.rows[0].measures).toMatchObject({ received: 2, answered: 2, openAtEnd: 0 });
    }
  });

  it('restatements: a correction is listed with what it changed, not with the ageing of open requests since the last event', async () => {
    // r7 and r8 received 2024-01-01 (recorded an hour later); on 2024-01-20 r8's kind is corrected. Grouped by year the
    // correction changes nothing: both are open, 19 days old (8-30), either way. Asked at the two recording times, the
    // year row's age bands differ (2 at 0-2 days, then 2 at 8-30): that is time passing, not the correction.
    const h = await live({
      events: [
        at(e.receiveRequest('r7', '2024-01-01T00:00:00Z'), '2024-01-01T01:00:00.000Z'),
        at(e.receiveRequest('r8', '2024-01-01T00:00:00Z'), '2024-01-01T01:00:00.000Z'),
        at(
          e.event('request-r8', 'LawEnforcementRequestCorrected', {
            requestId: 'r8',
            changes: { kind: 'freeze' },
            replaces: { kind: 'information' },
            reason: 'kind',
            correctedAt: '2024-01-20T00:00:00Z',
          }),
          '2024-01-20T00:00:00.000Z',
        ),
      ],
    });
    expect((await figureRestatements(h.service, h.events, 'le-requests', { groupBy: 'year' })).restatements).toEqual([]);
    // By kind it moves r8 from information to freeze, stocks at 2024-01-20 on both sides.
    const byKind = await figureRestatements(h.service, h.events, 'le-requests', { groupBy: 'requestKind' });
    expect(
      byKind.restatements.map((r) =>
        r.changes.filter((c) => c.before !== c.after && ['received', 'openAtEnd', 'open8to30Days', 'open0to2Days'].includes(c.measure)),
      ),
    ).toEqual([
      [
        { group: { requestKind: 'freeze' }, measure: 'received', before: null, after: 1 },
        { group: { requestKind: 'freeze' }, measure: 'openAtEnd', before: null, after: 1 },
        { group: { requestKind: 'freeze' }, measure: 'open0to2Days', before: null, after: 0 }, // a new row
        { group: { requestKind: 'freeze' }, measure: 'open8to30Days', before: null, after: 1 },
        { group: { requestKind: 'information' }, measure: 'received', before: 2, after: 1 },
        { group: { requestKind: 'information' }, measure: 'openAtEnd', before: 2, after: 1 },
        { group: { requestKind: 'information' }, measure: 'open8to30Days', before: 2, after: 1 },
      ],
    ]);
  });

  it('the same bytes live and rebuilt, on SQLite and on PostgreSQL', async () => {
    const expected = await snapshot(sqliteLive);
    expect(await snapshot(await rebuilt({}))).toEqual(expected);
    expect(await snapshot(await live({ store: pgStore() }))).toEqual(expected);
    expect(await snapshot(await rebuilt({ store: pgStore() }))).toEqual(expected);
  }, 60_000);
});
