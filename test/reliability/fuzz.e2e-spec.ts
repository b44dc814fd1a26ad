import fc from 'fast-check';
import { agency, answerRequest, freezeFunds, receiveRequest, recordTraining, reportStolenFunds } from '@ledger/test-support/http/bodies';
import { connect } from 'node:net';
import { startLedgerApp, TEST_ADMIN_KEY, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { listeningPort, repeatedBytes, streamRequest } from '@ledger/test-support/http/raw-http';

/**
 * Property-based fuzzing of every endpoint the OpenAPI document lists: random and malformed bodies, headers, path
 * ids and query strings. Whatever arrives, the answer is never a 5xx and never hangs; a refusal is a 4xx RFC 9457
 * problem; and anything refused leaves the log exactly as it was.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const REQUEST_TIMEOUT_MS = 10_000;
// Hundreds of requests per property: far beyond jest's default 5 s per test, however fast each one is.
jest.setTimeout(600_000);

/** Valid bodies per command path, mutated by the properties; a path without one gets only random bodies. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  '/v1/trainings': recordTraining,
  '/v1/trainings/{id}/corrections': { changes: { participants: 36 }, reason: 'attendance sheet recount' },
  '/v1/trainings/{id}/withdrawal': { reason: 'duplicate entry' },
  '/v1/le-requests': receiveRequest,
  '/v1/le-requests/{id}/answer': answerRequest,
  '/v1/le-requests/{id}/withdrawal': { withdrawnAt: '2024-03-09T10:00:00Z', reason: 'withdrawn by the agency' },
  '/v1/le-requests/{id}/corrections': { changes: { kind: 'freeze', dueBy: null }, reason: 'misread letter' },
  '/v1/le-requests/{id}/reversal': { reason: 'test entry' },
  '/v1/le-requests/{id}/supplementary-answers': { outcome: 'disclosed', note: 'the rest' },
  '/v1/freezes': freezeFunds,
  '/v1/freezes/{id}/releases': {
    assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }],
    releasedAt: '2024-06-13T15:00:00Z',
    reason: 'order lifted',
  },
  '/v1/incidents': reportStolenFunds,
  '/v1/incidents/{id}/recoveries': { usdValue: '1000', recoveredAt: '2024-05-03T08:00:00Z' },
  '/v1/incidents/{id}/corrections': { changes: { usdValue: '2600000', kind: 'scam' }, reason: 'amended statement' },
  '/v1/incidents/{id}/reversal': { reason: 'duplicate report' },
  '/v1/freezes/{id}/corrections': { changes: { country: 'AR', requestId: null }, reason: 'wrong jurisdiction' },
  '/v1/freezes/{id}/reversal': { reason: 'recorded in error' },
};

/** Values that break types, ranges, formats and parsers. */
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '1e309',
    'NaN',
    '__proto__',
    '{"$gt":""}',
    '9'.repeat(400),
    '2024-02-30',
    '2024-13-01T00:00:00Z',
    '0x10',
    '../../etc/passwd',
    '\u0000',
    'DROP TABLE events;--',
  ),
  fc.double(),
  fc.bigInt().map(String),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 3 }),
);

/** A valid body with one field replaced, removed or added, possibly deep inside. */
function mutated(body: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(body);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: nasty }).map(({ key, value }) => ({ ...body, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key))),
    fc.record({ key: fc.string({ maxLength: 12 }), value: nasty }).map(({ key, value }) => ({ ...body, [key]: value })),
    nasty,
  );
}

/** Header values that Node's HTTP client can send (no CR, LF or other control characters). */
const headerValue = fc
  .string({
    unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })).map((c) => String.fromCharCode(c)),
    maxLength: 260,
  })
  .filter((v) => v.trim() === v);

interface Endpoint {
  readonly method: 'get' | 'post';
  readonly path: string;
}

describe('fuzzing every endpoint: always a 4xx problem or a success, never a 5xx or a hang; refusals change nothing', () => {
  let ledger: LedgerTestApp;
  let endpoints: Endpoint[];
  /** Ids of existing aggregates per path prefix, so targeted paths also reach real streams. */
  const existing: Record<string, string> = {};

  beforeAll(async () => {
    // A short body grace, so the slow-body property cuts trickling requests within a second or two.
    ledger = await startLedgerApp({ LEDGER_BODY_GRACE_MS: '1000' });
    const document = (await ledger.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    endpoints = Object.entries(document.paths).flatMap(([path, operations]) =>
      (['get', 'post'] as const).filter((method) => operations[method] !== undefined).map((method) => ({ method, path })),
    );
    for (const [path, body] of [
      ['/v1/trainings', recordTraining],
      ['/v1/le-requests', receiveRequest],
      ['/v1/freezes', freezeFunds],
      ['/v1/incidents', reportStolenFunds],
    ] as const) {
      const created = await ledger.http().post(path).send(body).expect(201);
      existing[path] = created.body.stream.slice(created.body.stream.indexOf('-') + 1);
    }
  });
  afterAll(async () => ledger?.close());

  const head = async (): Promise<unknown> => (await ledger.http().get('/health').expect(200)).body.headPosition;

  function concretePath(template: string, id?: string): string {
    return template.replace(/\{[^}]+\}/g, (param) => {
      if (id !== undefined) return encodeURIComponent(id);
      const prefix = template.slice(0, template.indexOf(param) - 1);
      return existing[prefix] ?? (param === '{stream}' ? `training-${existing['/v1/trainings']}` : param === '{name}' ? 'trainings' : 'x');
    });
  }

  function expectNoServerError(
    response: { status: number; headers: Record<string, string>; body: unknown; text: string },
    what: string,
  ): void {
    expect({ what, status: response.status < 500 ? 'not 5xx' : `${response.status}: ${response.text.slice(0, 300)}` }).toEqual({
      what,
      status: 'not 5xx',
    });
    if (response.status >= 400) {
      expect({ what, contentType: response.headers['content-type'] }).toEqual({
        what,
        contentType: expect.stringMatching(/^application\/problem\+json/),
      });
      expect({ what, status: (response.body as { status?: number }).status }).toEqual({ what, status: response.status });
    }
  }

  it('lists the endpoints it fuzzes (the OpenAPI document)', () => {
    expect(endpoints.filter((e) => e.method === 'post').length).toBeGreaterThanOrEqual(12);
    expect(endpoints.some((e) => e.method === 'get' && e.path === '/v1/events')).toBe(true);
  });

  it('POST bodies: random or mutated JSON is refused with a 4xx problem and appends nothing, or accepted with 201', async () => {
    const posts = endpoints.filter((e) => e.method === 'post');
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...posts)
          .chain((endpoint) => fc.tuple(fc.constant(endpoint), VALID_BODIES[endpoint.path] ? mutated(VALID_BODIES[endpoint.path]) : nasty)),
        async ([endpoint, body]) => {
          const before = await head();
          const response = await ledger
            .http()
            .post(concretePath(endpoint.path))
            .timeout(REQUEST_TIMEOUT_MS)
            .set('content-type', 'application/json')
            .send(JSON.stringify(body));
          expectNoServerError(response, `POST ${endpoint.path} ${JSON.stringify(body)?.slice(0, 200)}`);
          if (response.status !== 201 && response.status !== 200) expect(await head()).toEqual(before);
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('POST bodies that are not JSON, or not what the content type says, are 4xx problems and append nothing', async () => {
    const posts = endpoints.filter((e) => e.method === 'post');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.constantFrom('{', '{"a":', '[1,2', '{"agency":}', 'null', '"text"', '\u0000\u0001', '{}'.repeat(50)),
        ),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
        ),
        async (endpoint, raw, contentType) => {
          const before = await head();
          const response = await ledger
            .http()
            .post(concretePath(endpoint.path))
            .timeout(REQUEST_TIMEOUT_MS)
            .set('content-type', contentType)
            .send(raw);
          expectNoServerError(response, `POST ${endpoint.path} as ${contentType}: ${JSON.stringify(raw).slice(0, 200)}`);
          if (response.status !== 201 && response.status !== 200) expect(await head()).toEqual(before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('headers: random Idempotency-Key, X-Correlation-Id, Authorization and Accept never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/le-requests', '/v1/trainings'),
        fc.record(
          { 'idempotency-key': headerValue, 'x-correlation-id': headerValue, authorization: headerValue, accept: headerValue },
          { requiredKeys: [] },
        ),
        async (path, headers) => {
          const before = await head();
          const body = path === '/v1/trainings' ? recordTraining : { ...receiveRequest, agency };
          const response = await ledger.http().post(path).timeout(REQUEST_TIMEOUT_MS).set(headers).send(body);
          expectNoServerError(response, `POST ${path} with ${JSON.stringify(headers)}`);
          if (response.status >= 400) expect(await head()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('path ids: random ids in every templated path are answered with a 4xx problem or a normal answer, never a 5xx', async () => {
    const templated = endpoints.filter((e) => e.path.includes('{'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...templated),
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.constantFrom('..', '%', '-', 'training-', 'a'.repeat(2000)),
        ),
        async (endpoint, id) => {
          if (id === '') return;
          const before = await head();
          const path = concretePath(endpoint.path, id);
          const response =
            endpoint.method === 'get'
              ? await ledger.http().get(path).timeout(REQUEST_TIMEOUT_MS)
              : await ledger
                  .http()
                  .post(path)
                  .timeout(REQUEST_TIMEOUT_MS)
                  .send(VALID_BODIES[endpoint.path] ?? {});
          expectNoServerError(response, `${endpoint.method.toUpperCase()} ${path}`);
          if (response.status >= 400) expect(await head()).toEqual(before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('query strings: random parameters on every GET are a 200 or a 4xx problem, never a 5xx, and change nothing', async () => {
    const gets = endpoints.filter((e) => e.method === 'get');
    const params = fc.dictionary(
      fc.oneof(
        fc.constantFrom('after', 'limit', 'groupBy', 'asOf', 'knownAt', 'from', 'year', 'month', 'country', 'direction', 'fromRevision'),
        fc.string({ maxLength: 10 }),
      ),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('-1', '0', '1e400', 'NaN', '9007199254740993', '2024-02-30', 'year,year', '', '[]', 'null'),
      ),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), params, async (endpoint, query) => {
        const before = await head();
        const search = new URLSearchParams(query).toString();
        const path = `${concretePath(endpoint.path)}${search ? `?${search}` : ''}`;
        const response = await ledger.http().get(path).timeout(REQUEST_TIMEOUT_MS);
        expectNoServerError(response, `GET ${path}`);
        expect(await head()).toEqual(before);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('deep nesting: bodies nested hundreds to thousands of levels are a 400 problem, never a 5xx, and append nothing', async () => {
    const posts = endpoints.filter((e) => e.method === 'post');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        fc.integer({ min: 65, max: 20_000 }),
        fc.constantFrom('[', '{"a":'),
        fc.boolean(),
        async (endpoint, depth, open, wrapped) => {
          const before = await head();
          const close = open === '[' ? ']' : '}';
          const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
          const body = wrapped ? JSON.stringify({ ...(VALID_BODIES[endpoint.path] ?? {}), nested: 0 }).replace('0}', `${nested}}`) : nested;
          const response = await ledger
            .http()
            .post(concretePath(endpoint.path))
            .timeout(REQUEST_TIMEOUT_MS)
            .set('content-type', 'application/json')
            .send(body);
          expectNoServerError(response, `POST ${endpoint.path} nested ${depth} deep`);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(await head()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('huge numbers: numeric and decimal-string fields of absurd size are refused with a 4xx and append nothing', async () => {
    const huge = fc.oneof(
      fc.integer({ min: 31, max: 5000 }).map((digits) => '9'.repeat(digits)),
      fc.constantFrom(
        '1e400',
        '-1e400',
        '1e-400',
        '0.' + '0'.repeat(5000) + '1',
        '9'.repeat(30) + '.' + '9'.repeat(9),
        '123456789012345678901234567890123',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/freezes', '/v1/incidents', '/v1/trainings'),
        huge,
        fc.boolean(),
        async (path, digits, asNumber) => {
          const before = await head();
          const valid = VALID_BODIES[path];
          const field = path === '/v1/trainings' ? 'participants' : path === '/v1/incidents' ? 'usdValue' : 'assets';
          const value = asNumber ? `${digits}` : JSON.stringify(digits);
          const replacement = field === 'assets' ? `[{"asset":"BTC","amount":${value},"usdValue":${value}}]` : value;
          const body = JSON.stringify({ ...valid, [field]: 0 }).replace(`"${field}":0`, `"${field}":${replacement}`);
          const response = await ledger.http().post(path).timeout(REQUEST_TIMEOUT_MS).set('content-type', 'application/json').send(body);
          expectNoServerError(response, `POST ${path} with ${field} = ${value.slice(0, 60)}...`);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(await head()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('huge import lines: a line past the 1 MiB cap, with or without a newline, is a 413 problem and appends nothing', async () => {
    const port = await listeningPort(ledger.app);
    const service = (
      await ledger
        .anonymous()
        .post('/v1/keys')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send({ role: 'service', categories: ['*'] })
        .expect(201)
    ).body.key;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1024 * 1024 + 1, max: 24 * 1024 * 1024 }),
        fc.constantFrom(0x61, 0x7b, 0x20, 0x5b),
        fc.boolean(),
        async (size, fill, newline) => {
          const before = await head();
          const chunks = [...repeatedBytes(size, fill), ...(newline ? [Buffer.from('\n')] : [])];
          const answer = await streamRequest(port, {
            path: '/v1/import',
            headers: { authorization: `Bearer ${service}`, 'content-type': 'application/x-ndjson' },
            chunks,
          });
          expect({ size, status: answer.status }).toEqual({ size, status: 413 });
          expect(JSON.parse(answer.text)).toMatchObject({ status: 413, code: 'import.line_too_long' });
          expect(await head()).toEqual(before);
        },
      ),
      { numRuns: Math.max(3, Math.round(RUNS / 8)) },
    );
  });

  it('slow bodies (slowloris): a trickling request is cut with a 408 or closed; meanwhile everyone else is answered; nothing appended', async () => {
    const port = await listeningPort(ledger.app);
    const service = (
      await ledger
        .anonymous()
        .post('/v1/keys')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send({ role: 'service', categories: ['*'] })
        .expect(201)
    ).body.key;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/trainings', '/v1/import', '/v1/freezes'),
        fc.integer({ min: 2, max: 6 }),
        async (path, slowClients) => {
          const before = await head();
          const body = JSON.stringify(VALID_BODIES[path] ?? recordTraining);
          const trickle = () =>
            new Promise<{ status: number | undefined; ms: number }>((resolve) => {
              const started = Date.now();
              const socket = connect(port, '127.0.0.1');
              let answer = '';
              let sent = 0;
              const contentType = path === '/v1/import' ? 'application/x-ndjson' : 'application/json';
              socket.write(
                `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${service}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`,
              );
              // One byte every 100 ms: a 300-byte body would take 30 s.
              const drip = setInterval(() => {
                if (sent < body.length - 1 && !socket.destroyed) socket.write(body[sent++]);
              }, 100);
              const done = () => {
                clearInterval(drip);
                const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
                resolve({ status: status === undefined ? undefined : Number(status), ms: Date.now() - started });
              };
              socket.on('data', (data) => (answer += data.toString()));
              socket.on('close', done);
              socket.on('error', () => undefined);
            });
          const slow = Array.from({ length: slowClients }, trickle);
          // While they trickle, ordinary requests are answered.
          for (let i = 0; i < 3; i++) await ledger.http().get('/health').timeout(REQUEST_TIMEOUT_MS).expect(200);
          for (const outcome of await Promise.all(slow)) {
            expect([408, undefined]).toContain(outcome.status);
            expect(outcome.ms).toBeLessThan(REQUEST_TIMEOUT_MS);
          }
          expect(await head()).toEqual(before);
        },
      ),
      { numRuns: Math.max(3, Math.round(RUNS / 8)) },
    );
  });
});
