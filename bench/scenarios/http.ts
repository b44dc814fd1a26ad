import path from 'node:path';
import { ApiProcess, freePort, register } from '@ledger/test-support/process/api-process';
import { closedLoop, type LoadRequest, type LoadResult } from '../lib/load';
import type { Measurement } from '../lib/report';
import { progress, runScenario, type ScenarioContext } from '../lib/scenario';
import { perSecond, round } from '../lib/stats';

/**
 * Command latency and throughput through the real API process (Nest, validation, pipeline, SQLite adapter with
 * synchronous=FULL) on 127.0.0.1: POST /v1/le-requests, each with its own Idempotency-Key.
 * Baseline in the same run: a bare node:http server doing JSON.parse + one durable INSERT in the same schema.
 * Also autocannon at 16 connections as a cross-check of the throughput (its latencies are whole milliseconds).
 */
function receiveRequest(n: number, prefix: string, authorization: string): LoadRequest {
  const key = `${prefix}-${n}`;
  return {
    method: 'POST',
    path: '/v1/le-requests',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization },
    body: JSON.stringify({
      agency: { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
      kind: 'information',
      receivedAt: '2024-03-05T14:30:00Z',
      dueBy: '2024-03-15',
      reference: `FGR/UEIDF/${n}/2024`,
    }),
  };
}

function summarise(result: LoadResult) {
  const latency = result.latency.summary();
  return {
    rate: perSecond(result.requests, result.elapsedMs),
    metrics: {
      requests: result.requests,
      seconds: round(result.elapsedMs / 1000, 2),
      p50Ms: latency.p50Ms,
      p99Ms: latency.p99Ms,
      p999Ms: latency.p999Ms,
      maxMs: latency.maxMs,
      statuses: Object.entries(result.statuses)
        .map(([status, count]) => `${status}x${count}`)
        .join(' '),
      errors: result.errors,
    },
  };
}

runScenario('http', async (context: ScenarioContext) => {
  const seconds = context.profile === 'full' ? 15 : 4;
  const measurements: Measurement[] = [];
  const entry = process.env.LEDGER_API_ENTRY === 'dist' ? 'dist build' : 'TypeScript sources via swc';

  const rawPort = await freePort();
  const rawServer = new ApiProcess(path.join(context.workDir, 'raw'), rawPort, {}, [
    '-r',
    register,
    path.join(context.root, 'bench/support/raw-http-server.ts'),
    path.join(context.workDir, 'raw.sqlite'),
    String(rawPort),
  ]);
  await rawServer.start();
  // The raw server ignores it; sent so both servers get requests of the same size.
  const rawAuthorization = `Bearer ldg_${'0'.repeat(40)}`;
  progress(`raw node:http + INSERT: warm-up, then 1 and 16 connections, ${seconds} s each`);
  await closedLoop(rawServer.baseUrl, 1, 1, (n) => receiveRequest(n, 'raw-warm', rawAuthorization));
  const raw1 = summarise(await closedLoop(rawServer.baseUrl, 1, seconds, (n) => receiveRequest(n, 'raw-c1', rawAuthorization)));
  const raw16 = summarise(await closedLoop(rawServer.baseUrl, 16, seconds, (n) => receiveRequest(n, 'raw-c16', rawAuthorization)));
  await rawServer.stop();

  const api = new ApiProcess(path.join(context.workDir, 'api'), await freePort());
  await api.start();
  const authorization = await api.serviceAuthorization();
  progress(`API (${entry}): warm-up, then 1 and 16 connections, ${seconds} s each`);
  await closedLoop(api.baseUrl, 1, 2, (n) => receiveRequest(n, 'warm', authorization));
  const api1 = summarise(await closedLoop(api.baseUrl, 1, seconds, (n) => receiveRequest(n, 'c1', authorization)));
  const api16 = summarise(await closedLoop(api.baseUrl, 16, seconds, (n) => receiveRequest(n, 'c16', authorization)));

  progress(`autocannon, 16 connections, ${seconds} s`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon');
  let counter = 0;
  const cannon = await autocannon({
    url: `${api.baseUrl}/v1/le-requests`,
    connections: 16,
    duration: seconds,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const next = receiveRequest(counter++, 'cannon', authorization);
          return { ...request, method: 'POST', headers: next.headers, body: next.body };
        },
      },
    ],
  });
  await api.stop();

  const common = { group: 'HTTP commands', command: context.command, durability: context.durability };
  const rawLabel = 'raw node:http + JSON.parse + INSERT';
  measurements.push(
    {
      ...common,
      id: 'http.raw.c1',
      label: `${rawLabel}, 1 connection`,
      value: raw1.metrics.p99Ms,
      unit: 'ms p99',
      metrics: { ...raw1.metrics, requestsPerSecond: raw1.rate },
      notes: 'baseline',
    },
    {
      ...common,
      id: 'http.raw.c16',
      label: `${rawLabel}, 16 connections`,
      value: raw16.rate,
      unit: 'req/s',
      metrics: raw16.metrics,
      notes: 'baseline',
    },
    {
      ...common,
      id: 'http.api.c1',
      label: 'POST /v1/le-requests, 1 connection (single-command latency)',
      value: api1.metrics.p99Ms,
      unit: 'ms p99',
      metrics: { ...api1.metrics, requestsPerSecond: api1.rate, api: entry },
      baseline: { id: 'http.raw.c1', label: 'raw p99', value: raw1.metrics.p99Ms, unit: 'ms' },
      ratio: round(api1.metrics.p99Ms / raw1.metrics.p99Ms, 2),
      target: { text: 'p99 < 5 ms', met: api1.metrics.p99Ms < 5 },
      notes: 'x raw here is latency (higher is slower)',
    },
    {
      ...common,
      id: 'http.api.c16',
      label: 'POST /v1/le-requests, 16 connections (throughput)',
      value: api16.rate,
      unit: 'req/s',
      metrics: { ...api16.metrics, api: entry },
      baseline: { id: 'http.raw.c16', label: 'raw', value: raw16.rate, unit: 'req/s' },
      ratio: round(api16.rate / raw16.rate, 2),
    },
    {
      ...common,
      id: 'http.api.autocannon.c16',
      label: 'autocannon, POST /v1/le-requests, 16 connections',
      value: Math.round(cannon.requests.average),
      unit: 'req/s',
      metrics: {
        requests: cannon.requests.total,
        non2xx: cannon.non2xx,
        errors: cannon.errors,
        timeouts: cannon.timeouts,
        p50Ms: cannon.latency.p50,
        p99Ms: cannon.latency.p99,
        api: entry,
      },
      baseline: { id: 'http.raw.c16', label: 'raw (closed loop)', value: raw16.rate, unit: 'req/s' },
      ratio: round(cannon.requests.average / raw16.rate, 2),
      notes: 'autocannon latencies are whole milliseconds',
    },
  );
  return { measurements, skipped: [] };
});
