import { freezeFunds, reportStolenFunds } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('incidents: POST /v1/incidents, /recoveries', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  const report = (incidentId: string, override: object = {}) =>
    ledger
      .http()
      .post('/v1/incidents')
      .send({ ...reportStolenFunds, incidentId, ...override });

  it('reports stolen funds into stream incident-<id>', async () => {
    const response = await report('inc-1').expect(201);
    expect(response.headers.location).toBe('/v1/streams/incident-inc-1');
    expect(response.body.events).toEqual([expect.objectContaining({ type: 'StolenFundsReported', revision: 0 })]);
  });

  it('records recoveries up to what was stolen; beyond it is a conflict (409)', async () => {
    await report('inc-2').expect(201);
    // The recovery names the freeze the funds came from; it must be on record.
    await ledger
      .http()
      .post('/v1/freezes')
      .send({ ...freezeFunds, freezeId: 'fz-1' })
      .expect(201);
    const first = await ledger
      .http()
      .post('/v1/incidents/inc-2/recoveries')
      .send({ usdValue: '2000000.5', recoveredAt: '2024-06-20T10:00:00Z', freezeId: 'fz-1' })
      .expect(201);
    expect(first.body.events).toEqual([expect.objectContaining({ type: 'FundsRecovered', revision: 1 })]);
    const before = await ledger.allEvents();
    const refused = await ledger
      .http()
      .post('/v1/incidents/inc-2/recoveries')
      .send({ usdValue: '500000', recoveredAt: '2024-06-21T10:00:00Z' })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'incident.recovery_exceeds_stolen',
      detail: expect.stringContaining('at most 499999.5 USD'),
    });
    expect(await ledger.allEvents()).toHaveLength(before.length);
    await ledger
      .http()
      .post('/v1/incidents/inc-2/recoveries')
      .send({ usdValue: '499999.5', recoveredAt: '2024-06-21T10:00:00Z' })
      .expect(201);
  });

  it('refuses a recovery dated before the report (409)', async () => {
    await report('inc-3').expect(201);
    const refused = await ledger
      .http()
      .post('/v1/incidents/inc-3/recoveries')
      .send({ usdValue: '1', recoveredAt: '2024-01-01' })
      .expect(409);
    expect(refused.body.code).toBe('incident.recovered_before_reported');
  });

  it('answers 404 for a recovery of an unknown incident', async () => {
    const missing = await ledger
      .http()
      .post('/v1/incidents/never-reported/recoveries')
      .send({ usdValue: '1', recoveredAt: '2024-06-20T10:00:00Z' })
      .expect(404);
    expect(missing.body).toMatchObject({ status: 404, code: 'incident.not_found' });
  });

  it('refuses a second report with the same id (409)', async () => {
    await report('inc-dup').expect(201);
    await report('inc-dup').expect(409);
  });

  describe('invalid input: 400, nothing appended', () => {
    it.each([
      ['kind outside the list', { kind: 'phishing' }, ['kind']],
      ['zero stolen', { usdValue: '0' }, ['usdValue']],
      ['USD value with 9 decimals', { usdValue: '1.000000001' }, ['usdValue']],
      ['USD value as a number', { usdValue: 2500000 }, ['usdValue']],
      ['country in lower case', { country: 'ar' }, ['country']],
      ['reportedAt before 2009', { reportedAt: '2008-12-31T00:00:00Z' }, ['reportedAt']],
    ])('%s', async (_, override, fields) => {
      const before = await ledger.allEvents();
      const response = await report('invalid', override).expect(400);
      expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))]).toEqual(fields);
      expect(await ledger.allEvents()).toHaveLength(before.length);
    });

    it('refuses a recovery with a bad amount and a missing time, listing both', async () => {
      await report('inc-4').expect(201);
      const response = await ledger.http().post('/v1/incidents/inc-4/recoveries').send({ usdValue: 'lots' }).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['recoveredAt', 'usdValue']);
    });
  });
});
