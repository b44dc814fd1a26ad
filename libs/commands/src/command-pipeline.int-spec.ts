import { DomainError } from '@ledger/domain';
import { createEventStore, WrongExpectedRevisionError, type EventStore } from '@ledger/event-store';
import { FixedClock, type IdSource } from './clock';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command.errors';
import type { CommandInput } from './command-outcome';
import { CommandPipeline } from './command-pipeline';

const recordTraining = (trainingId: string, participants = 35): CommandInput => ({
  type: 'RecordTrainingSession',
  data: {
    trainingId,
    deliveredOn: '2024-06-12',
    country: 'MX',
    format: 'in_person',
    agencies: [{ name: 'Agencia de Investigación Criminal', kind: 'police', country: 'MX' }],
    participants,
    topics: ['virtual assets'],
  },
});
const withdrawTraining = (trainingId: string, reason = 'duplicate entry'): CommandInput => ({
  type: 'WithdrawTrainingSession',
  data: { trainingId, reason },
});
const correctTraining = (trainingId: string, participants: number): CommandInput => ({
  type: 'CorrectTrainingSession',
  data: { trainingId, changes: { participants }, reason: 'attendance sheet recount' },
});

let sources = 0;
/** Deterministic ids, distinct per source (two pipelines must never mint the same event id). */
function sequentialIds(): IdSource {
  const source = String(++sources).padStart(8, '0');
  let n = 0;
  return { uuid: () => `${source}-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

describe('CommandPipeline on the embedded store', () => {
  let store: EventStore;
  let pipeline: CommandPipeline;
  const clock = new FixedClock('2024-07-01T10:00:00.000Z');
  const service = { actor: 'service:training-team' };

  beforeEach(() => {
    store = createEventStore({ kind: 'memory' });
    pipeline = new CommandPipeline(store, clock, sequentialIds());
  });
  afterEach(() => store.close());

  it('reads, decides and appends a command with its metadata', async () => {
    const outcome = await pipeline.execute(recordTraining('mx-1'), { ...service, correlationId: 'corr-1' });

    expect(outcome).toMatchObject({ stream: 'training-mx-1', replayed: false, events: [{ type: 'TrainingSessionRecorded', revision: 0 }] });
    const [stored] = await store.readStream('training-mx-1');
    expect(stored.eventId).toBe(outcome.events[0].eventId);
    expect(stored.position).toBe(outcome.events[0].position);
    expect(stored.metadata).toMatchObject({
      actor: 'service:training-team',
      commandId: outcome.commandId,
      correlationId: 'corr-1',
      commandType: 'RecordTrainingSession',
    });
  });

  it('answers a retry with the same key and request with the original events and appends nothing', async () => {
    const first = await pipeline.execute(recordTraining('mx-1'), { ...service, idempotencyKey: 'key-1' });
    const head = await store.headPosition();

    const retry = await pipeline.execute(recordTraining('mx-1'), { ...service, idempotencyKey: 'key-1' });

    expect(retry.replayed).toBe(true);
    expect(retry.events).toEqual(first.events);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses the same key for a different request and appends nothing', async () => {
    await pipeline.execute(recordTraining('mx-1', 35), { ...service, idempotencyKey: 'key-1' });
    const head = await store.headPosition();

    await expect(pipeline.execute(recordTraining('mx-1', 36), { ...service, idempotencyKey: 'key-1' })).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    await expect(pipeline.execute(withdrawTraining('mx-1'), { ...service, idempotencyKey: 'key-1' })).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a key reused on another stream', async () => {
    await pipeline.execute(recordTraining('mx-1'), { ...service, idempotencyKey: 'key-1' });

    await expect(pipeline.execute(recordTraining('mx-2'), { ...service, idempotencyKey: 'key-1' })).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await store.readStream('training-mx-2')).toEqual([]);
  });

  it('scopes keys to the actor', async () => {
    await pipeline.execute(recordTraining('mx-1'), { ...service, idempotencyKey: 'key-1' });
    const other = await pipeline.execute(recordTraining('mx-2'), { actor: 'service:other', idempotencyKey: 'key-1' });
    expect(other.replayed).toBe(false);
  });

  it('turns a refused decision into a DomainError and appends nothing', async () => {
    await expect(pipeline.execute(withdrawTraining('missing'), service)).rejects.toMatchObject({
      kind: 'not_found',
      code: 'training.not_found',
    });
    await expect(pipeline.execute(recordTraining('mx-1', 0), service)).rejects.toBeInstanceOf(DomainError);
    expect(await store.headPosition()).toBeUndefined();
  });

  it('re-reads and re-decides after losing a race, and gives up after the bounded retries', async () => {
    await pipeline.execute(recordTraining('mx-1'), service);
    let interferences = 0;
    const racing: EventStore = Object.create(store);
    racing.readStream = async (stream, options) => {
      const events = await store.readStream(stream, options);
      if (interferences < 2) {
        interferences++;
        await new CommandPipeline(store, clock, sequentialIds()).execute(correctTraining('mx-1', 40 + interferences), {
          actor: 'service:rival',
        });
      }
      return events;
    };
    const outcome = await new CommandPipeline(racing, clock, sequentialIds()).execute(correctTraining('mx-1', 50), service);
    expect(outcome.events[0].revision).toBe(3);

    const alwaysLosing: EventStore = Object.create(store);
    alwaysLosing.appendMany = async () => {
      throw new WrongExpectedRevisionError('training-mx-1', 3, 4);
    };
    await expect(
      new CommandPipeline(alwaysLosing, clock, sequentialIds(), { maxConflictRetries: 2 }).execute(correctTraining('mx-1', 51), service),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('appends a batch in command order, later commands seeing earlier ones', async () => {
    const outcome = await pipeline.executeBatch([
      { command: recordTraining('a'), options: service },
      { command: recordTraining('b'), options: service },
      { command: correctTraining('a', 36), options: service },
    ]);
    expect(outcome.ok).toBe(true);
    const all = await store.readAll();
    expect(all.map((e) => `${e.stream}@${e.revision}`)).toEqual(['training-a@0', 'training-b@0', 'training-a@1']);
  });

  it('refuses a whole batch when one command is refused, naming each refused one', async () => {
    const outcome = await pipeline.executeBatch([
      { command: recordTraining('a'), options: service },
      { command: withdrawTraining('nope'), options: service },
      { command: recordTraining('a'), options: service },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failures.map((f) => [f.index, (f.error as DomainError).code])).toEqual([
      [1, 'training.not_found'],
      [2, 'training.already_recorded'],
    ]);
    expect(outcome.appended).toEqual([]);
    expect(await store.headPosition()).toBeUndefined();
  });

  it('runs a batch twice with the same keys and appends it once', async () => {
    const batch = [
      { command: recordTraining('a'), options: { ...service, idempotencyKey: 'demo:1' } },
      { command: correctTraining('a', 36), options: { ...service, idempotencyKey: 'demo:2' } },
    ];
    const first = await pipeline.executeBatch(batch);
    const second = await pipeline.executeBatch(batch);
    expect(second).toEqual({ ok: true, outcomes: (first.ok ? first.outcomes : []).map((o) => ({ ...o, replayed: true })) });
    expect(await store.readAll()).toHaveLength(2);
  });
});

describe('CommandPipeline: the same key twice in one batch', () => {
  it("appends once and answers the retry with the first item's events", async () => {
    const store = createEventStore({ kind: 'memory' });
    try {
      const pipeline = new CommandPipeline(store, new FixedClock('2024-07-01T10:00:00.000Z'), sequentialIds());
      const item = { command: recordTraining('twice'), options: { actor: 'service:import', idempotencyKey: 'line-1' } };
      const outcome = await pipeline.executeBatch([item, item]);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      const [first, retry] = outcome.outcomes;
      expect(first.replayed).toBe(false);
      expect(first.events).toHaveLength(1);
      expect(retry).toEqual({ ...first, replayed: true });
      expect(await store.readAll()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
