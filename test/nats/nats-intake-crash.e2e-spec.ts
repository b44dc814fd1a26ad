import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { ApiProcess, freePort } from '@ledger/test-support/process/api-process';
import { readWholeLog } from '@ledger/test-support/stores/whole-log';
import { eventually, NatsTestClient, reportIncident, runNames } from '@ledger/test-support/nats/nats-test';

/**
 * kill -9 of the ledger while commands stream in over NATS: the API is a real child process, killed twice with
 * SIGKILL mid-stream and restarted on the same data dir. Messages it held unacked come back (ack wait 2 s), the
 * ones it appended but never acked come back too and must replay, not append again. At the end every command is
 * in the log exactly once.
 */
jest.setTimeout(180_000);

const COMMANDS = Number(process.env.NATS_CRASH_COMMANDS ?? 1500);
const names = runNames('crash');
let dataDir: string;
let api: ApiProcess;
let nats: NatsTestClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ledger-nats-crash-'));
  api = new ApiProcess(dataDir, await freePort(), { ...names.env('*'), LEDGER_NATS_ACK_WAIT_MS: '2000', LEDGER_PROJECTOR: 'external' });
  nats = await NatsTestClient.open(names);
});

afterAll(async () => {
  await api?.kill();
  await nats?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startAndTakeCommands(): Promise<void> {
  await api.start();
  await eventually('the intake to run', async () => {
    const health = (await (await fetch(`${api.baseUrl}/health`, { headers: { authorization: `Bearer ${api.adminKey}` } })).json()) as {
      natsIntake?: { state: string };
    };
    return health.natsIntake?.state === 'running' ? true : undefined;
  });
}

it('appends every command exactly once across two kill -9 of the ledger mid-stream and restarts', async () => {
  const outcomes = nats.collect(`${names.prefix}.outcomes.>`).messages;
  const rejected = nats.collect(`${names.prefix}.rejected`).messages;
  await startAndTakeCommands();

  const keys = Array.from({ length: COMMANDS }, (_, i) => `crash-${i}`);
  const publish = async (from: number, to: number) => {
    for (let i = from; i < to; i += 50)
      await Promise.all(keys.slice(i, Math.min(i + 50, to)).map((key) => nats.publish('incident', reportIncident(key))));
  };
  // Each kill lands while stored commands are still waiting: a backlog is published, the ledger is killed part
  // way through it, and more arrives while it is down.
  const phases = [0.4, 0.8, 1].map((f) => Math.round(COMMANDS * f));
  let published = 0;
  for (const [round, upTo] of phases.entries()) {
    const before = outcomes.length;
    const publishing = publish(published, upTo);
    published = upTo;
    if (round === phases.length - 1) {
      await publishing;
      break;
    }
    await eventually(`outcomes of round ${round}`, () => (outcomes.length >= before + COMMANDS * 0.1 ? true : undefined));
    await api.kill();
    await publishing;
    expect(outcomes.length).toBeLessThan(upTo);
    await startAndTakeCommands();
  }
  // Duplicates after the last restart: the ledger recognises them by key alone.
  for (const key of keys.slice(0, 100)) await nats.publish('incident', reportIncident(key));

  await eventually(
    'every message acked',
    async () => {
      const state = await nats.consumerState();
      return state.pending === 0 && state.ackPending === 0 ? state : undefined;
    },
    90_000,
  );
  await api.stop();

  expect(rejected).toEqual([]);
  const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
  try {
    const counts = new Map<string, number>();
    for (const event of await readWholeLog(store)) {
      if (event.metadata.actor === 'nats:ledger-commands')
        counts.set(event.metadata.commandId as string, (counts.get(event.metadata.commandId as string) ?? 0) + 1);
    }
    expect(counts.size).toBe(COMMANDS);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // Every announced outcome names a command that is in the log.
    for (const outcome of outcomes) expect(counts.get(outcome.commandId as string)).toBe(1);
  } finally {
    await store.close();
  }
});
