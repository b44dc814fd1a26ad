import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiProcess, freePort } from '@ledger/test-support/process/api-process';
import { eventually, NatsTestClient, reportIncident, runNames } from '@ledger/test-support/nats/nats-test';

/**
 * Commands per second end to end through NATS JetStream against HTTP import (POST /v1/import), on one API
 * process, same machine, same run. Needs nats-server with JetStream at 127.0.0.1:4222.
 *
 *   node -r ./bench/support/register.js bench/nats-intake.ts [--commands 5000] [--batch 500] [--in-flight 1024]
 *
 * HTTP: one NDJSON import of N lines (the API's default batches of 500), timed from send to the 201.
 * NATS: N messages published with JetStream acks (200 outstanding at a time), timed from the first publish to
 * the last outcome on `<prefix>.outcomes.>`; every command is one ReportStolenFunds (one event) under its own key.
 */
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const commands = option('commands', 5000);
  const names = runNames('bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-nats-'));
  const api = new ApiProcess(dataDir, await freePort(), {
    ...names.env('*'),
    LEDGER_NATS_BATCH: String(option('batch', 500)),
    LEDGER_NATS_MAX_IN_FLIGHT: String(option('in-flight', 1024)),
    // The command side alone, on both paths: figures are projected elsewhere.
    LEDGER_PROJECTOR: 'external',
  });
  const nats = await NatsTestClient.open(names);
  try {
    await api.start();
    await eventually(
      'the intake to run',
      async () =>
        ((await (await fetch(`${api.baseUrl}/health`)).json()) as { natsIntake?: { state: string } }).natsIntake?.state === 'running' ||
        undefined,
    );
    const authorization = await api.serviceAuthorization();

    // Warm-up: both paths once, so neither pays for first-use compilation.
    await httpImport(api, authorization, 'warm-http', 200);
    await natsRun(nats, names.prefix, 'warm-nats', 200);

    const http = await httpImport(api, authorization, 'http', commands);
    const bus = await natsRun(nats, names.prefix, 'nats', commands);
    // The intake alone: a backlog published while the API is down, drained after it starts (first to last outcome).
    await api.stop();
    const backlog = await natsBacklog(nats, names.prefix, 'backlog', commands, () => api.start());
    const line = (label: string, ms: number) =>
      `${label.padEnd(34)} ${commands} commands in ${(ms / 1000).toFixed(2)} s = ${Math.round(commands / (ms / 1000))} commands/s`;
    console.log(line('HTTP import (POST /v1/import)', http));
    console.log(line('NATS JetStream (publish->outcome)', bus.endToEndMs));
    console.log(line('NATS backlog drain (intake alone)', backlog));
    console.log(
      `${''.padEnd(34)} publishing alone took ${(bus.publishMs / 1000).toFixed(2)} s; NATS/HTTP = ${(http / bus.endToEndMs).toFixed(2)}x`,
    );
  } finally {
    await api.stop();
    await nats.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function httpImport(api: ApiProcess, authorization: string, prefix: string, count: number): Promise<number> {
  const body = Array.from({ length: count }, (_, i) => reportIncident(`${prefix}-${i}`)).join('\n') + '\n';
  const started = performance.now();
  const response = await fetch(`${api.baseUrl}/v1/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization },
    body,
  });
  const report = (await response.json()) as { appended: number };
  const ms = performance.now() - started;
  if (response.status !== 201 || report.appended !== count)
    throw new Error(`import answered ${response.status}: ${JSON.stringify(report).slice(0, 500)}`);
  return ms;
}

async function natsRun(
  nats: NatsTestClient,
  subjectPrefix: string,
  prefix: string,
  count: number,
): Promise<{ endToEndMs: number; publishMs: number }> {
  let seen = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const subscription = nats.connection.subscribe(`${subjectPrefix}.outcomes.>`, {
    callback: (_error, msg) => {
      if ((msg.json() as { commandId: string }).commandId.startsWith(`${prefix}-`) && ++seen === count) resolveDone();
    },
  });
  const started = performance.now();
  const outstanding = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    const p = nats.publish('incident', reportIncident(`${prefix}-${i}`)).finally(() => outstanding.delete(p));
    outstanding.add(p);
    if (outstanding.size >= 200) await Promise.race(outstanding);
  }
  await Promise.all(outstanding);
  const publishMs = performance.now() - started;
  await done;
  const endToEndMs = performance.now() - started;
  subscription.unsubscribe();
  return { endToEndMs, publishMs };
}

async function natsBacklog(
  nats: NatsTestClient,
  subjectPrefix: string,
  prefix: string,
  count: number,
  start: () => Promise<void>,
): Promise<number> {
  let seen = 0;
  let first = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const subscription = nats.connection.subscribe(`${subjectPrefix}.outcomes.>`, {
    callback: (_error, msg) => {
      if (!(msg.json() as { commandId: string }).commandId.startsWith(`${prefix}-`)) return;
      if (seen++ === 0) first = performance.now();
      if (seen === count) resolveDone();
    },
  });
  for (let i = 0; i < count; i += 200)
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, (_, j) => nats.publish('incident', reportIncident(`${prefix}-${i + j}`))),
    );
  await start();
  await done;
  subscription.unsubscribe();
  return performance.now() - first;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
