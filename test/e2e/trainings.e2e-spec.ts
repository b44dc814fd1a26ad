import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('trainings: POST /v1/trainings, /corrections, /withdrawal', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  it('records a session: 201 with the event id and log position, Location of its stream', async () => {
    const response = await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'cdmx-2024-01' })
      .expect(201);

    expect(response.headers.location).toBe('/v1/streams/training-cdmx-2024-01');
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.body).toEqual({
      commandId: expect.any(String),
      stream: 'training-cdmx-2024-01',
      events: [
        { eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'TrainingSessionRecorded', revision: 0, position: expect.any(Number) },
      ],
    });
    const [stored] = (await ledger.http().get('/v1/streams/training-cdmx-2024-01').expect(200)).body.events;
    expect(stored.eventId).toBe(response.body.events[0].eventId);
    expect(stored.data).toEqual({ ...recordTraining, trainingId: 'cdmx-2024-01' });
    expect(stored.metadata).toMatchObject({
      actor: ledger.actors.service,
      commandId: response.body.commandId,
      recordedAt: '2025-06-30T12:00:00.000Z',
    });
  });

  it('records a session without an id under a fresh one', async () => {
    const response = await ledger.http().post('/v1/trainings').send(recordTraining).expect(201);
    expect(response.body.stream).toMatch(/^training-[0-9a-f-]{36}$/);
    expect(response.headers.location).toBe(`/v1/streams/${response.body.stream}`);
  });

  it('corrects a session: the event carries the change, what it replaces and why', async () => {
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'bsas-2024' })
      .expect(201);
    const response = await ledger
      .http()
      .post('/v1/trainings/bsas-2024/corrections')
      .send({ changes: { participants: 40, city: 'Buenos Aires' }, reason: 'attendance sheet counted 40 judicial investigators' })
      .expect(201);
    expect(response.body.events).toEqual([expect.objectContaining({ type: 'TrainingSessionCorrected', revision: 1 })]);
    const stream = (await ledger.http().get('/v1/streams/training-bsas-2024').expect(200)).body.events;
    expect(stream[1].data).toMatchObject({
      changes: { participants: 40, city: 'Buenos Aires' },
      replaces: { participants: 35, city: 'Ciudad de México' },
    });
  });

  it('withdraws a session, after which it cannot change (409)', async () => {
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'dup-1' })
      .expect(201);
    await ledger.http().post('/v1/trainings/dup-1/withdrawal').send({ reason: 'duplicate of cdmx-2024-01' }).expect(201);
    const before = await ledger.allEvents();

    const refused = await ledger
      .http()
      .post('/v1/trainings/dup-1/corrections')
      .send({ changes: { participants: 2 }, reason: 'late fix' })
      .expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 409, code: 'training.withdrawn', instance: '/v1/trainings/dup-1/corrections' });
    await ledger.http().post('/v1/trainings/dup-1/withdrawal').send({ reason: 'again' }).expect(409);
    expect(await ledger.allEvents()).toHaveLength(before.length);
  });

  it('refuses to record the same id twice (409)', async () => {
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'once' })
      .expect(201);
    const refused = await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'once' })
      .expect(409);
    expect(refused.body.code).toBe('training.already_recorded');
  });

  it('answers 404 for corrections and withdrawals of an unknown session', async () => {
    const missing = await ledger
      .http()
      .post('/v1/trainings/no-such-session/corrections')
      .send({ changes: { participants: 3 }, reason: 'x' })
      .expect(404);
    expect(missing.body).toMatchObject({ status: 404, code: 'training.not_found', type: 'urn:ledger:problem:training.not_found' });
    await ledger.http().post('/v1/trainings/no-such-session/withdrawal').send({ reason: 'x' }).expect(404);
  });

  describe('invalid input: 400 listing every invalid field, nothing appended', () => {
    it.each([
      ['country not ISO 3166-1', { country: 'XX' }, ['country']],
      ['country in lower case', { country: 'mx' }, ['country']],
      ['format outside the list', { format: 'webinar' }, ['format']],
      ['no participant', { participants: 0 }, ['participants']],
      ['participants as text', { participants: '35' }, ['participants']],
      ['impossible date', { deliveredOn: '2024-02-30' }, ['deliveredOn']],
      ['date before 2009', { deliveredOn: '1999-12-31' }, ['deliveredOn']],
      ['absurd future date', { deliveredOn: '3024-01-01' }, ['deliveredOn']],
      ['instant where a date is expected', { deliveredOn: '2024-03-05T10:00:00Z' }, ['deliveredOn']],
      ['no agency', { agencies: [] }, ['agencies']],
      [
        'invalid nested agency',
        { agencies: [{ name: ' ', kind: 'army', country: 'ZZ' }] },
        ['agencies[0].name', 'agencies[0].kind', 'agencies[0].country'],
      ],
      ['unknown field', { budget: 100 }, ['budget']],
      ['unknown nested field', { agencies: [{ ...recordTraining.agencies[0], phone: '555' }] }, ['agencies[0].phone']],
      ['topic too long', { topics: ['x'.repeat(201)] }, ['topics']],
      ['bad id', { trainingId: '-starts-with-dash' }, ['trainingId']],
    ])('%s', async (_, override, fields) => {
      const before = await ledger.allEvents();
      const response = await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, ...override })
        .expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:ledger:problem:validation',
        status: 400,
        code: 'validation',
        instance: '/v1/trainings',
      });
      expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
      expect(await ledger.allEvents()).toHaveLength(before.length);
    });

    it('lists several invalid fields at once', async () => {
      const response = await ledger.http().post('/v1/trainings').send({ country: 'mexico', participants: -1 }).expect(400);
      // One message per field: the first rule it breaks, in reading order.
      expect(response.body.errors).toEqual([
        { field: 'deliveredOn', message: 'deliveredOn is required', code: 'isDefined' },
        { field: 'country', message: 'country must be a two-letter ISO 3166-1 alpha-2 country code such as "MX"', code: 'matches' },
        { field: 'format', message: 'format is required', code: 'isDefined' },
        { field: 'agencies', message: 'agencies is required', code: 'isDefined' },
        { field: 'participants', message: 'participants must not be less than 1', code: 'min' },
        { field: 'topics', message: 'topics is required', code: 'isDefined' },
      ]);
      expect(response.body.detail).toBe('6 fields are invalid: deliveredOn, country, format, agencies, participants, topics');
    });

    it('refuses a date after the ledger clock (checked by the domain), naming the field', async () => {
      const response = await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, deliveredOn: '2025-08-01', endsOn: undefined })
        .expect(400);
      expect(response.body).toMatchObject({ code: 'time_in_future', errors: [{ field: 'deliveredOn' }] });
    });

    it('refuses an empty correction and a correction with unknown fields', async () => {
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId: 'to-correct' })
        .expect(201);
      await ledger.http().post('/v1/trainings/to-correct/corrections').send({ changes: {}, reason: 'nothing' }).expect(400);
      const unknown = await ledger
        .http()
        .post('/v1/trainings/to-correct/corrections')
        .send({ changes: { venue: 'x' }, reason: 'r' })
        .expect(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['changes.venue']);
      const invalid = await ledger
        .http()
        .post('/v1/trainings/to-correct/corrections')
        .send({ changes: { participants: 0 } })
        .expect(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['changes.participants', 'reason']);
    });

    it('refuses an invalid id in the path', async () => {
      const response = await ledger.http().post('/v1/trainings/%20bad/withdrawal').send({ reason: 'x' }).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });
  });
});
