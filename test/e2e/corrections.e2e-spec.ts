import request from 'supertest';
import { answerRequest, freezeFunds, receiveRequest, reportStolenFunds } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

/** Corrections, reversals and supplementary answers of requests, freezes and incidents; cited records must exist. */
describe('corrections and reversals: /corrections, /reversal, /supplementary-answers', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  const post = (path: string, body: object) => ledger.http().post(path).send(body);
  const streamOf = async (stream: string) =>
    (await ledger.http().get(`/v1/streams/${stream}`).expect(200)).body.events as { type: string; data: Record<string, unknown> }[];

  it('corrects a request, records what it replaced, and keeps the original event', async () => {
    await post('/v1/le-requests', { ...receiveRequest, requestId: 'c-req' }).expect(201);
    const corrected = await post('/v1/le-requests/c-req/corrections', {
      changes: { kind: 'freeze', dueBy: null },
      reason: 'misread letter',
    }).expect(201);
    expect(corrected.body).toMatchObject({
      stream: 'request-c-req',
      events: [{ type: 'LawEnforcementRequestCorrected', revision: 1, position: expect.any(Number) }],
    });
    const [received, correction] = await streamOf('request-c-req');
    expect(received.data.kind).toBe('information');
    expect(correction.data).toMatchObject({
      changes: { kind: 'freeze', dueBy: null },
      replaces: { kind: 'information', dueBy: '2024-03-15' },
      reason: 'misread letter',
    });
  });

  it('supplements an answered request (201) and refuses one not answered (409)', async () => {
    await post('/v1/le-requests', { ...receiveRequest, requestId: 'c-sup' }).expect(201);
    const early = await post('/v1/le-requests/c-sup/supplementary-answers', { outcome: 'disclosed' }).expect(409);
    expect(early.body.code).toBe('request.not_answered');
    await post('/v1/le-requests/c-sup/answer', { ...answerRequest, outcome: 'partially_disclosed' }).expect(201);
    const supplemented = await post('/v1/le-requests/c-sup/supplementary-answers', {
      outcome: 'disclosed',
      supplementedAt: '2024-03-20T10:00:00Z',
      note: 'the rest',
    }).expect(201);
    expect(supplemented.body.events).toEqual([expect.objectContaining({ type: 'LawEnforcementRequestAnswerSupplemented' })]);
  });

  it('reverses a request; nothing may follow, and it can no longer be cited by a freeze', async () => {
    await post('/v1/le-requests', { ...receiveRequest, requestId: 'c-rev' }).expect(201);
    await post('/v1/le-requests/c-rev/reversal', { reason: 'test entry' }).expect(201);
    expect((await post('/v1/le-requests/c-rev/answer', answerRequest).expect(409)).body.code).toBe('request.reversed');
    const cited = await post('/v1/freezes', { ...freezeFunds, freezeId: 'c-fz-rev', requestId: 'c-rev' }).expect(409);
    expect(cited.body).toMatchObject({ code: 'citation.request_not_found', detail: expect.stringContaining('c-rev') });
  });

  it('refuses a freeze citing a request or an incident that does not exist, naming the id, appending nothing', async () => {
    const before = (await ledger.allEvents()).length;
    const request404 = await post('/v1/freezes', { ...freezeFunds, freezeId: 'c-fz-x', requestId: 'never-received' }).expect(409);
    expect(request404.body).toMatchObject({ code: 'citation.request_not_found', detail: expect.stringContaining('never-received') });
    const incident404 = await post('/v1/freezes', { ...freezeFunds, freezeId: 'c-fz-x', incidentId: 'never-reported' }).expect(409);
    expect(incident404.body.code).toBe('citation.incident_not_found');
    expect(await ledger.allEvents()).toHaveLength(before);
  });

  it('refuses a zero USD value on a freeze line (400)', async () => {
    const zero = await post('/v1/freezes', {
      ...freezeFunds,
      freezeId: 'c-fz-0',
      assets: [{ asset: 'BTC', amount: '1', usdValue: '0' }],
    }).expect(400);
    expect(zero.body.errors.map((e: { field: string }) => e.field)).toEqual(['assets[0].usdValue']);
  });

  it('corrects a freeze link to an incident on record and reverses the freeze', async () => {
    await post('/v1/incidents', { ...reportStolenFunds, incidentId: 'c-inc' }).expect(201);
    await post('/v1/freezes', { ...freezeFunds, freezeId: 'c-fz' }).expect(201);
    expect((await post('/v1/freezes/c-fz/corrections', { changes: { incidentId: 'nope' }, reason: 'link' }).expect(409)).body.code).toBe(
      'citation.incident_not_found',
    );
    await post('/v1/freezes/c-fz/corrections', { changes: { incidentId: 'c-inc', country: 'AR' }, reason: 'link to the hack' }).expect(201);
    await post('/v1/freezes/c-fz/reversal', { reason: 'amount entered wrongly' }).expect(201);
    const release = { assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }], releasedAt: '2024-07-01T00:00:00Z', reason: 'lifted' };
    expect((await post('/v1/freezes/c-fz/releases', release).expect(409)).body.code).toBe('freeze.reversed');
    expect((await streamOf('freeze-c-fz')).map((e) => e.type)).toEqual(['FundsFrozen', 'FreezeCorrected', 'FreezeReversed']);
  });

  it('corrects an incident within recovered <= stolen, then reverses it', async () => {
    await post('/v1/incidents', { ...reportStolenFunds, incidentId: 'c-inc2' }).expect(201);
    await post('/v1/incidents/c-inc2/recoveries', { usdValue: '1000', recoveredAt: '2024-06-20T10:00:00Z' }).expect(201);
    expect((await post('/v1/incidents/c-inc2/corrections', { changes: { usdValue: '999' }, reason: 'r' }).expect(409)).body.code).toBe(
      'incident.recovery_exceeds_stolen',
    );
    await post('/v1/incidents/c-inc2/corrections', { changes: { usdValue: '2600000', kind: 'scam' }, reason: 'amended statement' }).expect(
      201,
    );
    await post('/v1/incidents/c-inc2/reversal', { reason: 'duplicate report' }).expect(201);
    expect(
      (await post('/v1/incidents/c-inc2/recoveries', { usdValue: '1', recoveredAt: '2024-06-21T10:00:00Z' }).expect(409)).body.code,
    ).toBe('incident.reversed');
  });

  it('answers 404 for corrections and reversals of what does not exist, 400 for a body without a reason', async () => {
    expect((await post('/v1/le-requests/none/reversal', { reason: 'x' }).expect(404)).body.code).toBe('request.not_found');
    expect((await post('/v1/freezes/none/corrections', { changes: { country: 'AR' }, reason: 'x' }).expect(404)).body.code).toBe(
      'freeze.not_found',
    );
    expect((await post('/v1/incidents/none/reversal', { reason: 'x' }).expect(404)).body.code).toBe('incident.not_found');
    const noReason = await post('/v1/freezes/c-fz/corrections', { changes: { country: 'AR' } }).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
  });

  it('imports history with its original recording time only for a key granted "history"', async () => {
    const line =
      JSON.stringify({
        type: 'ReceiveRequest',
        data: { ...receiveRequest, requestId: 'c-hist' },
        imported: { source: 'legacy-case-db', recordedAt: '2024-03-05T15:00:00Z' },
      }) + '\n';
    const refused = await ledger.http().post('/v1/import').set('Content-Type', 'application/x-ndjson').send(line).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'line 1', code: 'import.imported_not_allowed' })]);
    const created = await ledger
      .as('admin')
      .post('/v1/keys')
      .send({ role: 'service', categories: ['request', 'history'] })
      .expect(201);
    await request(ledger.app.getHttpServer())
      .post('/v1/import')
      .set('Authorization', `Bearer ${created.body.key}`)
      .set('Content-Type', 'application/x-ndjson')
      .send(line)
      .expect(201);
    const [event] = (await ledger.http().get('/v1/streams/request-c-hist').expect(200)).body.events;
    expect(event.metadata).toMatchObject({
      imported: { source: 'legacy-case-db', recordedAt: '2024-03-05T15:00:00.000Z' },
      recordedAt: expect.stringMatching(/^2025-06-30/),
    });
  });
});
