import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { firstValueFrom, take, toArray } from 'rxjs';
import { createEventStore } from '../create-event-store';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { toObservable } from '../observable';
import { SCHEMA_VERSION } from './sqlite-schema';
import { SqliteEventStore } from './sqlite-event-store';

let dir: string;
const opened: SqliteEventStore[] = [];
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-specifics-'))));
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function openStore(options: Partial<ConstructorParameters<typeof SqliteEventStore>[0]> = {}): SqliteEventStore {
  const store = new SqliteEventStore({ filename: join(dir, 'events.db'), ...options });
  opened.push(store);
  return store;
}

let sequence = 0;
function event(data: unknown = {}): EventToAppend {
  return { eventId: `event-${++sequence}`, type: 'Checked', schemaVersion: 1, data, metadata: { actor: 'svc:test' } };
}

describe('SqliteEventStore: recordedAt', () => {
  it('takes the clock, and never goes below the previous event when the clock steps back', async () => {
    const readings = ['2024-03-01T10:00:00.000Z', '2024-03-01T09:00:00.000Z', '2024-03-01T11:00:00Z'];
    const store = openStore({ clock: () => readings.shift()! });

    await store.appendToStream('check-a', [event(), event()], { expectedRevision: 'no_stream' });
    await store.appendToStream('check-b', [event()], { expectedRevision: 'no_stream' });
    await store.appendToStream('check-a', [event()], { expectedRevision: 1 });

    expect((await store.readAll()).map((e) => e.metadata.recordedAt)).toEqual([
      '2024-03-01T10:00:00.000Z',
      '2024-03-01T10:00:00.000Z',
      '2024-03-01T10:00:00.000Z',
      '2024-03-01T11:00:00.000Z',
    ]);
  });

  it('refuses a clock reading that is not an instant, and writes nothing', async () => {
    const store = openStore({ clock: () => 'yesterday' });

    await expect(store.appendToStream('check-a', [event()], { expectedRevision: 'any' })).rejects.toThrow(/not an ISO instant/);
    expect(await store.headPosition()).toBeUndefined();
  });
});

describe('SqliteEventStore: file and schema', () => {
  it('sets WAL, synchronous=FULL and the schema version on a new file', () => {
    const store = openStore();
    const raw = new Database(join(dir, 'events.db'), { readonly: true });

    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
    // synchronous is a per-connection setting: ask the store's own connection.
    expect((store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('reopens a file with its events and continues positions and chains', async () => {
    const first = openStore();
    const written = await first.appendToStream('check-a', [event(), event()], { expectedRevision: 'no_stream' });
    await first.close();

    const second = openStore();
    const next = await second.appendToStream('check-a', [event()], { expectedRevision: 1 });
    const read = await second.readStream('check-a');

    expect(next.positions[0]).toBeGreaterThan(written.positions[1]);
    expect(read[2].metadata.prevHash).toBe(read[1].metadata.contentHash);
  });

  it('refuses a file written by a newer schema version', () => {
    openStore();
    const raw = new Database(join(dir, 'events.db'));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();

    expect(() => new SqliteEventStore({ filename: join(dir, 'events.db') })).toThrow(/schema version/);
  });

  it('stores data and metadata as the canonical JSON that was hashed', async () => {
    const store = openStore();
    await store.appendToStream('check-a', [event({ b: 1, a: { d: [2, 1], c: 'x' } })], { expectedRevision: 'no_stream' });
    const raw = new Database(join(dir, 'events.db'), { readonly: true });

    const row = raw.prepare('SELECT data, metadata FROM events').get() as { data: string; metadata: string };
    raw.close();

    expect(row.data).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
    expect(JSON.parse(row.metadata)).toEqual({ actor: 'svc:test', recordedAt: expect.any(String) });
  });

  it('refuses operations after close', async () => {
    const store = openStore();
    await store.close();

    await expect(store.readAll()).rejects.toThrow(/closed/);
    await expect(store.appendToStream('check-a', [event()], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
  });
});

describe('SqliteEventStore: appends of the same tick, committed together', () => {
  it('gives each caller its own outcome: a refused append writes nothing, the others go in, in call order', async () => {
    const store = openStore();
    await store.appendToStream('check-existing', [event()], { expectedRevision: 'no_stream' });
    const stored = event();
    await store.appendToStream('check-stored', [stored], { expectedRevision: 'no_stream' });

    const outcomes = await Promise.allSettled([
      store.appendToStream('check-a', [event(), event()], { expectedRevision: 'no_stream' }),
      store.appendToStream('check-existing', [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream('check-stored', [stored, event()], { expectedRevision: 'any' }),
      store.appendToStream('check-stored', [stored], { expectedRevision: 'no_stream' }),
      store.appendMany([
        { stream: 'check-b', events: [event()], expectedRevision: 'no_stream' },
        { stream: 'check-b', events: [event()], expectedRevision: 0 },
      ]),
      store.appendToStream('check-a', [event()], { expectedRevision: 1 }),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 0 });
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'IdempotencyConflictError' });
    expect((outcomes[3] as PromiseFulfilledResult<unknown>).value).toMatchObject({ duplicate: true, revisions: [0] });
    expect((await store.readAll()).map((e) => `${e.stream}@${e.revision}`)).toEqual([
      'check-existing@0',
      'check-stored@0',
      'check-a@0',
      'check-a@1',
      'check-b@0',
      'check-b@1',
      'check-a@2',
    ]);
  });

  it('reports a write lock held too long by another connection as EventStoreUnavailableError, writing nothing', async () => {
    const store = openStore({ busyTimeoutMs: 20 });
    const other = new Database(join(dir, 'events.db'));
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      await expect(store.appendToStream('check-a', [event()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        name: 'EventStoreUnavailableError',
        code: 'store.unavailable',
        message: expect.stringContaining('SQLITE_BUSY'),
      });
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect(await store.readStream('check-a')).toEqual([]);
  });

  it('opens a file already at its schema version while another connection holds the write lock, and reads it', async () => {
    const first = openStore();
    await first.appendToStream('check-a', [event()], { expectedRevision: 'no_stream' });
    const other = new Database(join(dir, 'events.db'));
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      // A reader (the ledger worker) must not wait on a writer's lock to open: 20 ms would refuse it if it did.
      const reader = openStore({ busyTimeoutMs: 20 });
      expect((await reader.readStream('check-a')).map((e) => e.revision)).toEqual([0]);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
  });

  it('keeps working when wrapped with Object.create (a test double overriding one method) and used alongside', async () => {
    const store = openStore();
    const wrapper: SqliteEventStore = Object.create(store);

    await wrapper.appendToStream('check-a', [event()], { expectedRevision: 'no_stream' });
    await store.appendToStream('check-a', [event()], { expectedRevision: 0 });
    await wrapper.appendToStream('check-a', [event()], { expectedRevision: 1 });

    expect((await store.readStream('check-a')).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('refuses the same event id twice in one append', async () => {
    const store = openStore();
    const twice = event();

    await expect(store.appendToStream('check-a', [twice, twice], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      name: 'IdempotencyConflictError',
      eventIds: [twice.eventId],
    });
    expect(await store.headPosition()).toBeUndefined();
  });

  it('commits what was called before close', async () => {
    const store = openStore();

    const appended = store.appendToStream('check-a', [event()], { expectedRevision: 'no_stream' });
    await store.close();

    await expect(appended).resolves.toMatchObject({ revisions: [0] });
    const reopened = openStore();
    expect(await reopened.readStream('check-a')).toHaveLength(1);
  });
});

describe('SqliteEventStore: subscriptions across processes and instances', () => {
  it('a live subscription sees appends made through another connection to the same file (by polling)', async () => {
    const subscriber = openStore({ pollIntervalMs: 10 });
    const otherWriter = openStore();
    const abort = new AbortController();
    let caughtUp!: () => void;
    const caughtUpOnce = new Promise<void>((resolve) => (caughtUp = resolve));
    const received: RecordedEvent[] = [];

    const consuming = (async () => {
      for await (const e of subscriber.subscribeToAll({ signal: abort.signal, onCaughtUp: () => caughtUp() })) {
        received.push(e);
        if (received.length === 2) abort.abort();
      }
    })();
    await caughtUpOnce;
    const { positions } = await otherWriter.appendToStream('check-a', [event(), event()], { expectedRevision: 'no_stream' });
    await consuming;

    expect(received.map((e) => e.position)).toEqual(positions);
  });

  it('ends live subscriptions when the store closes', async () => {
    const store = openStore();
    let caughtUp!: () => void;
    const caughtUpOnce = new Promise<void>((resolve) => (caughtUp = resolve));

    const consuming = (async () => {
      for await (const _ of store.subscribeToAll({ onCaughtUp: () => caughtUp() })) void _;
      return 'ended';
    })();
    await caughtUpOnce;
    await store.close();

    await expect(consuming).resolves.toBe('ended');
  });

  it('reads the log one page at a time, only as the consumer pulls', async () => {
    const store = openStore();
    for (let i = 0; i < 12; i++)
      await store.appendToStream(
        `check-${i}`,
        Array.from({ length: 100 }, () => event()),
        { expectedRevision: 'no_stream' },
      );
    const readAll = jest.spyOn(store as unknown as { readAllNow: (o: { limit?: number }) => RecordedEvent[] }, 'readAllNow');
    const iterator = store.subscribeToAll()[Symbol.asyncIterator]();

    const first = await iterator.next();
    const pagesAfterFirst = readAll.mock.calls.length;
    await iterator.return?.();

    expect(first.value?.position).toBe(1);
    expect(pagesAfterFirst).toBe(1);
    expect(readAll.mock.results[0].value.length).toBeLessThan(1200);
  });
});

describe('toObservable', () => {
  it('emits subscription events to rxjs and aborts the subscription on unsubscribe', async () => {
    const store = openStore();
    await store.appendToStream('check-a', [event(), event(), event()], { expectedRevision: 'no_stream' });
    let signal: AbortSignal | undefined;

    const positions = await firstValueFrom(
      toObservable((s) => {
        signal = s;
        return store.subscribeToAll({ signal: s });
      }).pipe(take(2), toArray()),
    );

    expect(positions.map((e) => e.position)).toEqual([1, 2]);
    expect(signal?.aborted).toBe(true);
  });

  it('completes when the iterable ends and errors when it throws', async () => {
    async function* twoThenFail(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      throw new Error('source broke');
    }
    async function* two(): AsyncGenerator<number> {
      yield 1;
      yield 2;
    }

    await expect(firstValueFrom(toObservable(two()).pipe(toArray()))).resolves.toEqual([1, 2]);
    await expect(firstValueFrom(toObservable(twoThenFail()).pipe(toArray()))).rejects.toThrow('source broke');
  });
});

describe('createEventStore', () => {
  it('opens the SQLite adapter on a file or in memory', async () => {
    const onFile = createEventStore({ kind: 'sqlite', filename: join(dir, 'created.db') });
    const inMemory = createEventStore({ kind: 'memory' });
    try {
      await onFile.appendToStream('check-a', [event()], { expectedRevision: 'no_stream' });

      expect(onFile).toBeInstanceOf(SqliteEventStore);
      expect(inMemory).toBeInstanceOf(SqliteEventStore);
      expect(await onFile.headPosition()).toBe(1);
      expect(await inMemory.headPosition()).toBeUndefined();
    } finally {
      await onFile.close();
      await inMemory.close();
    }
  });
});
