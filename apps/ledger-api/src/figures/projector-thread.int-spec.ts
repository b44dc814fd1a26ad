import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandPipeline, randomIds, systemClock, type CommandInput } from '@ledger/commands';
import { eventStoreFile, loadConfig, type LedgerConfig } from '@ledger/config';
import { generateDemoHistory } from '@ledger/demo';
import type { EventStore } from '@ledger/event-store';
import { FIGURES, figureKey, SqliteFigureStore } from '@ledger/figures';
import { openEventStore } from '../store/event-store.provider';
import { ProjectorThread } from './projector-thread';

/** The first `count` commands of the demo history, through the command pipeline, as the API appends them. */
async function appendDemoCommands(pipeline: CommandPipeline, history: ReturnType<typeof generateDemoHistory>, count: number) {
  for (let i = 0; i < count; i++) {
    const next = history.next();
    if (next.done) return;
    await pipeline.execute(next.value.command as CommandInput, { actor: 'service:thread-spec', idempotencyKey: next.value.idempotencyKey });
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ProjectorThread (LEDGER_PROJECTOR=thread)', () => {
  let dir: string;
  let config: LedgerConfig;
  let events: EventStore;
  let figures: SqliteFigureStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projector-thread-'));
    config = loadConfig({ LEDGER_DATA_DIR: dir });
    // Opened as the API opens it (the file private from the start), so the thread finds nothing to tighten.
    events = openEventStore(config, systemClock);
    figures = new SqliteFigureStore({ filename: eventStoreFile(config) });
  });

  afterEach(async () => {
    await figures.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const checkpointsOf = async () => new Map((await figures.checkpoints()).map((c) => [c.figure, c.position]));

  it('builds on its own connections, follows the appends of this process, and ends when stopped', async () => {
    const pipeline = new CommandPipeline(events, systemClock, randomIds);
    const history = generateDemoHistory();
    await appendDemoCommands(pipeline, history, 300);
    const built = (await events.headPosition())!;
    const thread = new ProjectorThread({ config, pollIntervalMs: 20 });
    await thread.prepare();
    expect(thread.position()).toBe(built);
    // Every figure is built up to the head, in the file this process reads answers from.
    const afterBuild = await checkpointsOf();
    for (const figure of FIGURES) expect(afterBuild.get(figureKey(figure))).toBe(built);

    const stop = new AbortController();
    const running = thread.run(stop.signal);
    await appendDemoCommands(pipeline, history, 200);
    const head = (await events.headPosition())!;
    expect(head).toBeGreaterThan(built);
    await waitFor(() => thread.position() === head && thread.status.state === 'caught-up', 'the thread to catch up');
    const live = await checkpointsOf();
    for (const figure of FIGURES) expect(live.get(figureKey(figure))).toBe(head);

    stop.abort();
    await expect(running).resolves.toBeUndefined();
    expect(thread.status.state).toBe('idle');
    expect(thread.position()).toBe(head);
  });

  it('stops at an event it cannot apply and reports it as the in-process projector does: failed, with code and position', async () => {
    const pipeline = new CommandPipeline(events, systemClock, randomIds);
    await appendDemoCommands(pipeline, generateDemoHistory(), 50);
    const before = (await events.headPosition())!;
    const thread = new ProjectorThread({ config, pollIntervalMs: 20 });
    await thread.prepare();
    const running = thread.run(new AbortController().signal);
    await events.appendToStream(
      'mystery-1',
      [{ eventId: randomUUID(), type: 'SomethingHappened', schemaVersion: 1, data: {}, metadata: { actor: 'service:thread-spec' } }],
      { expectedRevision: 'no_stream' },
    );
    const error = (await running.then(
      () => undefined,
      (failure: unknown) => failure,
    )) as Error & { code?: string; position?: number };
    expect(error.message).toMatch(/SomethingHappened.*unknown event type/);
    expect(error).toMatchObject({ name: 'ProjectionError', code: 'figures.projection_failed', position: before + 1 });
    expect(thread.status.state).toBe('failed');
    // Nothing of the failed batch is written: the figures stay at the last event before it.
    for (const position of (await checkpointsOf()).values()) expect(position).toBe(before);
  });

  it('ends without projecting when stopped before it runs', async () => {
    const thread = new ProjectorThread({ config, pollIntervalMs: 20 });
    await thread.prepare();
    const stop = new AbortController();
    stop.abort();
    await expect(thread.run(stop.signal)).resolves.toBeUndefined();
    expect(thread.status.state).toBe('idle');
  });
});
