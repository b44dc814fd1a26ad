import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { startTracing, type Tracing } from '../../apps/ledger-api/src/observability/tracing';
import { receiveRequest } from '@ledger/test-support/http/bodies';
import { SequentialIds, TEST_AUTH_ENV, TEST_NOW, testLedger, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

/** Spans for the HTTP request, the command (decide, append) and the figure query, caught by an in-memory exporter. */
describe('tracing (OpenTelemetry, in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let ledger: LedgerTestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-tracing-'));
    const config = loadConfig({
      LEDGER_DATA_DIR: dataDir,
      PORT: '0',
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_SERVICE_NAME: 'ledger-under-test',
      ...TEST_AUTH_ENV,
    });
    expect(config.tracing).toEqual({ exporter: 'console', serviceName: 'ledger-under-test' });
    tracing = startTracing(config.tracing!, exporter);
    const app = await createApp(config, { clock: new FixedClock(TEST_NOW), ids: new SequentialIds(), logger: false });
    ledger = await testLedger(app, { config, clock: new FixedClock(TEST_NOW), dataDir });
  });
  afterAll(async () => {
    await ledger.close();
    await tracing.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const named = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.name === name);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('traces a command: the HTTP span, then the command span with decide and append inside it', async () => {
    exporter.reset();
    await ledger
      .http()
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId: 'traced-1' })
      .expect(201);
    const [http] = named('POST /v1/le-requests');
    expect(http).toBeDefined();
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.attributes).toMatchObject({ 'http.route': '/v1/le-requests', 'http.response.status_code': 201 });
    expect(http.resource.attributes['service.name']).toBe('ledger-under-test');
    const [command] = named('command ReceiveRequest');
    expect(command).toBeDefined();
    expect(parentOf(command)).toBe(http.spanContext().spanId);
    const [decide] = named('decide');
    const [append] = named('append');
    expect(parentOf(decide)).toBe(command.spanContext().spanId);
    expect(parentOf(append)).toBe(command.spanContext().spanId);
    expect(new Set([http, command, decide, append].map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it("continues a caller's trace from its W3C traceparent header", async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await ledger.http().get('/v1/figures').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).expect(200);
    const [http] = named('GET /v1/figures');
    expect(http.spanContext().traceId).toBe(traceId);
    expect(parentOf(http)).toBe('00f067aa0ba902b7');
  });

  it('traces a figure query inside its HTTP span', async () => {
    exporter.reset();
    await ledger.http().get('/v1/figures/le-requests').expect(200);
    const [http] = named('GET /v1/figures/:name');
    const [query] = named('figure query');
    expect(query.attributes['ledger.figure']).toBe('le-requests');
    expect(parentOf(query)).toBe(http.spanContext().spanId);
  });
});
