import request from 'supertest';
import { answerRequest, freezeFunds, receiveRequest, recordTraining, reportStolenFunds } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import {
  CALLERS,
  createKey,
  credentials,
  FIGURE_NAMES,
  seedTwoCountries,
  type Caller,
  type Credentials,
} from '@ledger/test-support/http/access';

/**
 * Every endpoint x every caller x in-scope / out-of-scope object (OWASP API Top 10 2023: API1 BOLA, API2 broken
 * authentication, API5 BFLA). A cell not named in `allowed` must be refused: 401 without a valid credential, 403
 * with one; a refused command appends nothing.
 */
interface Endpoint {
  readonly name: string;
  readonly method: 'get' | 'post';
  /** Fresh per cell when a function, e.g. a new aggregate for a withdrawal. */
  readonly path: string | ((ledger: LedgerTestApp) => Promise<string>);
  readonly body?: object | (() => object);
  readonly contentType?: string;
  readonly allowed: Partial<Record<Caller, number>>;
}

let sequence = 0;
const fresh = (prefix: string) => `${prefix}-${++sequence}`;

async function created(ledger: LedgerTestApp, path: string, body: object): Promise<string> {
  const answer = await ledger.as('service').post(path).send(body).expect(201);
  return answer.body.stream.slice(answer.body.stream.indexOf('-') + 1);
}

const everyone = Object.fromEntries(CALLERS.map((c) => [c, 200])) as Record<Caller, number>;
const services = { serviceAll: 201 };
const trainingServices = { serviceAll: 201, serviceTraining: 201 };
const readers = { regulatorMX: 200, auditor: 200 };

const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET /health', method: 'get', path: '/health', allowed: everyone },
  { name: 'GET /health/live', method: 'get', path: '/health/live', allowed: everyone },
  { name: 'GET /health/ready', method: 'get', path: '/health/ready', allowed: everyone },
  // Commands: a service key for the category (API5); a service key for another category is refused (API1 by category).
  {
    name: 'POST /v1/trainings',
    method: 'post',
    path: '/v1/trainings',
    body: () => ({ ...recordTraining, trainingId: fresh('t') }),
    allowed: trainingServices,
  },
  {
    name: 'POST /v1/trainings/{id}/corrections',
    method: 'post',
    path: async (l) => `/v1/trainings/${await created(l, '/v1/trainings', { ...recordTraining, trainingId: fresh('t') })}/corrections`,
    body: { changes: { participants: 36 }, reason: 'recount' },
    allowed: trainingServices,
  },
  {
    name: 'POST /v1/trainings/{id}/withdrawal',
    method: 'post',
    path: async (l) => `/v1/trainings/${await created(l, '/v1/trainings', { ...recordTraining, trainingId: fresh('t') })}/withdrawal`,
    body: { reason: 'duplicate' },
    allowed: trainingServices,
  },
  {
    name: 'POST /v1/le-requests',
    method: 'post',
    path: '/v1/le-requests',
    body: () => ({ ...receiveRequest, requestId: fresh('r') }),
    allowed: services,
  },
  {
    name: 'POST /v1/le-requests/{id}/answer',
    method: 'post',
    path: async (l) => `/v1/le-requests/${await created(l, '/v1/le-requests', { ...receiveRequest, requestId: fresh('r') })}/answer`,
    body: answerRequest,
    allowed: services,
  },
  {
    name: 'POST /v1/le-requests/{id}/withdrawal',
    method: 'post',
    path: async (l) => `/v1/le-requests/${await created(l, '/v1/le-requests', { ...receiveRequest, requestId: fresh('r') })}/withdrawal`,
    body: { reason: 'closed' },
    allowed: services,
  },
  {
    name: 'POST /v1/le-requests/{id}/corrections',
    method: 'post',
    path: async (l) => `/v1/le-requests/${await created(l, '/v1/le-requests', { ...receiveRequest, requestId: fresh('r') })}/corrections`,
    body: { changes: { kind: 'freeze' }, reason: 'misread' },
    allowed: services,
  },
  {
    name: 'POST /v1/le-requests/{id}/reversal',
    method: 'post',
    path: async (l) => `/v1/le-requests/${await created(l, '/v1/le-requests', { ...receiveRequest, requestId: fresh('r') })}/reversal`,
    body: { reason: 'test entry' },
    allowed: services,
  },
  {
    name: 'POST /v1/le-requests/{id}/supplementary-answers',
    method: 'post',
    path: async (l) => {
      const id = await created(l, '/v1/le-requests', { ...receiveRequest, requestId: fresh('r') });
      await l.as('service').post(`/v1/le-requests/${id}/answer`).send(answerRequest).expect(201);
      return `/v1/le-requests/${id}/supplementary-answers`;
    },
    body: { outcome: 'disclosed' },
    allowed: services,
  },
  {
    name: 'POST /v1/freezes',
    method: 'post',
    path: '/v1/freezes',
    body: () => ({ ...freezeFunds, freezeId: fresh('f') }),
    allowed: services,
  },
  ...(['releases', 'seizures', 'returns'] as const).map((action): Endpoint => ({
    name: `POST /v1/freezes/{id}/${action}`,
    method: 'post',
    path: async (l) => `/v1/freezes/${await created(l, '/v1/freezes', { ...freezeFunds, freezeId: fresh('f') })}/${action}`,
    body: {
      releases: { assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }], releasedAt: '2024-07-01T00:00:00Z', reason: 'lifted' },
      seizures: {
        assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }],
        seizedAt: '2024-07-01T00:00:00Z',
        authority: 'DEA',
        orderReference: 'SW-1',
      },
      returns: { assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }], returnedAt: '2024-07-01T00:00:00Z' },
    }[action],
    allowed: services,
  })),
  {
    name: 'POST /v1/freezes/{id}/corrections',
    method: 'post',
    path: async (l) => `/v1/freezes/${await created(l, '/v1/freezes', { ...freezeFunds, freezeId: fresh('f') })}/corrections`,
    body: { changes: { country: 'MX' }, reason: 'attributed to the wrong jurisdiction' },
    allowed: services,
  },
  {
    name: 'POST /v1/freezes/{id}/reversal',
    method: 'post',
    path: async (l) => `/v1/freezes/${await created(l, '/v1/freezes', { ...freezeFunds, freezeId: fresh('f') })}/reversal`,
    body: { reason: 'recorded in error' },
    allowed: services,
  },
  {
    name: 'POST /v1/incidents',
    method: 'post',
    path: '/v1/incidents',
    body: () => ({ ...reportStolenFunds, incidentId: fresh('i') }),
    allowed: services,
  },
  {
    name: 'POST /v1/incidents/{id}/recoveries',
    method: 'post',
    path: async (l) => `/v1/incidents/${await created(l, '/v1/incidents', { ...reportStolenFunds, incidentId: fresh('i') })}/recoveries`,
    body: { usdValue: '1', recoveredAt: '2024-06-20T10:00:00Z' },
    allowed: services,
  },
  {
    name: 'POST /v1/incidents/{id}/corrections',
    method: 'post',
    path: async (l) => `/v1/incidents/${await created(l, '/v1/incidents', { ...reportStolenFunds, incidentId: fresh('i') })}/corrections`,
    body: { changes: { kind: 'scam' }, reason: 'amended statement' },
    allowed: services,
  },
  {
    name: 'POST /v1/incidents/{id}/reversal',
    method: 'post',
    path: async (l) => `/v1/incidents/${await created(l, '/v1/incidents', { ...reportStolenFunds, incidentId: fresh('i') })}/reversal`,
    body: { reason: 'duplicate report' },
    allowed: services,
  },
  {
    name: 'POST /v1/import (a training line)',
    method: 'post',
    path: '/v1/import',
    contentType: 'application/x-ndjson',
    body: () => ({ ndjson: JSON.stringify({ type: 'RecordTrainingSession', data: { ...recordTraining, trainingId: fresh('t') } }) + '\n' }),
    allowed: trainingServices,
  },
  {
    // The line's category is checked like a single command's: the training-only key gets the line refused, nothing appended.
    name: 'POST /v1/import (a freeze line)',
    method: 'post',
    path: '/v1/import',
    contentType: 'application/x-ndjson',
    body: () => ({ ndjson: JSON.stringify({ type: 'FreezeFunds', data: { ...freezeFunds, freezeId: fresh('f') } }) + '\n' }),
    allowed: { serviceAll: 201, serviceTraining: 400 },
  },
  {
    // Original recording times need the `history` grant by name: even a key for every category is refused the line.
    name: 'POST /v1/import (a line with imported history)',
    method: 'post',
    path: '/v1/import',
    contentType: 'application/x-ndjson',
    body: () => ({
      ndjson:
        JSON.stringify({
          type: 'RecordTrainingSession',
          data: { ...recordTraining, trainingId: fresh('t') },
          imported: { source: 'legacy', recordedAt: '2024-03-06T00:00:00Z' },
        }) + '\n',
    }),
    allowed: { serviceAll: 400, serviceTraining: 400 },
  },
  // The log as recorded: auditors only (regulators would see every country's events).
  { name: 'GET /v1/events', method: 'get', path: '/v1/events?limit=5', allowed: { auditor: 200 } },
  { name: 'GET /v1/streams/{stream} (MX)', method: 'get', path: '/v1/streams/training-mx-1', allowed: { auditor: 200 } },
  { name: 'GET /v1/streams/{stream} (AR)', method: 'get', path: '/v1/streams/training-ar-1', allowed: { auditor: 200 } },
  { name: 'GET /v1/security/events', method: 'get', path: '/v1/security/events', allowed: { auditor: 200 } },
  // Figures: regulators within their countries (API1), auditors everything.
  { name: 'GET /v1/figures', method: 'get', path: '/v1/figures', allowed: readers },
  ...FIGURE_NAMES.flatMap((figure): Endpoint[] => [
    { name: `GET /v1/figures/${figure}`, method: 'get', path: `/v1/figures/${figure}?groupBy=year`, allowed: readers },
    { name: `GET /v1/figures/${figure}?country=MX (in scope)`, method: 'get', path: `/v1/figures/${figure}?country=MX`, allowed: readers },
    {
      name: `GET /v1/figures/${figure}?country=AR (out of scope)`,
      method: 'get',
      path: `/v1/figures/${figure}?country=AR`,
      allowed: { auditor: 200 },
    },
    {
      name: `GET /v1/figures/${figure}?country=MX,AR (partly out)`,
      method: 'get',
      path: `/v1/figures/${figure}?country=MX,AR`,
      allowed: { auditor: 200 },
    },
    {
      name: `GET /v1/figures/${figure}/provenance?country=MX`,
      method: 'get',
      path: `/v1/figures/${figure}/provenance?country=MX`,
      allowed: readers,
    },
    {
      name: `GET /v1/figures/${figure}/provenance?country=AR`,
      method: 'get',
      path: `/v1/figures/${figure}/provenance?country=AR`,
      allowed: { auditor: 200 },
    },
  ]),
  {
    name: 'GET /v1/figures/trainings/provenance?country=~ (no country)',
    method: 'get',
    path: '/v1/figures/trainings/provenance?country=~',
    allowed: { auditor: 200 },
  },
  // Audit: signed heads and the public key for whoever reads figures; proofs, verify and new heads for auditors;
  // attestations and restatements scoped like figure answers.
  { name: 'GET /v1/audit/public-key', method: 'get', path: '/v1/audit/public-key', allowed: readers },
  { name: 'POST /v1/audit/tree-heads', method: 'post', path: '/v1/audit/tree-heads', body: {}, allowed: { auditor: 201 } },
  // Heads give the whole log's size and time: not for a caller limited to some jurisdictions.
  { name: 'GET /v1/audit/tree-heads', method: 'get', path: '/v1/audit/tree-heads', allowed: { auditor: 200 } },
  { name: 'GET /v1/audit/tree-heads/latest', method: 'get', path: '/v1/audit/tree-heads/latest', allowed: { auditor: 200 } },
  { name: 'GET /v1/audit/proofs/inclusion', method: 'get', path: '/v1/audit/proofs/inclusion?position=1', allowed: { auditor: 200 } },
  { name: 'GET /v1/audit/proofs/consistency', method: 'get', path: '/v1/audit/proofs/consistency?first=1', allowed: { auditor: 200 } },
  { name: 'GET /v1/audit/verify', method: 'get', path: '/v1/audit/verify', allowed: { auditor: 200 } },
  { name: 'POST /v1/audit/verifications', method: 'post', path: '/v1/audit/verifications', body: {}, allowed: { auditor: 202 } },
  // GET /v1/audit/verify waits for the first full verification, after which the latest result exists.
  {
    name: 'GET /v1/audit/verifications/latest',
    method: 'get',
    path: async (l) => (await l.as('auditor').get('/v1/audit/verify').expect(200), '/v1/audit/verifications/latest'),
    allowed: { auditor: 200 },
  },
  {
    name: 'GET /v1/audit/verifications/{id}',
    method: 'get',
    path: async (l) => `/v1/audit/verifications/${(await l.as('auditor').post('/v1/audit/verifications').expect(202)).body.id}`,
    allowed: { auditor: 200 },
  },
  {
    name: 'POST /v1/attestations (MX)',
    method: 'post',
    path: '/v1/attestations',
    body: { figure: 'trainings', query: { country: 'MX' } },
    allowed: { regulatorMX: 201, auditor: 201 },
  },
  {
    name: 'POST /v1/attestations (AR)',
    method: 'post',
    path: '/v1/attestations',
    body: { figure: 'trainings', query: { country: 'AR' } },
    allowed: { auditor: 201 },
  },
  {
    name: 'GET /v1/figures/{name}/restatements (MX)',
    method: 'get',
    path: '/v1/figures/trainings/restatements?country=MX',
    allowed: readers,
  },
  {
    name: 'GET /v1/figures/{name}/restatements (AR)',
    method: 'get',
    path: '/v1/figures/trainings/restatements?country=AR',
    allowed: { auditor: 200 },
  },
  // Key management: admins only.
  { name: 'POST /v1/keys', method: 'post', path: '/v1/keys', body: { role: 'regulator', countries: ['BR'] }, allowed: { admin: 201 } },
  { name: 'GET /v1/keys', method: 'get', path: '/v1/keys', allowed: { admin: 200 } },
  {
    name: 'GET /v1/keys/{id}',
    method: 'get',
    path: async (l) => `/v1/keys/${(await createKey(l, { role: 'auditor' })).keyId}`,
    allowed: { admin: 200 },
  },
  {
    name: 'POST /v1/keys/{id}/revocation',
    method: 'post',
    path: async (l) => `/v1/keys/${(await createKey(l, { role: 'auditor' })).keyId}/revocation`,
    body: {},
    allowed: { admin: 200 },
  },
  // Personal data: services granted `subject` record, auditors read, admins erase.
  {
    name: 'POST /v1/subjects',
    method: 'post',
    path: '/v1/subjects',
    body: () => ({ subjectId: fresh('UID'), details: { name: 'A. Person' } }),
    allowed: services,
  },
  { name: 'GET /v1/subjects/{id}', method: 'get', path: (l) => newSubject(l), allowed: { auditor: 200 } },
  {
    name: 'POST /v1/subjects/{id}/erasure',
    method: 'post',
    path: async (l) => `${await newSubject(l)}/erasure`,
    body: { reason: 'request' },
    allowed: { admin: 200 },
  },
];

async function newSubject(ledger: LedgerTestApp): Promise<string> {
  const answer = await ledger
    .as('service')
    .post('/v1/subjects')
    .send({ subjectId: fresh('UID'), details: { name: 'B. Person' } })
    .expect(201);
  return answer.body.href;
}

const UNAUTHENTICATED: readonly Caller[] = ['anonymous', 'unknownKey', 'revokedKey'];

function expectedStatus(endpoint: Endpoint, caller: Caller): number {
  return endpoint.allowed[caller] ?? (UNAUTHENTICATED.includes(caller) ? 401 : 403);
}

describe('access matrix: every endpoint x every caller x in/out of scope', () => {
  let ledger: LedgerTestApp;
  let callers: Credentials;
  beforeAll(async () => {
    ledger = await startLedgerApp();
    callers = await credentials(ledger);
    await seedTwoCountries(ledger);
  }, 60_000);
  afterAll(async () => ledger.close());

  const cells = ENDPOINTS.flatMap((endpoint) =>
    CALLERS.map((caller) => [endpoint.name, caller, expectedStatus(endpoint, caller), endpoint] as const),
  );

  it.each(cells)('%s as %s -> %i', async (_, caller, status, endpoint) => {
    const path = typeof endpoint.path === 'function' ? await endpoint.path(ledger) : endpoint.path;
    const head = (await ledger.as('auditor').get('/health').expect(200)).body.headPosition;
    const server = ledger.app.getHttpServer();
    let call = endpoint.method === 'get' ? request(server).get(path) : request(server).post(path);
    for (const [name, value] of Object.entries(callers.headers[caller])) call = call.set(name, value);
    const body = typeof endpoint.body === 'function' ? endpoint.body() : endpoint.body;
    const response =
      endpoint.method === 'get'
        ? await call
        : endpoint.contentType
          ? await call.set('Content-Type', endpoint.contentType).send((body as { ndjson: string }).ndjson)
          : await call.send(body ?? {});

    // The body is part of the comparison so a wrong cell shows why it answered as it did.
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    if (status === 401) {
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.body.code).toMatch(/^auth\./);
    }
    if (status === 403) expect(response.body.code).toMatch(/^auth\.(forbidden|out_of_scope|log_metadata_out_of_scope)$/);
    if (status >= 400 && endpoint.method === 'post') {
      // A refused request appended nothing to the ledger.
      expect((await ledger.as('auditor').get('/health').expect(200)).body.headPosition).toBe(head);
    }
  });

  it('covers every route the app serves (a new route must join the matrix)', () => {
    const router = (
      ledger.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }
    ).router;
    const served = router.stack
      .filter((layer) => layer.route !== undefined)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
      )
      // The OpenAPI document and its viewer describe the API; they hold no ledger data.
      .filter((route) => !/^GET \/docs/.test(route));
    const covered = new Set(ENDPOINTS.map((e) => e.name.split(' ').slice(0, 2).join(' ')));
    const isCovered = (route: string) => {
      const pattern = new RegExp('^' + route.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/ ]+|\\{\\w+\\})') + '$');
      return [...covered].some((name) => pattern.test(name.replace(/\?.*$/, '')));
    };
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((route) => !isCovered(route))).toEqual([]);
  });
});
