import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { LedgerMetrics } from '../../apps/ledger-api/src/observability/ledger-metrics';
import { Lifecycle } from '../../apps/ledger-api/src/observability/lifecycle';
import { metricsUrl, startMetricsServer } from '../../apps/ledger-api/src/observability/metrics-server';
import { LatestVerifyResult } from '../../apps/ledger-api/src/observability/verify-status';
import { freezeFunds, receiveRequest } from '@ledger/test-support/http/bodies';
import { SequentialIds, TEST_ADMIN_KEY, TEST_NOW, testLedger, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

const PSEUDONYM_SECRET = 'e2e-pseudonym-secret-never-in-a-log-0123456789';
/** Personal data sent in requests: none of it may reach a log line. */
const RAW_ACCOUNT = 'UID-RAWACCOUNT-4242';
const SUBJECT_ID = 'UID-SUBJECT-77123';
const SUBJECT_NAME = 'Mariana Quesada-Example';

describe('observability: metrics, request-scoped JSON logs, probes', () => {
  let ledger: LedgerTestApp;
  let dataDir: string;
  const lines: string[] = [];
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-observability-'));
    const config = loadConfig({
      LEDGER_DATA_DIR: dataDir,
      PORT: '0',
      LEDGER_LOG_LEVEL: 'verbose',
      LEDGER_LOG_FORMAT: 'json',
      LEDGER_ADMIN_KEY: TEST_ADMIN_KEY,
      LEDGER_PSEUDONYM_SECRET: PSEUDONYM_SECRET,
      LEDGER_RATE_LIMIT: '3/min',
    });
    const app = await createApp(config, {
      clock: new FixedClock(TEST_NOW),
      ids: new SequentialIds(),
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    ledger = await testLedger(app, { config, clock: new FixedClock(TEST_NOW), dataDir });
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('echoes an incoming X-Request-Id, and every line of that request carries it and the correlation id', async () => {
    lines.length = 0;
    const response = await ledger
      .http()
      .post('/v1/le-requests')
      .set('X-Request-Id', 'req-obs-1')
      .set('X-Correlation-Id', 'corr-obs-1')
      .send({ ...receiveRequest, requestId: 'obs-1' })
      .expect(201);
    expect(response.headers['x-request-id']).toBe('req-obs-1');
    const ofRequest = logged().filter((line) => line.requestId === 'req-obs-1');
    expect(ofRequest).toContainEqual(
      expect.objectContaining({
        msg: 'request answered',
        method: 'POST',
        route: '/v1/le-requests',
        status: 201,
        correlationId: 'corr-obs-1',
      }),
    );
    expect(logged().filter((line) => line.msg === 'request answered' && line.requestId !== 'req-obs-1')).toEqual([]);
  });

  it('makes a request id when none (or an unsafe one) is sent, and logs the command id as correlation id', async () => {
    lines.length = 0;
    const response = await ledger
      .http()
      .post('/v1/le-requests')
      .set('X-Request-Id', 'bad id {"forged":true}')
      .send({ ...receiveRequest, requestId: 'obs-2' })
      .expect(201);
    const made = response.headers['x-request-id'] as string;
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged()).toContainEqual(
      expect.objectContaining({ requestId: made, route: '/v1/le-requests', correlationId: response.body.commandId }),
    );
  });

  it('writes no secret and no raw personal data to any log line', async () => {
    lines.length = 0;
    await ledger
      .as('service')
      .post('/v1/subjects')
      .send({ subjectId: SUBJECT_ID, details: { name: SUBJECT_NAME } })
      .expect(201);
    await ledger
      .http()
      .post('/v1/freezes')
      .send({ ...freezeFunds, accountIds: [RAW_ACCOUNT] })
      .expect(201);
    await ledger
      .http()
      .post('/v1/freezes')
      .send({ ...freezeFunds, accountIds: [RAW_ACCOUNT], frozenAt: 'not a date' })
      .expect(400);
    await request(ledger.app.getHttpServer()).get('/v1/keys').set('Authorization', `Bearer ${TEST_ADMIN_KEY}x`).expect(401);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const text = lines.join('');
    for (const secret of [TEST_ADMIN_KEY, PSEUDONYM_SECRET, RAW_ACCOUNT, SUBJECT_ID, SUBJECT_NAME]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/ldg_[A-Za-z0-9_-]{20,}/);
  });

  it('serves Prometheus metrics: HTTP by route template, appends by category, projector, tree head, verify, process', async () => {
    await ledger
      .http()
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId: 'obs-metrics' })
      .expect(201);
    await ledger
      .http()
      .post('/v1/le-requests/obs-metrics/answer')
      .send({ answeredAt: '2024-03-08T10:00:00Z', outcome: 'disclosed' })
      .expect(201);
    await ledger
      .as('auditor')
      .post('/v1/audit/tree-heads')
      .expect((r) => expect(r.status).toBeLessThan(300));
    const text = await ledger.app.get(LedgerMetrics).registry.metrics();
    expect(text).toMatch(
      /ledger_http_request_duration_seconds_count\{method="POST",route="\/v1\/le-requests\/:id\/answer",status="201"\} 1\n/,
    );
    expect(text).not.toContain('obs-metrics');
    expect(text).toMatch(/ledger_append_duration_seconds_count \d+/);
    expect(text).toMatch(/ledger_appended_events_total\{category="request"\} [1-9]/);
    expect(text).toMatch(/ledger_projector_position\{figure="le-requests"\} \d+/);
    expect(text).toMatch(/ledger_projector_lag_events\{figure="le-requests"\} \d+/);
    expect(text).toMatch(/ledger_tree_head_size [1-9]\d*\n/);
    expect(text).toMatch(/ledger_tree_head_age_seconds [\d.]+\n/);
    expect(text).toContain('ledger_verify_status{result="none"} 1');
    expect(text).toMatch(/ledger_verify_last_result_age_seconds nan\n/i);
    expect(text).toMatch(/ledger_process_cpu_seconds_total \d/);
    expect(text).toMatch(/ledger_nodejs_eventloop_lag_seconds /);
  });

  it('reports the last verify result recorded through the verify status source', async () => {
    ledger.app.get(LatestVerifyResult).record({ ok: false, finishedAt: new Date(Date.parse(TEST_NOW) - 90_000) });
    const text = await ledger.app.get(LedgerMetrics).registry.metrics();
    expect(text).toContain('ledger_verify_status{result="failed"} 1');
    expect(text).toContain('ledger_verify_status{result="none"} 0');
    expect(text).toMatch(/ledger_verify_last_result_age_seconds 90\n/);
  });

  it('counts rate-limit refusals', async () => {
    // A page of 100 events costs one unit of the 3/min budget: the fourth is refused.
    for (let i = 0; i < 4; i++) await ledger.http().get('/v1/events').query({ after: 0, limit: 100 });
    const text = await ledger.app.get(LedgerMetrics).registry.metrics();
    expect(text).toMatch(/ledger_rate_limit_refusals_total\{route="\/v1\/events"\} [1-9]/);
  });

  it('serves /metrics on its own port only; the API port has no /metrics', async () => {
    const server: Server = await startMetricsServer(ledger.app.get(LedgerMetrics).registry, 0, '127.0.0.1');
    try {
      const scraped = await fetch(metricsUrl(server));
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toContain('text/plain');
      expect(await scraped.text()).toContain('ledger_http_request_duration_seconds_bucket');
      expect((await fetch(metricsUrl(server).replace('/metrics', '/v1/events'))).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await ledger.anonymous().get('/metrics').expect(404);
  });

  it('has a cheap liveness probe and a readiness probe that fails while draining, when new requests get 503', async () => {
    await ledger.anonymous().get('/health/live').expect(200, { status: 'up' });
    await ledger.anonymous().get('/health/ready').expect(200, { status: 'ready' });
    ledger.app.get(Lifecycle).startDraining();
    const refused = await ledger.anonymous().get('/health/ready').expect(503);
    expect(refused.headers.connection).toBe('close');
    expect(refused.body).toMatchObject({ status: 503, code: 'shutting_down' });
    await ledger
      .http()
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId: 'after-drain' })
      .expect(503);
  });
});
