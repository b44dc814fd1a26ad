import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { eventStoreFile, loadConfig, type LedgerConfig } from '@ledger/config';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { createInbox } from '@nats-io/nats-core';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { NatsIntake } from '../../apps/ledger-api/src/nats/nats-intake.service';
import { readWholeLog } from '@ledger/test-support/stores/whole-log';
import { SequentialIds, TEST_ADMIN_KEY, TEST_AUTH_ENV, TEST_NOW } from '@ledger/test-support/http/ledger-app';
import { receiveRequest } from '@ledger/test-support/http/bodies';
import { eventually, NatsTestClient, reportIncident, runNames } from '@ledger/test-support/nats/nats-test';

/**
 * The NATS intake end to end: the real Nest app on a real SQLite file, taking commands from the real NATS server
 * (127.0.0.1:4222) on a stream and consumer of its own. Every effect is checked in the event store itself.
 */
jest.setTimeout(120_000);

const names = runNames('intake');
const PRINCIPAL = 'nats:ledger-commands';
/** Small, so the outage test can see the bound hold. */
const MAX_IN_FLIGHT = 20;
let dataDir: string;
let store: SqliteEventStore;
let app: INestApplication;
let config: LedgerConfig;
let nats: NatsTestClient;
let outcomes: Record<string, unknown>[];
let rejected: Record<string, unknown>[];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ledger-nats-'));
  // Not granted freeze: a freeze command over the bus is refused.
  config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_LOG_LEVEL: 'error',
    ...TEST_AUTH_ENV,
    ...names.env('request,incident,training'),
    LEDGER_NATS_BATCH: '50',
    LEDGER_NATS_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
    LEDGER_NATS_ACK_WAIT_MS: '2000',
  });
  // A short busy timeout: the outage test holds the write lock from another connection.
  store = new SqliteEventStore({ filename: eventStoreFile(config), busyTimeoutMs: 20 });
  app = await createApp(config, { eventStore: store, clock: new FixedClock(TEST_NOW), ids: new SequentialIds(), logger: false });
  nats = await NatsTestClient.open(names);
  outcomes = nats.collect(`${names.prefix}.outcomes.>`).messages;
  rejected = nats.collect(`${names.prefix}.rejected`).messages;
  await eventually('the intake to run', async () =>
    (await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)).body.natsIntake?.state ===
    'running'
      ? true
      : undefined,
  );
});

let appClosed = false;

afterAll(async () => {
  if (!appClosed) await app?.close();
  await store?.close();
  await nats?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function eventsByCommand(): Promise<Map<string, RecordedEvent[]>> {
  const byCommand = new Map<string, RecordedEvent[]>();
  for (const event of await readWholeLog(store)) {
    if (event.metadata.actor !== PRINCIPAL) continue;
    const key = event.metadata.commandId as string;
    byCommand.set(key, [...(byCommand.get(key) ?? []), event]);
  }
  return byCommand;
}

async function settled(): Promise<true | undefined> {
  const state = await nats.consumerState();
  if (state.pending === 0 && state.ackPending === 0) return true;
  const health = (await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)).body;
  throw new Error(
    `consumer ${JSON.stringify(state)}, intake ${JSON.stringify(health.natsIntake)}, ${outcomes.length} outcomes, ${rejected.length} refusals`,
  );
}

describe('NATS intake', () => {
  it('appends hundreds of commands once each through duplicates, and refuses every poison message on the rejected subject', async () => {
    const valid = Number(process.env.NATS_TEST_COMMANDS ?? 300);
    const keys = Array.from({ length: valid }, (_, i) => `inc-${i}`);
    const poison: { category: string; body: string; code: string }[] = [
      { category: 'incident', body: '{"type":"ReportStolenFunds",', code: 'import.invalid_json' },
      {
        category: 'incident',
        body: JSON.stringify({ type: 'LaunderFunds', data: {}, idempotencyKey: 'p-unknown' }),
        code: 'import.unknown_type',
      },
      {
        category: 'incident',
        body: JSON.stringify({
          type: 'ReportStolenFunds',
          data: { incidentId: 'p-nokey', usdValue: '1', reportedAt: '2024-05-02T08:00:00Z', kind: 'hack', country: 'AR' },
        }),
        code: 'nats.missing_idempotency_key',
      },
      {
        category: 'incident',
        body: JSON.stringify({
          type: 'ReportStolenFunds',
          idempotencyKey: 'p-invalid',
          data: { incidentId: 'p-invalid', usdValue: '-5', reportedAt: '2024-05-02T08:00:00Z', kind: 'hack', country: 'AR' },
        }),
        code: 'invalid_decimal',
      },
      // Same incident as inc-0 under another key: the domain's rule refuses a second report.
      { category: 'incident', body: reportIncident('p-again', 'inc-0'), code: 'incident.already_reported' },
      // The same key as inc-1 for a different command.
      { category: 'incident', body: reportIncident('inc-1', 'someone-else'), code: 'idempotency.key_reused' },
      {
        category: 'freeze',
        body: JSON.stringify({
          type: 'ReleaseFunds',
          idempotencyKey: 'p-freeze',
          data: { freezeId: 'f-1', assets: [{ asset: 'USDT', amount: '1', usdValue: '1' }], releasedAt: '2024-06-01T00:00:00Z' },
        }),
        code: 'auth.forbidden',
      },
      { category: 'request', body: reportIncident('p-subject'), code: 'nats.subject_mismatch' },
    ];

    // Every valid command, then duplicates of a fifth of them (no Nats-Msg-Id: the ledger alone must recognise
    // them), the poison interleaved.
    const messages: [string, string][] = [];
    for (const [i, key] of keys.entries()) {
      messages.push(['incident', reportIncident(key)]);
      if (i % 40 === 0 && poison[i / 40]) messages.push([poison[i / 40].category, poison[i / 40].body]);
    }
    for (let i = 0; i < messages.length; i += 50)
      await Promise.all(messages.slice(i, i + 50).map(([category, body]) => nats.publish(category, body)));
    for (const key of keys.filter((_, i) => i % 5 === 0)) await nats.publish('incident', reportIncident(key));

    await eventually('every message settled', settled);
    await eventually('every outcome announced', () =>
      outcomes.length >= valid + valid / 5 && rejected.length >= poison.length ? true : undefined,
    );

    const byCommand = await eventsByCommand();
    expect([...byCommand.keys()].sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(byCommand.get(key)).toHaveLength(1);
      expect(byCommand.get(key)![0]).toMatchObject({ type: 'StolenFundsReported', stream: `incident-${key}` });
    }

    // One outcome per delivery: the first appended, the duplicate replayed, both naming the same event.
    // (A delivery the server repeats under load, past the 2 s ack wait of this suite, adds one more replay.)
    const first = outcomes.filter((o) => o.commandId === 'inc-5');
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first.filter((o) => o.replayed === false)).toHaveLength(1);
    for (const o of first) expect(o.events).toEqual(first[0].events);
    expect(first[0]).toMatchObject({ subject: `${names.prefix}.outcomes.incident`, stream: 'incident-inc-5' });
    expect((first[0].events as { eventId: string }[])[0].eventId).toBe(byCommand.get('inc-5')![0].eventId);

    // Every poison message: on the rejected subject with its problem and its original body, terminated.
    const refusals = [...new Map(rejected.map((r) => [(r.message as { sequence: number }).sequence, r])).values()];
    expect(refusals.map((r) => (r.problem as { code: string }).code).sort()).toEqual(poison.map((p) => p.code).sort());
    for (const p of poison) {
      const refusal = rejected.find((r) => (r.message as { data: string }).data === p.body)!;
      expect(refusal).toBeDefined();
      expect(refusal.problem).toMatchObject({ code: p.code, type: `urn:ledger:problem:${p.code}` });
      expect((refusal.message as { subject: string }).subject).toBe(`${names.prefix}.commands.${p.category}`);
    }
    expect(await nats.consumerState()).toMatchObject({ pending: 0, ackPending: 0 });
    const health = await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).expect(200);
    expect(health.body.natsIntake).toEqual({ state: 'running', inFlight: 0 });
    // The counters a metrics exporter reads.
    const counts = app.get(NatsIntake).status();
    expect(counts).toMatchObject({ appended: valid, pauses: 0 });
    expect(counts.replayed).toBeGreaterThanOrEqual(valid / 5);
    expect(counts.rejected).toBeGreaterThanOrEqual(poison.length);
    expect(counts.received).toBe(valid + valid / 5 + poison.length + counts.redelivered);
  });

  it('answers the Ledger-Reply-To subject with the outcome, and with the refusal', async () => {
    const inbox = createInbox();
    const answers = nats.collect(inbox).messages;
    await nats.publish(
      'request',
      JSON.stringify({ type: 'ReceiveRequest', idempotencyKey: 'req-reply', data: { ...receiveRequest, requestId: 'req-reply' } }),
      { replyTo: inbox },
    );
    await nats.publish(
      'request',
      JSON.stringify({
        type: 'AnswerRequest',
        idempotencyKey: 'req-reply-early',
        data: { requestId: 'req-never', answeredAt: '2024-03-08T10:00:00Z', outcome: 'disclosed' },
      }),
      { replyTo: inbox },
    );
    await eventually('both answers', () => (answers.length >= 2 ? true : undefined));
    expect(answers.find((a) => a.commandId === 'req-reply')).toMatchObject({
      stream: 'request-req-reply',
      replayed: false,
      events: [{ type: 'LawEnforcementRequestReceived' }],
    });
    const refusal = answers.find((a) => a.problem !== undefined)!;
    expect(refusal.problem).toMatchObject({ status: 404 });
    expect((await eventsByCommand()).has('req-reply-early')).toBe(false);
  });

  it('pauses intake while the event store is unavailable and resumes by itself, appending each held command once', async () => {
    const blocker = new Database(eventStoreFile({ dataDir }));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < 30; i++) await nats.publish('incident', reportIncident(`outage-${i}`));
      await eventually('the intake to pause', async () =>
        (await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)).body.natsIntake?.state ===
        'paused'
          ? true
          : undefined,
      );
      // Held, not acked, nothing appended; no more in flight than the bound, the rest waits in the stream.
      const held = await nats.consumerState();
      expect(held.ackPending).toBeGreaterThan(0);
      expect(held.ackPending).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      expect(held.pending).toBeGreaterThanOrEqual(30 - MAX_IN_FLIGHT);
      expect(
        (await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)).body.natsIntake.inFlight,
      ).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      expect([...(await eventsByCommand()).keys()].filter((k) => k.startsWith('outage-'))).toEqual([]);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await eventually('every held message settled', settled);
    const health = await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).expect(200);
    expect(health.body.natsIntake.state).toBe('running');
    const byCommand = await eventsByCommand();
    for (let i = 0; i < 30; i++) expect(byCommand.get(`outage-${i}`)).toHaveLength(1);
  });

  it('on shutdown while paused stops at once without appending, and the next start appends every held command once', async () => {
    const blocker = new Database(eventStoreFile({ dataDir }));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      for (let i = 0; i < 5; i++) await nats.publish('incident', reportIncident(`shutdown-${i}`));
      await eventually('the intake to pause', async () =>
        (await request(app.getHttpServer()).get('/health').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)).body.natsIntake?.state ===
        'paused'
          ? true
          : undefined,
      );
      appClosed = true;
      await app.close();
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect([...(await eventsByCommand()).keys()].filter((k) => k.startsWith('shutdown-'))).toEqual([]);
    // Another instance on the same store: the messages come back (ack wait 2 s here) and go in once each.
    app = await createApp(config, { eventStore: store, clock: new FixedClock(TEST_NOW), ids: new SequentialIds(), logger: false });
    appClosed = false;
    await eventually('every held message settled', settled);
    const byCommand = await eventsByCommand();
    for (let i = 0; i < 5; i++) expect(byCommand.get(`shutdown-${i}`)).toHaveLength(1);
  });
});
