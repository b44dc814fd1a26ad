import { answerRequest, freezeFunds, receiveRequest, recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('Idempotency-Key: a retry returns the original answer and appends nothing', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  it('a creation retried with the same key and body gets the same 201 body and stream, marked as a replay', async () => {
    const first = await ledger.http().post('/v1/trainings').set('Idempotency-Key', 'create-1').send(recordTraining).expect(201);
    const countAfterFirst = (await ledger.allEvents()).length;

    const retry = await ledger.http().post('/v1/trainings').set('Idempotency-Key', 'create-1').send(recordTraining).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(first.body.commandId).toBe('create-1');
    expect(await ledger.allEvents()).toHaveLength(countAfterFirst);
  });

  it('derives the new id from the key, so the retry targets the same stream', async () => {
    const a = await ledger.http().post('/v1/freezes').set('Idempotency-Key', 'freeze-key').send(freezeFunds).expect(201);
    const b = await ledger.http().post('/v1/freezes').set('Idempotency-Key', 'freeze-key').send(freezeFunds).expect(201);
    const other = await ledger.http().post('/v1/freezes').set('Idempotency-Key', 'another-freeze-key').send(freezeFunds).expect(201);
    expect(b.body.stream).toBe(a.body.stream);
    expect(other.body.stream).not.toBe(a.body.stream);
  });

  it('a retry of a command on an existing aggregate appends nothing, even after the aggregate moved on', async () => {
    await ledger
      .http()
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId: 'idem-req' })
      .expect(201);
    const answered = await ledger
      .http()
      .post('/v1/le-requests/idem-req/answer')
      .set('Idempotency-Key', 'answer-1')
      .send(answerRequest)
      .expect(201);
    const count = (await ledger.allEvents()).length;

    // Without the key the same answer would be refused (answered once); with it, the client learns it already succeeded.
    const retry = await ledger
      .http()
      .post('/v1/le-requests/idem-req/answer')
      .set('Idempotency-Key', 'answer-1')
      .send(answerRequest)
      .expect(201);
    expect(retry.body).toEqual(answered.body);
    await ledger.http().post('/v1/le-requests/idem-req/answer').send(answerRequest).expect(409);
    expect(await ledger.allEvents()).toHaveLength(count);
  });

  it('the same key with a different body is refused with 422 and appends nothing', async () => {
    await ledger.http().post('/v1/trainings').set('Idempotency-Key', 'reused').send(recordTraining).expect(201);
    const count = (await ledger.allEvents()).length;

    const refused = await ledger
      .http()
      .post('/v1/trainings')
      .set('Idempotency-Key', 'reused')
      .send({ ...recordTraining, participants: 36 })
      .expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 422, code: 'idempotency.key_reused', detail: expect.stringContaining('reused') });
    expect(await ledger.allEvents()).toHaveLength(count);
  });

  it('the same key sent to another aggregate is refused with 422', async () => {
    await ledger
      .http()
      .post('/v1/trainings')
      .set('Idempotency-Key', 'cross')
      .send({ ...recordTraining, trainingId: 'cross-a' })
      .expect(201);
    const count = (await ledger.allEvents()).length;
    await ledger
      .http()
      .post('/v1/trainings')
      .set('Idempotency-Key', 'cross')
      .send({ ...recordTraining, trainingId: 'cross-b' })
      .expect(422);
    expect(await ledger.allEvents()).toHaveLength(count);
  });

  it('a key whose first attempt was refused can be used again once the request is fixed', async () => {
    await ledger
      .http()
      .post('/v1/trainings')
      .set('Idempotency-Key', 'fix-me')
      .send({ ...recordTraining, country: 'XX' })
      .expect(400);
    await ledger.http().post('/v1/trainings').set('Idempotency-Key', 'fix-me').send(recordTraining).expect(201);
  });

  it('concurrent retries of one creation append it once', async () => {
    const count = (await ledger.allEvents()).length;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        ledger
          .http()
          .post('/v1/incidents')
          .set('Idempotency-Key', 'burst')
          .send({ usdValue: '10', reportedAt: '2024-05-02T08:00:00Z', kind: 'scam', country: 'BR' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await ledger.allEvents()).toHaveLength(count + 1);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const response = await ledger.http().post('/v1/trainings').set('Idempotency-Key', 'has space').send(recordTraining).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    await ledger.http().post('/v1/trainings').set('Idempotency-Key', 'k'.repeat(201)).send(recordTraining).expect(400);
  });

  it('records the X-Correlation-Id and the key in the event metadata', async () => {
    const response = await ledger
      .http()
      .post('/v1/trainings')
      .set('Idempotency-Key', 'traced')
      .set('X-Correlation-Id', 'case-42')
      .send(recordTraining)
      .expect(201);
    const [event] = (await ledger.http().get(`/v1/streams/${response.body.stream}`).expect(200)).body.events;
    expect(event.metadata).toMatchObject({ commandId: 'traced', correlationId: 'case-42' });
  });
});
