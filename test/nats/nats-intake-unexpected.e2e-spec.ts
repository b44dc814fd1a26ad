import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { eventStoreFile, loadConfig } from '@ledger/config';
import { SqliteEventStore, type AppendRequest, type EventStore } from '@ledger/event-store';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { NatsIntake } from '../../apps/ledger-api/src/nats/nats-intake.service';
import { TEST_AUTH_ENV, TEST_NOW } from '@ledger/test-support/http/ledger-app';
import { readWholeLog } from '@ledger/test-support/stores/whole-log';
import { eventually, NatsTestClient, reportIncident, runNames } from '@ledger/test-support/nats/nats-test';

/**
 * A command that fails for no reason the ledger knows (here: a store that throws a plain Error for one stream,
 * standing for a bug) sinks only itself: the others of its batch are appended, and it is redelivered a bounded
 * number of times and then refused, never retried forever.
 */
jest.setTimeout(60_000);

const names = runNames('unexpected');
let dataDir: string;
let store: SqliteEventStore;
let app: INestApplication;
let nats: NatsTestClient;

/** The real store, except that any append touching `incident-bug` throws. */
function failingFor(stream: string, real: EventStore): EventStore {
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property === 'appendMany') {
        return (requests: readonly AppendRequest[]) =>
          requests.some((r) => r.stream === stream) ? Promise.reject(new Error('a bug')) : target.appendMany(requests);
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ledger-nats-bug-'));
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_LOG_LEVEL: 'error',
    ...TEST_AUTH_ENV,
    ...names.env('incident'),
    LEDGER_NATS_ACK_WAIT_MS: '1000',
  });
  store = new SqliteEventStore({ filename: eventStoreFile(config) });
  app = await createApp(config, { eventStore: failingFor('incident-bug', store), clock: new FixedClock(TEST_NOW), logger: false });
  nats = await NatsTestClient.open(names);
  await eventually('the intake to run', () => (app.get(NatsIntake).status().state === 'running' ? true : undefined));
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  await nats?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('appends the rest of the batch, redelivers the failing command a bounded number of times, then refuses it', async () => {
  const rejected = nats.collect(`${names.prefix}.rejected`).messages;
  await Promise.all(['ok-1', 'bug', 'ok-2'].map((key) => nats.publish('incident', reportIncident(key))));
  const refusal = await eventually('the refusal', () => rejected[0], 30_000);
  expect(refusal).toMatchObject({ problem: { status: 500, code: 'internal' }, message: { deliveries: 5 } });
  // The problem says what a caller may know, not the internal error.
  expect(JSON.stringify(refusal.problem)).not.toContain('a bug');
  const keys = (await readWholeLog(store)).map((e) => e.metadata.commandId);
  expect(keys.sort()).toEqual(['ok-1', 'ok-2']);
  await eventually('every message settled', async () => {
    const state = await nats.consumerState();
    return state.pending === 0 && state.ackPending === 0 ? true : undefined;
  });
});
