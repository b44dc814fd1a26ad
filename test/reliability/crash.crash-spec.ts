import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyLedger } from '@ledger/audit';
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { FIGURES, FigureService, Projector, SqliteFigureStore, type FigureQueryParams } from '@ledger/figures';
import { seededRandom } from '../../bench/lib/history';
import { ApiProcess, freePort } from '@ledger/test-support/process/api-process';
import { readWholeLog, wholeLog } from '@ledger/test-support/stores/whole-log';

/**
 * kill -9 under load. Clients send commands with Idempotency-Keys while the API is killed with SIGKILL at a
 * seeded random moment, then restarted. After each round: every acknowledged command's events are in the log
 * exactly once, where the answer said; a command whose answer was lost lands at most once, and exactly once
 * after a retry with the same key; every hash chain verifies; and the figures the API's in-process projector kept
 * (killed with it, resumed from its checkpoint) answer byte for byte what a rebuild from position 0 answers.
 *
 * Size (defaults are the CI size, well under a minute): CRASH_SEEDS=1,2 (one API data dir per seed),
 * CRASH_ROUNDS=3 (kills per seed), CRASH_CLIENTS=4 (concurrent clients).
 */
/** `1,2` or a range `21..40` (or both: `1,5..8`). */
const SEEDS = (process.env.CRASH_SEEDS ?? '1').split(',').flatMap((part) => {
  const range = /^(\d+)\.\.(\d+)$/.exec(part.trim());
  return range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : [Number(part)];
});
/** A kill that fell between commands cut nothing: kill again, at most this many times per round. */
const MAX_KILLS_PER_ROUND = 5;
/** CRASH_IDLE_FIRST_KILL=1: each round's first kill waits for every client to stop first, so it cuts nothing (what
 *  failed rounds on main); shows the round kills again instead of failing. */
const IDLE_FIRST_KILL = process.env.CRASH_IDLE_FIRST_KILL === '1';
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 4);
// Each round starts an API process twice and waits for a rebuild: far beyond jest's default 5 s per test.
jest.setTimeout(180_000);

interface SentCommand {
  readonly key: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** For a ReceiveRequest: the request's id, so it can be answered later. */
  readonly requestId?: string;
  acknowledged?: { status: number; replayed: boolean; events: { eventId: string; position: number; revision: number }[]; stream: string };
  /** The connection failed or the process died before an answer: the command may or may not have landed. */
  unacknowledged?: string;
  retried?: boolean;
}

async function send(baseUrl: string, authorization: string, command: SentCommand): Promise<void> {
  try {
    const response = await fetch(`${baseUrl}${command.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': command.key, authorization },
      body: JSON.stringify(command.body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`${command.path} with key ${command.key} answered ${response.status}: ${text}`);
    const answer = JSON.parse(text);
    command.acknowledged = {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      events: answer.events,
      stream: answer.stream,
    };
    command.unacknowledged = undefined;
  } catch (error) {
    if ((error as Error).message.includes(' answered ')) throw error;
    command.unacknowledged = (error as Error).message;
  }
}

function receiveCommand(key: string, requestId: string, random: () => number): SentCommand {
  return {
    key,
    path: '/v1/le-requests',
    requestId,
    body: {
      requestId,
      agency: { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
      kind: random() < 0.7 ? 'information' : 'freeze',
      receivedAt: '2024-03-05T14:30:00Z',
      reference: `FGR/${key}`,
    },
  };
}

function answerCommand(key: string, requestId: string): SentCommand {
  return { key, path: `/v1/le-requests/${requestId}/answer`, body: { answeredAt: '2024-03-07T09:00:00Z', outcome: 'disclosed' } };
}

/** The API keeps its figures in the events' file when it runs the projector in-process. */
function apiProjectsFigures(eventsFile: string): boolean {
  const db = new Database(eventsFile, { readonly: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'figure_checkpoint'").get() !== undefined;
  } finally {
    db.close();
  }
}

/**
 * Waits for the API's projector to reach the log head, rebuilds every figure from zero into a scratch file, and
 * returns the answers of both for the same queries (current, by month, as of a business time, known at a position).
 */
async function liveAndRebuiltAnswers(
  events: EventStore,
  eventsFile: string,
  scratchFile: string,
  head: number,
): Promise<{ live: string[]; rebuilt: string[] }> {
  const live = new SqliteFigureStore({ filename: eventsFile, busyTimeoutMs: 30_000 });
  const rebuilt = new SqliteFigureStore({ filename: scratchFile });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const checkpoints = await live.checkpoints();
      if (checkpoints.length === FIGURES.length && checkpoints.every((c) => c.position >= head)) break;
      if (Date.now() > deadline) throw new Error(`the API's projector did not reach position ${head}: ${JSON.stringify(checkpoints)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Projector(events, rebuilt).rebuild();
    const queries: FigureQueryParams[] = [
      {},
      { groupBy: 'year,month' },
      { asOf: '2024-03-06' },
      { knownAt: String(Math.max(1, Math.floor(head / 2))) },
    ];
    const answers = async (store: SqliteFigureStore) => {
      const service = new FigureService(events, store);
      const out: string[] = [];
      for (const figure of FIGURES)
        for (const query of queries)
          out.push(`${figure.name} ${JSON.stringify(query)} ${JSON.stringify(await service.answer(figure.name, query))}`);
      return out;
    };
    return { live: await answers(live), rebuilt: await answers(rebuilt) };
  } finally {
    await live.close();
    await rebuilt.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${scratchFile}${suffix}`, { force: true });
  }
}

describe.each(SEEDS)('kill -9 while clients write (seed %i)', (seed) => {
  let dataDir: string;
  let api: ApiProcess;
  let authorization: string;
  const sent: SentCommand[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ledger-crash-${seed}-`));
    api = new ApiProcess(dataDir, await freePort());
    await api.start();
    authorization = await api.serviceAuthorization();
  });

  afterAll(async () => {
    await api?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: acknowledged commands survive exactly once, retries land at most once, chains verify, figures equal a rebuild',
    async (round) => {
      const random = seededRandom(seed * 7919 + round);
      const roundSent: SentCommand[] = [];
      const kills: number[] = [];

      // Clients send until the process dies under them; answers of acknowledged requests follow the receipts.
      const killUnderLoad = async (attempt: number, killAfterMs: number): Promise<SentCommand[]> => {
        let killed = false;
        const burst: SentCommand[] = [];
        const client = async (clientIndex: number) => {
          const clientRandom = seededRandom(seed * 104729 + round * 131 + attempt * 17 + clientIndex);
          const answerable: string[] = [];
          for (let n = 0; !killed; n++) {
            const key = `s${seed}-r${round}-k${attempt}-c${clientIndex}-${n}`;
            const command =
              answerable.length > 0 && clientRandom() < 0.4
                ? answerCommand(key, answerable.shift()!)
                : receiveCommand(key, `crash-${key}`, clientRandom);
            burst.push(command);
            await send(api.baseUrl, authorization, command);
            if (command.acknowledged && command.requestId) answerable.push(command.requestId);
          }
        };
        const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        killed = true;
        if (IDLE_FIRST_KILL && attempt === 1) await Promise.all(clients);
        await api.kill();
        await Promise.all(clients);
        return burst;
      };
      // A kill that fell between commands cut nothing in flight: start again and kill again (bounded), never fail for it.
      for (let attempt = 1; attempt <= MAX_KILLS_PER_ROUND; attempt++) {
        if (attempt > 1) await api.start();
        const killAfterMs = 300 + Math.floor(random() * 2000);
        kills.push(killAfterMs);
        const burst = await killUnderLoad(attempt, killAfterMs);
        roundSent.push(...burst);
        if (burst.some((c) => c.unacknowledged !== undefined)) break;
      }
      const killAfterMs = kills.join('+');

      await api.start();
      // Retry most unacknowledged commands with the same key and body; leave the others as they are.
      const unacknowledged = roundSent.filter((c) => c.unacknowledged !== undefined);
      for (const command of unacknowledged) {
        if (random() < 0.7) {
          command.retried = true;
          await send(api.baseUrl, authorization, command);
          expect({ key: command.key, unacknowledged: command.unacknowledged }).toEqual({ key: command.key, unacknowledged: undefined });
        }
      }
      sent.push(...roundSent);

      const eventsFile = path.join(dataDir, 'events.sqlite');
      const store = new SqliteEventStore({ filename: eventsFile });
      try {
        const log = await readWholeLog(store);
        const byEventId = new Map<string, RecordedEvent[]>();
        const byCommand = new Map<string, RecordedEvent[]>();
        for (const event of log) {
          byEventId.set(event.eventId, [...(byEventId.get(event.eventId) ?? []), event]);
          // Keys are unique across the whole test, so the commandId alone names the command (whoever the actor).
          const commandId = String(event.metadata.commandId);
          byCommand.set(commandId, [...(byCommand.get(commandId) ?? []), event]);
        }

        for (const command of sent) {
          const landed = byCommand.get(command.key) ?? [];
          if (command.acknowledged) {
            // Exactly once, exactly where the answer said.
            expect({ key: command.key, events: landed.length }).toEqual({ key: command.key, events: command.acknowledged.events.length });
            for (const answered of command.acknowledged.events) {
              const stored = byEventId.get(answered.eventId) ?? [];
              expect({
                key: command.key,
                eventId: answered.eventId,
                copies: stored.length,
                position: stored[0]?.position,
                revision: stored[0]?.revision,
              }).toEqual({
                key: command.key,
                eventId: answered.eventId,
                copies: 1,
                position: answered.position,
                revision: answered.revision,
              });
            }
          } else {
            // Never answered, never retried: in the log at most once (each of these commands decides one event).
            expect({ key: command.key, atMostOnce: landed.length <= 1 }).toEqual({ key: command.key, atMostOnce: true });
          }
        }

        const verified = await verifyLedger(wholeLog(store));
        expect(verified.firstMismatch).toBeUndefined();
        expect(verified).toMatchObject({ ok: true, eventsChecked: log.length });
        const positions = log.map((e) => e.position);
        expect(new Set(positions).size).toBe(positions.length);

        let figuresChecked = 'not checked: the API runs no in-process projector (no figure tables in its file)';
        if (apiProjectsFigures(eventsFile)) {
          const { live, rebuilt } = await liveAndRebuiltAnswers(
            store,
            eventsFile,
            path.join(os.tmpdir(), `ledger-crash-rebuild-${process.pid}-${seed}-${round}.sqlite`),
            log[log.length - 1].position,
          );
          expect(live).toEqual(rebuilt);
          figuresChecked = `${live.length} figure answers equal a rebuild from zero`;
        }

        const acknowledged = roundSent.filter((c) => c.acknowledged).length;
        process.stdout.write(
          `seed ${seed} round ${round}: killed after ${killAfterMs} ms (${kills.length} kill(s)); ${roundSent.length} commands, ${unacknowledged.length} unacknowledged at the kill ` +
            `(${unacknowledged.filter((c) => c.retried).length} retried, ${unacknowledged.filter((c) => c.retried && c.acknowledged?.replayed).length} of them had landed before the kill); ` +
            `${acknowledged} acknowledged in all; log holds ${log.length} events; ${figuresChecked}\n`,
        );
        // The last kill must have cut through work in flight (after at most MAX_KILLS_PER_ROUND kills), or this round tested nothing.
        expect({ kills: kills.length, cutInFlight: unacknowledged.length > 0 }).toEqual({ kills: kills.length, cutInFlight: true });
      } finally {
        await store.close();
      }
    },
  );
});
