import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, type IdSource } from '@ledger/commands';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../../../apps/ledger-api/src/app.factory';
import { recordTraining } from './bodies';

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

/** The admin key the e2e apps are provisioned with (LEDGER_ADMIN_KEY). */
export const TEST_ADMIN_KEY = 'ldg_e2e-admin-key-0123456789abcdefghijklmnopq';

export type TestRole = 'service' | 'auditor' | 'admin';

type Http = ReturnType<typeof request>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** A supertest client whose every request carries the bearer key `keyFor(method)` chooses. */
export function authenticated(server: Parameters<typeof request>[0], keyFor: (method: (typeof METHODS)[number]) => string): Http {
  const base = request(server);
  const client: Record<string, unknown> = {};
  for (const method of METHODS) client[method] = (url: string) => base[method](url).set('Authorization', `Bearer ${keyFor(method)}`);
  return client as unknown as Http;
}

type LoggedEventBody = Record<string, unknown> & { position: number; stream: string; type: string };

export interface LedgerTestApp {
  readonly app: INestApplication;
  readonly config: LedgerConfig;
  readonly clock: FixedClock;
  readonly dataDir: string;
  /** Authenticated: writes as a service key granted every category, reads as an auditor key. */
  http(): Http;
  /** Authenticated as one role only. */
  as(role: TestRole): Http;
  /** No credential at all. */
  anonymous(): Http;
  /** The actor each test key's events are recorded with. */
  readonly actors: Readonly<Record<TestRole, string>>;
  /** Every event in the log, in order (through the auditor endpoint). */
  allEvents(): Promise<LoggedEventBody[]>;
  close(): Promise<void>;
}

/** Environment every test app starts with: a known admin key, and a rate limit no suite reaches. */
export const TEST_AUTH_ENV = { LEDGER_ADMIN_KEY: TEST_ADMIN_KEY, LEDGER_RATE_LIMIT: '100000/min' } as const;

/** The real Nest app on a fresh SQLite file in its own temp dir; `env` adds or overrides configuration. */
export async function startLedgerApp(env: Record<string, string> = {}): Promise<LedgerTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const config = loadConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LEDGER_LOG_LEVEL: 'error', ...TEST_AUTH_ENV, ...env });
  const clock = new FixedClock(TEST_NOW);
  const app = await createApp(config, { clock, ids: new SequentialIds(), logger: false });
  return testLedger(app, { config, clock, dataDir, close: async () => rmSync(dataDir, { recursive: true, force: true }) });
}

/**
 * An app built elsewhere (e.g. over the EventStoreDB stand-in, its config including TEST_AUTH_ENV) as a
 * LedgerTestApp: creates a service key for every category and an auditor key through the API. `close` runs
 * after the app has closed.
 */
export async function testLedger(
  app: INestApplication,
  options: { config: LedgerConfig; clock: FixedClock; dataDir: string; close?: () => Promise<void> },
): Promise<LedgerTestApp> {
  const { config, clock, dataDir } = options;
  const server = app.getHttpServer();
  const newKey = async (body: object) => {
    const created = await request(server).post('/v1/keys').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).send(body).expect(201);
    return { key: created.body.key as string, actor: `apikey:${created.body.keyId as string}` };
  };
  const service = await newKey({ role: 'service', categories: ['*'], label: 'e2e service' });
  const auditor = await newKey({ role: 'auditor', label: 'e2e auditor' });
  const keys: Record<TestRole, string> = { service: service.key, auditor: auditor.key, admin: TEST_ADMIN_KEY };
  const listed: { keyId: string; label: string | null }[] = (
    await request(server).get('/v1/keys').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).expect(200)
  ).body.keys;
  const adminActor = listed.find((k) => k.label === 'LEDGER_ADMIN_KEY')!.keyId;
  const http = () => authenticated(server, (method) => (method === 'get' || method === 'head' ? auditor.key : service.key));
  return {
    app,
    config,
    clock,
    dataDir,
    http,
    as: (role) => authenticated(server, () => keys[role]),
    anonymous: () => request(server),
    actors: { service: service.actor, auditor: auditor.actor, admin: `apikey:${adminActor}` },
    async allEvents() {
      const events = [];
      let after: number | null = 0;
      while (after !== null) {
        const page: { body: { events: LoggedEventBody[]; next: number | null } } = await http()
          .get('/v1/events')
          .query({ after, limit: 1000 })
          .expect(200);
        events.push(...page.body.events);
        after = page.body.next;
      }
      return events;
    },
    async close() {
      await app.close();
      await options.close?.();
    },
  };
}

/** Records a training (the `recordTraining` body) under each id, in order; resolves with the last event's position. */
export async function recordTrainings(ledger: LedgerTestApp, trainingIds: readonly string[]): Promise<number> {
  let position = 0;
  for (const trainingId of trainingIds)
    position = (
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId })
        .expect(201)
    ).body.events[0].position;
  return position;
}
