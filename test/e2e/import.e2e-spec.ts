import { freezeFunds, receiveRequest, reportStolenFunds } from '@ledger/test-support/http/bodies';
import { startLedgerApp, TEST_ADMIN_KEY, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { listeningPort, repeatedBytes, streamRequest } from '@ledger/test-support/http/raw-http';

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
    await ledger
      .http()
      .post('/v1/import')
      .set('Content-Type', 'application/x-ndjson')
      .set('Idempotency-Key', 'nightly-2024-05-02')
      .send(body)
      .expect(201);
    const count = (await ledger.allEvents()).length;
    const retry = await ledger
      .http()
      .post('/v1/import')
      .set('Content-Type', 'application/x-ndjson')
      .set('Idempotency-Key', 'nightly-2024-05-02')
      .send(body)
      .expect(201);
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
    const body = ndjson({
      type: 'RecordRecovery',
      data: { incidentId: 'no-such-incident', usdValue: '1', recoveredAt: '2024-06-01T00:00:00Z' },
    });
    const response = await post(body).expect(400);
    expect(response.body.errors).toEqual([
      { field: 'line 1', code: 'incident.not_found', message: expect.stringContaining('no-such-incident') },
    ]);
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

  describe('a line longer than the cap (1 MiB) is refused while it streams, before it is buffered', () => {
    let serviceKey: string;
    beforeAll(async () => {
      serviceKey = (
        await ledger
          .anonymous()
          .post('/v1/keys')
          .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
          .send({ role: 'service', categories: ['*'] })
          .expect(201)
      ).body.key;
    });
    const importing = (chunks: Iterable<Buffer>, query = '') =>
      listeningPort(ledger.app).then((port) =>
        streamRequest(port, {
          path: `/v1/import${query}`,
          headers: { authorization: `Bearer ${serviceKey}`, 'content-type': 'application/x-ndjson' },
          chunks,
        }),
      );

    it('a 400 MB line without a newline: 413 problem after about a megabyte read; the process and its memory stay put', async () => {
      // On main readline buffered the whole line (a 100 MB line took ~240 MB; past ~537 MB the process died).
      const before = await ledger.http().get('/health').expect(200);
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const answer = await importing(repeatedBytes(400 * 1024 * 1024));
      const rssDelta = process.memoryUsage().rss - rssBefore;
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(answer.text);
      expect(problem).toMatchObject({
        status: 413,
        code: 'import.line_too_long',
        maxLineBytes: 1024 * 1024,
        errors: [{ field: 'line 1', code: 'import.line_too_long' }],
      });
      expect(problem.report).toMatchObject({ appended: 0, linesInLog: [] });
      // The client had far from 400 MB written when it was cut off, and the server held about one line.
      expect(answer.sentBytes).toBeLessThan(64 * 1024 * 1024);
      expect(rssDelta).toBeLessThan(64 * 1024 * 1024);
      const after = await ledger.http().get('/health').expect(200);
      expect(after.body.headPosition).toEqual(before.body.headPosition);
    });

    it('lines before the long one that went in are named exactly; its own batch and the rest do not go in', async () => {
      const good = (id: string) =>
        Buffer.from(JSON.stringify({ type: 'ReportStolenFunds', data: { ...reportStolenFunds, incidentId: id } }) + '\n');
      const count = (await ledger.allEvents()).length;
      const chunks = [
        good('long-1'),
        good('long-2'),
        Buffer.from('\n'),
        good('long-4'),
        ...repeatedBytes(3 * 1024 * 1024),
        Buffer.from('\n'),
        good('long-never'),
      ];
      const answer = await importing(chunks, '?batchSize=2');
      expect(answer.status).toBe(413);
      const problem = JSON.parse(answer.text);
      expect(problem.report).toMatchObject({
        appended: 2,
        notAppended: 1,
        linesInLog: [{ from: 1, to: 2 }],
        failed: [{ line: 5, code: 'import.line_too_long' }],
      });
      expect((await ledger.allEvents()).length).toBe(count + 2);
    });

    it('a line of exactly the cap is read and judged on its content like any other', async () => {
      const line = JSON.stringify({ type: 'ReportStolenFunds', data: { ...reportStolenFunds, incidentId: 'cap', padding: '' } });
      const padded = line.replace('"padding":""', `"padding":"${'x'.repeat(1024 * 1024 - line.length)}"`);
      expect(Buffer.byteLength(padded)).toBe(1024 * 1024);
      const response = await post(`${padded}\n`).expect(201);
      expect(response.body).toMatchObject({ ok: true, appended: 1, linesInLog: [{ from: 1, to: 1 }] });
    });
  });
});
