// What metrics and JSON logs cost per request, in one run: the same API process configuration started with them
// on (metrics server, `log` level JSON lines written to a file) and off (no metrics server, `warn` level: no
// per-request line), alternated twice, each under the same closed loop of commands and of figure reads.
//   node -r ./bench/support/register.js bench/observability-overhead.ts [seconds per run, default 8]
// `LEDGER_API_ENTRY=dist` runs the built server (after `npm run build`). The in-process counters are updated in
// both configurations (they cannot be switched off); "off" removes the scrape server and the log lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess, freePort } from '../test/reliability/support/api-process';
import { closedLoop, type LoadRequest } from './lib/load';

const seconds = Number(process.argv[2] ?? 8);
const CONNECTIONS = 8;

const command = (authorization: string) => (n: number): LoadRequest => ({
  method: 'POST',
  path: '/v1/le-requests',
  headers: { 'content-type': 'application/json', authorization, 'idempotency-key': `overhead-${process.pid}-${Date.now()}-${n}` },
  body: JSON.stringify({ agency: { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' }, kind: 'information', receivedAt: '2024-03-05T14:30:00Z', reference: `R/${n}` }),
});
const figureRead = (authorization: string) => (): LoadRequest => ({ method: 'GET', path: '/v1/figures/le-requests?groupBy=year', headers: { authorization } });

async function auditorKey(api: ApiProcess): Promise<string> {
  const response = await fetch(`${api.baseUrl}/v1/keys`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${api.adminKey}` }, body: JSON.stringify({ role: 'auditor', label: 'overhead bench' }) });
  return `Bearer ${((await response.json()) as { key: string }).key}`;
}

async function measure(label: string, env: Record<string, string>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-overhead-'));
  const api = new ApiProcess(dataDir, await freePort(), env);
  try {
    await api.start();
    const service = await api.serviceAuthorization();
    const auditor = await auditorKey(api);
    await closedLoop(api.baseUrl, CONNECTIONS, 2, command(service)); // warm-up
    for (const [name, next] of [['POST /v1/le-requests', command(service)], ['GET /v1/figures/le-requests', figureRead(auditor)]] as const) {
      const result = await closedLoop(api.baseUrl, CONNECTIONS, seconds, next);
      const { p50Ms, p99Ms } = result.latency.summary();
      process.stdout.write(`${label.padEnd(4)} ${name.padEnd(28)} ${String(result.requests).padStart(6)} req  p50 ${p50Ms.toFixed(2)} ms  p99 ${p99Ms.toFixed(2)} ms  statuses ${JSON.stringify(result.statuses)}\n`);
    }
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`${CONNECTIONS} connections, ${seconds} s per run, entry: ${process.env.LEDGER_API_ENTRY === 'dist' ? 'dist' : 'sources via swc'}\n`);
  for (let round = 0; round < 2; round++) {
    await measure('off', { LEDGER_LOG_FORMAT: 'json', LEDGER_LOG_LEVEL: 'warn', LEDGER_METRICS_PORT: 'off', LEDGER_RATE_LIMIT: '1000000/min' });
    await measure('on', { LEDGER_LOG_FORMAT: 'json', LEDGER_LOG_LEVEL: 'log', LEDGER_METRICS_PORT: String(await freePort()), LEDGER_RATE_LIMIT: '1000000/min' });
  }
}

void main();
