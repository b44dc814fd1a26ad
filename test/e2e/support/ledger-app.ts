import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, type IdSource } from '@ledger/commands';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../../apps/ledger-api/src/app.factory';

/** The instant every e2e test runs at, so "not in the future" rules are deterministic. */
export const TEST_NOW = '2025-06-30T12:00:00.000Z';

/** Predictable UUIDs (v4 layout) so answers can be compared across runs. */
export class SequentialIds implements IdSource {
  private next = 0;
  uuid(): string {
    this.next += 1;
    return `00000000-0000-4000-8000-${this.next.toString(16).padStart(12, '0')}`;
  }
}

type LoggedEventBody = Record<string, unknown> & { position: number; stream: string; type: string };

export interface LedgerTestApp {
  readonly app: INestApplication;
  readonly config: LedgerConfig;
  readonly clock: FixedClock;
  readonly dataDir: string;
  http(): ReturnType<typeof request>;
  /** Every event in the log, in order (through the auditor endpoint). */
  allEvents(): Promise<LoggedEventBody[]>;
  close(): Promise<void>;
}

/** The real Nest app on a fresh SQLite file in its own temp dir. */
export async function startLedgerApp(): Promise<LedgerTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const config = loadConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LEDGER_LOG_LEVEL: 'error' });
  const clock = new FixedClock(TEST_NOW);
  const app = await createApp(config, { clock, ids: new SequentialIds(), logger: false });
  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    clock,
    dataDir,
    http,
    async allEvents() {
      const events = [];
      let after: number | null = 0;
      while (after !== null) {
        const page: { body: { events: LoggedEventBody[]; next: number | null } } = await http().get('/v1/events').query({ after, limit: 1000 }).expect(200);
        events.push(...page.body.events);
        after = page.body.next;
      }
      return events;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
