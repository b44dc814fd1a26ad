import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

/** Every command endpoint the API serves (apps/ledger-api/README.md) and its reads. */
const COMMAND_PATHS = [
  '/v1/trainings',
  '/v1/trainings/{id}/corrections',
  '/v1/trainings/{id}/withdrawal',
  '/v1/le-requests',
  '/v1/le-requests/{id}/answer',
  '/v1/le-requests/{id}/withdrawal',
  '/v1/le-requests/{id}/corrections',
  '/v1/le-requests/{id}/reversal',
  '/v1/le-requests/{id}/supplementary-answers',
  '/v1/freezes',
  '/v1/freezes/{id}/releases',
  '/v1/freezes/{id}/seizures',
  '/v1/freezes/{id}/returns',
  '/v1/freezes/{id}/corrections',
  '/v1/freezes/{id}/reversal',
  '/v1/incidents',
  '/v1/incidents/{id}/recoveries',
  '/v1/incidents/{id}/corrections',
  '/v1/incidents/{id}/reversal',
];

describe('API surface: health, OpenAPI, problem details', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  it('GET /health reports the API and its event store up, with the log head', async () => {
    expect((await ledger.anonymous().get('/health').expect(200)).body).toEqual({ status: 'up' });
    // An auditor also sees the projector and where the continuous verifier stands.
    expect((await ledger.http().get('/health').expect(200)).body).toMatchObject({
      status: 'ok',
      eventStore: 'up',
      headPosition: null,
      projection: { state: expect.any(String) },
      verifier: { verifiedTreeSize: 0, state: expect.stringMatching(/^(starting|following)$/) },
    });
    const created = await ledger.http().post('/v1/trainings').send(recordTraining).expect(201);
    expect((await ledger.http().get('/health').expect(200)).body.headPosition).toBe(created.body.events[0].position);
  });

  it('serves the OpenAPI document at /docs-json listing every command endpoint with its problems', async () => {
    const document = (await ledger.http().get('/docs-json').expect(200)).body;
    expect(document.openapi).toMatch(/^3\./);
    for (const path of COMMAND_PATHS) {
      const operation = document.paths[path]?.post;
      expect({ path, documented: operation !== undefined }).toEqual({ path, documented: true });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422']));
      expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    }
    expect(document.paths['/v1/streams/{stream}'].get).toBeDefined();
    expect(document.paths['/v1/events'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['after', 'limit']);
    expect(document.paths['/health'].get).toBeDefined();
    expect(document.components.schemas.RecordTrainingDto.properties.format.enum).toEqual(['in_person', 'virtual', 'hybrid']);
    expect(document.components.schemas.ProblemDetails.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code']),
    );
  });

  it('serves the Swagger UI at /docs', async () => {
    const response = await ledger.http().get('/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await ledger.http().post('/v1/nowhere').send({}).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual({
      type: 'urn:ledger:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: expect.stringContaining('POST /v1/nowhere'),
      instance: '/v1/nowhere',
      code: 'not_found',
    });
  });

  it('answers malformed JSON with a 400 problem that does not echo parser internals', async () => {
    const response = await ledger.http().post('/v1/trainings').set('Content-Type', 'application/json').send('{"deliveredOn": ').expect(400);
    expect(response.body).toMatchObject({ code: 'malformed_json', detail: 'the request body is not valid JSON' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js|node_modules/);
  });

  it('answers a body over the limit with 413 and appends nothing', async () => {
    const before = await ledger.allEvents();
    const response = await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, topics: ['x'.repeat(1_100_000)] })
      .expect(413);
    expect(response.body).toMatchObject({ status: 413, code: 'body_too_large' });
    expect(await ledger.allEvents()).toHaveLength(before.length);
  });

  it('answers a body that is not an object with a 400 problem', async () => {
    await ledger.http().post('/v1/trainings').set('Content-Type', 'application/json').send('[1,2]').expect(400);
  });

  it('when the event store fails: /health is 503 and a command is a 500 problem without a stack trace', async () => {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const head = jest.spyOn(store, 'headPosition').mockRejectedValueOnce(new Error('disk I/O error'));
    const health = await ledger.http().get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 503, code: 'store.unavailable' });
    head.mockRestore();

    const read = jest.spyOn(store, 'readStream').mockRejectedValueOnce(new Error('SQLITE_IOERR at /secret/path.db'));
    const failed = await ledger.http().post('/v1/trainings').send(recordTraining).expect(500);
    expect(failed.body).toEqual({
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      detail: 'the ledger failed unexpectedly; the error is logged',
      instance: '/v1/trainings',
      code: 'internal',
    });
    read.mockRestore();
  });
});
