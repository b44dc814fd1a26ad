// What metrics and JSON logs cost per request, in one run: the same API process configuration started with them
// on (metrics server, `log` level JSON lines written to a file) and off (no metrics server, `warn` level: no
// per-request line), alternated twice, each under the same closed loop of commands and of figure reads.
//   node -r ./bench/support/register.js bench/observability-overhead.ts [seconds per run, default 8]
// `LEDGER_API_ENTRY=dist` runs the built server (after `npm run build`). The in-process counters are updated in
// both configurations (they cannot be switched off); "off" removes the scrape server and the log lines.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, register } from '@ledger/test-support/process/api-process';
import { closedLoop, type LoadRequest } from './lib/load';

const root = resolve(__dirname, '..');

const seconds = Number(process.argv[2] ?? 6);
const CONNECTIONS = 8;

const command =
  (authorization: string) =>
  (n: number): LoadRequest => ({
    method: 'POST',
    path: '/v1/le-requests',
    headers: { 'content-type': 'application/json', authorization, 'idempotency-key': `overhead-${process.pid}-${Date.now()}-${n}` },
    body: JSON.stringify({
      agency: { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
      kind: 'information',
      receivedAt: '2024-03-05T14:30:00Z',
      reference: `R/${n}`,
    }),
  });
const figureRead = (authorization: string) => (): LoadRequest => ({
  method: 'GET',
  path: '/v1/figures/le-requests?groupBy=year',
  headers: { authorization },
});

const liveness = (): LoadRequest => ({ method: 'GET', path: '/health/live', headers: {} });

async function newKey(baseUrl: string, adminKey: string, body: object): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify(body),
  });
  return `Bearer ${((await response.json()) as { key: string }).key}`;
}

/** The API with its stdout and stderr in a file, as a container runtime would take them (not through this process). */
async function measure(label: string, env: Record<string, string>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-overhead-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminKey = randomBytes(24).toString('hex');
  const logFile = join(dataDir, 'stdout.log');
  const out = openSync(logFile, 'w');
  const entry =
    process.env.LEDGER_API_ENTRY === 'dist'
      ? [join(root, 'dist', 'apps', 'ledger-api', 'src', 'main.js')]
      : ['-r', register, join(root, 'apps', 'ledger-api', 'src', 'main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: { ...process.env, PORT: String(port), LEDGER_DATA_DIR: join(dataDir, 'data'), LEDGER_ADMIN_KEY: adminKey, ...env },
    stdio: ['ignore', out, out],
  });
  try {
    for (let ready = false; !ready;) {
      ready = await fetch(`${baseUrl}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    const service = await newKey(baseUrl, adminKey, { role: 'service', categories: ['*'], label: 'overhead bench' });
    const auditor = await newKey(baseUrl, adminKey, { role: 'auditor', label: 'overhead bench' });
    await closedLoop(baseUrl, CONNECTIONS, 2, command(service)); // warm-up
    const scrape =
      env.LEDGER_METRICS_PORT !== 'off'
        ? setInterval(() => void fetch(`http://127.0.0.1:${env.LEDGER_METRICS_PORT}/metrics`).then((r) => r.text()), 1000)
        : undefined;
    const workloads = [
      ['POST /v1/le-requests', command(service)],
      ['GET /v1/figures/le-requests', figureRead(auditor)],
      ['GET /health/live', liveness],
    ] as const;
    for (const [name, next] of workloads) {
      const result = await closedLoop(baseUrl, CONNECTIONS, seconds, next);
      const { p50Ms, p99Ms } = result.latency.summary();
      process.stdout.write(
        `${label.padEnd(4)} ${name.padEnd(28)} ${String(result.requests).padStart(6)} req  p50 ${p50Ms.toFixed(2)} ms  p99 ${p99Ms.toFixed(2)} ms  statuses ${JSON.stringify(result.statuses)}\n`,
      );
    }
    clearInterval(scrape);
    process.stdout.write(`${label.padEnd(4)} log written: ${statSync(logFile).size} bytes\n`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    closeSync(out);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `${CONNECTIONS} connections, ${seconds} s per run, entry: ${process.env.LEDGER_API_ENTRY === 'dist' ? 'dist' : 'sources via swc'}\n`,
  );
  for (let round = 0; round < 3; round++) {
    await measure('off', {
      LEDGER_LOG_FORMAT: 'json',
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_METRICS_PORT: 'off',
      LEDGER_RATE_LIMIT: '100000/min',
    });
    await measure('on', {
      LEDGER_LOG_FORMAT: 'json',
      LEDGER_LOG_LEVEL: 'log',
      LEDGER_METRICS_PORT: String(await freePort()),
      LEDGER_RATE_LIMIT: '100000/min',
    });
  }
}

void main();
