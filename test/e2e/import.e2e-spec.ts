import { freezeFunds, receiveRequest, reportStolenFunds } from './support/bodies';
import { startLedgerApp, type LedgerTestApp } from './support/ledger-app';

const ndjson = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('bulk import: POST /v1/import (NDJSON)', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  const post = (body: string, query: Record<string, string | number> = {}) =>
    ledger.http().post('/v1/import').query(query).set('Content-Type', 'application/x-ndjson').send(body);

  it('appends every line and reports counts (201)', async () => {
    const body = ndjson(
      { type: 'ReceiveRequest', data: { ...receiveRequest, requestId: 'imp-1' } },
      { type: 'AnswerRequest', data: { requestId: 'imp-1', answeredAt: '2024-03-06T10:00:00Z', outcome: 'no_data' } },
      { type: 'FreezeFunds', data: { ...freezeFunds, freezeId: 'imp-fz' }, idempotencyKey: 'imp-fz-key' },
    );
    const response = await post(body).expect(201);
    expect(response.body).toMatchObject({ ok: true, lines: 3, appended: 3, replayed: 0, events: 3, failedLines: 0, failed: [] });
    const types = (await ledger.allEvents()).map((e) => e.type);
    expect(types).toEqual(['LawEnforcementRequestReceived', 'LawEnforcementRequestAnswered', 'FundsFrozen']);
  });

  it('with an Idempotency-Key, a retried import appends nothing twice', async () => {
    const body = ndjson({ type: 'ReportStolenFunds', data: { ...reportStolenFunds, incidentId: 'imp-inc' } });
    await ledger.http().post('/v1/import').set('Content-Type', 'application/x-ndjson').set('Idempotency-Key', 'nightly-2024-05-02').send(body).expect(201);
    const count = (await ledger.allEvents()).length;
    const retry = await ledger.http().post('/v1/import').set('Content-Type', 'application/x-ndjson').set('Idempotency-Key', 'nightly-2024-05-02').send(body).expect(201);
    expect(retry.body).toMatchObject({ ok: true, appended: 0, replayed: 1 });
    expect(await ledger.allEvents()).toHaveLength(count);
  });

  it('a batch with a malformed or refused line appends nothing: 400 naming each line', async () => {
    const count = (await ledger.allEvents()).length;
    const body = ndjson(
      { type: 'ReportStolenFunds', data: { ...reportStolenFunds, incidentId: 'imp-bad-1' } },
      { type: 'LaunderFunds', data: {} },
      { type: 'RecordRecovery', data: { incidentId: 'no-such-incident', usdValue: '1', recoveredAt: '2024-06-01T00:00:00Z' } },
    );
    const response = await post(body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'import.rejected', report: { ok: false, appended: 0 } });
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'line 2', code: 'import.unknown_type' })]);
    expect(await ledger.allEvents()).toHaveLength(count);
  });

  it('reports the lines the domain refused, by line number', async () => {
    const body = ndjson({ type: 'RecordRecovery', data: { incidentId: 'no-such-incident', usdValue: '1', recoveredAt: '2024-06-01T00:00:00Z' } });
    const response = await post(body).expect(400);
    expect(response.body.errors).toEqual([{ field: 'line 1', code: 'incident.not_found', message: expect.stringContaining('no-such-incident') }]);
  });

  it('when a later batch fails after earlier ones went in: 422 with what was appended', async () => {
    const body = ndjson(
      { type: 'ReportStolenFunds', data: { ...reportStolenFunds, incidentId: 'imp-part-1' } },
      { type: 'ReportStolenFunds', data: { ...reportStolenFunds, incidentId: 'imp-part-1' } },
    );
    const response = await post(body, { batchSize: 1 }).expect(422);
    expect(response.body).toMatchObject({ code: 'import.partially_applied', report: { appended: 1, failedLines: 1, stoppedAtLine: 2 } });
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'line 2', code: 'incident.already_reported' })]);
  });

  it('refuses a JSON body (415) and bad options (400)', async () => {
    await ledger.http().post('/v1/import').send({ type: 'ReportStolenFunds' }).expect(415);
    const bad = await post(ndjson({ type: 'ReportStolenFunds', data: reportStolenFunds }), { batchSize: 0 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['batchSize']);
  });

  it('is listed in the OpenAPI document', async () => {
    const document = (await ledger.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(document.paths['/v1/import'].post.requestBody.content)).toContain('application/x-ndjson');
  });
});
