import { answerRequest, receiveRequest } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('law-enforcement requests: POST /v1/le-requests, /answer, /withdrawal', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  const receive = (requestId: string, override: object = {}) =>
    ledger
      .http()
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId, ...override });

  it('receives a request into stream request-<id>', async () => {
    const response = await receive('fgr-000123').expect(201);
    expect(response.headers.location).toBe('/v1/streams/request-fgr-000123');
    expect(response.body).toMatchObject({ stream: 'request-fgr-000123', events: [{ type: 'LawEnforcementRequestReceived', revision: 0 }] });
  });

  it('answers a request once; a second answer is a conflict (409)', async () => {
    await receive('answer-once').expect(201);
    const answered = await ledger.http().post('/v1/le-requests/answer-once/answer').send(answerRequest).expect(201);
    expect(answered.body.events).toEqual([expect.objectContaining({ type: 'LawEnforcementRequestAnswered', revision: 1 })]);

    const again = await ledger
      .http()
      .post('/v1/le-requests/answer-once/answer')
      .send({ ...answerRequest, outcome: 'no_data' })
      .expect(409);
    expect(again.body).toMatchObject({ status: 409, code: 'request.already_answered', detail: expect.stringContaining('answered once') });
  });

  it('refuses an answer dated before the request arrived (409)', async () => {
    await receive('early-answer').expect(201);
    const refused = await ledger
      .http()
      .post('/v1/le-requests/early-answer/answer')
      .send({ ...answerRequest, answeredAt: '2024-03-01T00:00:00Z' })
      .expect(409);
    expect(refused.body.code).toBe('request.answered_before_received');
  });

  it('withdraws an open request, which then cannot be answered (409)', async () => {
    await receive('withdrawn').expect(201);
    const withdrawn = await ledger
      .http()
      .post('/v1/le-requests/withdrawn/withdrawal')
      .send({ reason: 'the agency closed its case', withdrawnAt: '2024-03-06T09:00:00Z' })
      .expect(201);
    expect(withdrawn.body.events).toEqual([expect.objectContaining({ type: 'LawEnforcementRequestWithdrawn' })]);
    await ledger.http().post('/v1/le-requests/withdrawn/answer').send(answerRequest).expect(409);
  });

  it('withdraws at the time of recording when no time is given', async () => {
    await receive('withdrawn-now').expect(201);
    await ledger.http().post('/v1/le-requests/withdrawn-now/withdrawal').send({ reason: 'duplicate' }).expect(201);
    const events = (await ledger.http().get('/v1/streams/request-withdrawn-now').expect(200)).body.events;
    expect(events[1].data).toMatchObject({ reason: 'duplicate' });
  });

  it('answers 404 for an unknown request', async () => {
    const missing = await ledger.http().post('/v1/le-requests/never-received/answer').send(answerRequest).expect(404);
    expect(missing.body.code).toBe('request.not_found');
    await ledger.http().post('/v1/le-requests/never-received/withdrawal').send({ reason: 'x' }).expect(404);
  });

  it('refuses a duplicate receipt of the same id (409)', async () => {
    await receive('dup').expect(201);
    await receive('dup').expect(409);
  });

  describe('invalid input: 400, nothing appended', () => {
    it.each([
      ['kind outside the list', { kind: 'subpoena' }, ['kind']],
      ['agency missing', { agency: undefined }, ['agency']],
      ['agency of an unknown kind', { agency: { name: 'X', kind: 'militia', country: 'MX' } }, ['agency.kind']],
      ['agency as a string', { agency: 'FGR' }, ['agency']],
      ['date where an instant is expected', { receivedAt: '2024-03-05' }, ['receivedAt']],
      ['instant without a zone', { receivedAt: '2024-03-05T14:30:00' }, ['receivedAt']],
      ['reference missing', { reference: undefined }, ['reference']],
      ['dueBy not a time', { dueBy: 'next week' }, ['dueBy']],
    ])('%s', async (_, override, fields) => {
      const before = await ledger.allEvents();
      const response = await receive('invalid-input', override).expect(400);
      expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))]).toEqual(fields);
      expect(await ledger.allEvents()).toHaveLength(before.length);
    });

    it('refuses an answer with an unknown outcome or a bad time, listing both', async () => {
      await receive('bad-answer').expect(201);
      const response = await ledger
        .http()
        .post('/v1/le-requests/bad-answer/answer')
        .send({ answeredAt: 'yesterday', outcome: 'ignored' })
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['answeredAt', 'outcome']);
    });

    it('refuses a receipt in the future of the ledger clock', async () => {
      const response = await receive('from-the-future', { receivedAt: '2025-07-01T00:00:00Z' }).expect(400);
      expect(response.body).toMatchObject({ code: 'time_in_future', errors: [{ field: 'receivedAt' }] });
    });
  });

  it('answers concurrent answers to one request with exactly one 201; the others are 409', async () => {
    await receive('raced').expect(201);
    const outcomes = ['disclosed', 'partially_disclosed', 'no_data', 'rejected', 'disclosed', 'no_data'];
    const responses = await Promise.all(
      outcomes.map((outcome) =>
        ledger
          .http()
          .post('/v1/le-requests/raced/answer')
          .send({ ...answerRequest, outcome }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const events = (await ledger.http().get('/v1/streams/request-raced').expect(200)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['LawEnforcementRequestReceived', 'LawEnforcementRequestAnswered']);
  });
});
