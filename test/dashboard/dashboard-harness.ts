import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandPipeline, FixedClock, randomIds } from '@ledger/commands';
import { eventStoreFile, loadConfig } from '@ledger/config';
import { seedDemoHistory } from '@ledger/demo';
import { createEventStore } from '@ledger/event-store';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../apps/ledger-api/src/app.factory';

const ROOT = join(__dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test/artifacts');
export const CHROMIUM = '/usr/bin/chromium';
const ADMIN_KEY = 'dashboard-e2e-admin-key-0123456789abcdefghij';

/** Builds the page into dist/dashboard, as `npm run build` does, so the app under test serves the current sources. */
export function buildDashboard(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', join(ROOT, 'apps/dashboard/vite.config.mjs')],
    { cwd: ROOT, stdio: 'pipe' },
  );
  if (!existsSync(join(ROOT, 'dist/dashboard/index.html'))) throw new Error('the dashboard build wrote no dist/dashboard/index.html');
}

export interface DashboardLedger {
  readonly url: string;
  /** The SQLite file holding the events (for tampering with it behind the ledger's back). */
  readonly eventsFile: string;
  readonly keys: { readonly auditor: string; readonly regulatorMx: string };
  /** GET on the API with a key, as the page would; throws on a non-2xx answer. */
  api<T>(path: string, key: string): Promise<T>;
  /** Waits (bounded) until every figure is projected up to the head of the log. */
  projected(): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a fresh SQLite file holding a small demo history (requests scaled down), listening on 127.0.0.1. */
export async function startDemoLedger(): Promise<DashboardLedger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-dashboard-'));
  const config = loadConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LEDGER_LOG_LEVEL: 'error', LEDGER_ADMIN_KEY: ADMIN_KEY });
  mkdirSync(dataDir, { recursive: true });
  const store = createEventStore({ kind: 'sqlite', filename: eventStoreFile(config) });
  const report = await seedDemoHistory(new CommandPipeline(store, new FixedClock('2025-01-02T00:00:00.000Z'), randomIds), {
    scale: 0.01,
    store,
  });
  await store.close();
  if (!report.ok) throw new Error(`demo seeding failed: ${JSON.stringify(report.failed.slice(0, 3))}`);
  const head = report.events;

  const app: NestExpressApplication = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const call = async <T>(method: string, path: string, key: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const createKey = async (body: object) => (await call<{ key: string }>('POST', '/v1/keys', ADMIN_KEY, body)).key;
  const keys = {
    auditor: await createKey({ role: 'auditor', label: 'dashboard e2e' }),
    regulatorMx: await createKey({ role: 'regulator', countries: ['MX'], label: 'dashboard e2e' }),
  };

  return {
    url,
    eventsFile: eventStoreFile(config),
    keys,
    api: (path, key) => call('GET', path, key),
    async projected() {
      for (let attempt = 0; attempt < 600; attempt++) {
        const list = await call<{ figures: { projectedTo: { position: number } | null }[] }>('GET', '/v1/figures', keys.auditor);
        if (list.figures.every((f) => f.projectedTo !== null && f.projectedTo.position >= head)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`figures did not reach log position ${head}`);
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing that reaches beyond this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
