/**
 * The EventStore contract: every adapter runs this same suite (SQLite file and memory, the EventStoreDB stand-in,
 * a real EventStoreDB when EVENTSTORE_URL is set).
 *
 * Written for a shared, long-lived store: every test uses its own random stream names and looks at the global log
 * only through its own streams. Positions are compared only by order (an adapter may number them 1, 2, 3 or by
 * commit position), never assumed dense or starting anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { IdempotencyConflictError, PartialAppendError, WrongExpectedRevisionError } from '../src/event-store.errors';
import {
  appendedPositions,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type LogPosition,
  type PositionedAppendResult,
  type RecordedEvent,
} from '../src/event-store.port';
import { contentHash, GENESIS_HASH } from '../src/content-hash';

export interface OpenedEventStore {
  readonly store: EventStore;
  readonly close?: () => Promise<void>;
}

const TEST_TIMEOUT_MS = 20_000;

export function describeEventStoreContract(adapterName: string, open: () => Promise<OpenedEventStore>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let opened: OpenedEventStore;
    let store: EventStore;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    }, TEST_TIMEOUT_MS);

    afterAll(async () => {
      if (opened?.close) await opened.close();
      else await store?.close();
    }, TEST_TIMEOUT_MS);

    describe('appendToStream: expected revision', () => {
      it(
        'creates a stream with no_stream: revisions from 0, positions strictly increasing',
        async () => {
          const stream = newStream();
          const events = [newEvent(), newEvent(), newEvent()];

          const result = await append(stream, events, { expectedRevision: 'no_stream' });

          expect(result).toMatchObject({
            stream,
            nextExpectedRevision: 2,
            revisions: [0, 1, 2],
            eventIds: events.map((e) => e.eventId),
            duplicate: false,
          });
          expectStrictlyIncreasing(result.positions);
          const read = await store.readStream(stream);
          expect(read.map((e) => [e.eventId, e.revision, e.position])).toEqual(events.map((e, i) => [e.eventId, i, result.positions[i]]));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'refuses no_stream on an existing stream, reporting its revision, and writes nothing',
        async () => {
          const stream = await givenStream(2);

          await expect(append(stream, [newEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject(
            wrongRevision(stream, 'no_stream', 1),
          );
          expect(await store.readStream(stream)).toHaveLength(2);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'appends at the exact expected revision and refuses any other, reporting the actual one',
        async () => {
          const stream = await givenStream(2);

          await expect(append(stream, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject(wrongRevision(stream, 0, 1));
          await expect(append(stream, [newEvent()], { expectedRevision: 2 })).rejects.toMatchObject(wrongRevision(stream, 2, 1));
          const result = await append(stream, [newEvent(), newEvent()], { expectedRevision: 1 });

          expect(result).toMatchObject({ nextExpectedRevision: 3, revisions: [2, 3], duplicate: false });
          expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'refuses an exact revision on a stream that does not exist, with actual -1',
        async () => {
          const stream = newStream();

          await expect(append(stream, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject(wrongRevision(stream, 0, -1));
          expect(await store.readStream(stream)).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'stream_exists refuses a missing stream (actual -1) and accepts an existing one',
        async () => {
          const missing = newStream();
          const existing = await givenStream(1);

          await expect(append(missing, [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject(
            wrongRevision(missing, 'stream_exists', -1),
          );
          const result = await append(existing, [newEvent()], { expectedRevision: 'stream_exists' });

          expect(result.revisions).toEqual([1]);
          expect(await store.readStream(missing)).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'any appends whatever the stream state',
        async () => {
          const stream = newStream();

          const first = await append(stream, [newEvent()], { expectedRevision: 'any' });
          const second = await append(stream, [newEvent()], { expectedRevision: 'any' });

          expect([first.revisions, second.revisions]).toEqual([[0], [1]]);
          expect(second.positions[0]).toBeGreaterThan(first.positions[0]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'throws WrongExpectedRevisionError (the shared class, with a stable code)',
        async () => {
          const stream = await givenStream(1);

          const failure = append(stream, [newEvent()], { expectedRevision: 'no_stream' });

          await expect(failure).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          await expect(failure).rejects.toMatchObject({ code: 'concurrency.wrong_expected_revision' });
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('the append result names its positions', () => {
      it(
        "names the last event's position; every position it names is the stored one",
        async () => {
          for (const count of [1, 3]) {
            const stream = newStream();
            const result = await store.appendToStream(
              stream,
              Array.from({ length: count }, () => newEvent()),
              { expectedRevision: 'no_stream' },
            );
            const stored = (await store.readStream(stream)).map((e) => e.position);

            expect(result.lastPosition).toBe(stored[count - 1]);
            if (result.positions !== undefined) expect(result.positions).toEqual(stored);
            expect(await appendedPositions(store, result)).toEqual(stored);
          }
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'an append of no events names no position',
        async () => {
          const result = await store.appendToStream(newStream(), [], { expectedRevision: 'any' });
          expect(result.lastPosition).toBeUndefined();
          expect(await appendedPositions(store, result)).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('appendToStream: idempotency by event id', () => {
      it(
        'a retry of the same events stores nothing and returns the original places',
        async () => {
          const stream = newStream();
          const events = [newEvent(), newEvent()];
          const original = await append(stream, events, { expectedRevision: 'no_stream' });

          const retry = await append(stream, events, { expectedRevision: 'no_stream' });

          expect(retry).toEqual({ ...original, duplicate: true });
          expect(await store.readStream(stream)).toHaveLength(2);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'a retry is recognised whatever its expected revision says, after later appends too',
        async () => {
          const stream = newStream();
          const events = [newEvent(), newEvent()];
          const original = await append(stream, events, { expectedRevision: 'no_stream' });
          await append(stream, [newEvent()], { expectedRevision: 1 });

          const retries = await Promise.all(
            (['no_stream', 0, 7, 'stream_exists', 'any'] as const).map((expectedRevision) => append(stream, events, { expectedRevision })),
          );

          for (const retry of retries) expect(retry).toEqual({ ...original, duplicate: true });
          expect(await store.readStream(stream)).toHaveLength(3);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        "a retry of part of an earlier append returns those events' places",
        async () => {
          const stream = newStream();
          const events = [newEvent(), newEvent(), newEvent()];
          const original = await append(stream, events, { expectedRevision: 'no_stream' });

          const retry = await append(stream, [events[1]], { expectedRevision: 'any' });

          expect(retry).toMatchObject({
            duplicate: true,
            revisions: [1],
            positions: [original.positions[1]],
            eventIds: [events[1].eventId],
          });
          expect(await store.readStream(stream)).toHaveLength(3);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'refuses a mix of stored and new event ids, and writes nothing',
        async () => {
          const stream = newStream();
          const stored = newEvent();
          await append(stream, [stored], { expectedRevision: 'no_stream' });

          const failure = append(stream, [stored, newEvent()], { expectedRevision: 'any' });

          await expect(failure).rejects.toBeInstanceOf(IdempotencyConflictError);
          await expect(failure).rejects.toMatchObject({ code: 'idempotency.conflict', eventIds: expect.arrayContaining([stored.eventId]) });
          expect(await store.readStream(stream)).toHaveLength(1);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'refuses event ids already stored in another stream, and writes nothing',
        async () => {
          const original = newStream();
          const other = newStream();
          const event = newEvent();
          await append(original, [event], { expectedRevision: 'no_stream' });

          await expect(append(other, [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(IdempotencyConflictError);
          expect(await store.readStream(other)).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('integrity fields', () => {
      it(
        'contentHash is the SHA-256 of the canonical content, recordedAt included, as read back',
        async () => {
          const stream = newStream();
          await append(stream, [newEvent(), newEvent({ data: { nested: { b: [1, 'two', null, { z: true, a: -0.5 }], a: 'ñ€😀' } } })], {
            expectedRevision: 'no_stream',
          });

          const read = await store.readStream(stream);

          for (const event of read) {
            expect(event.metadata.contentHash).toMatch(/^[0-9a-f]{64}$/);
            expect(contentHash(hashedContentOf(event))).toBe(event.metadata.contentHash);
          }
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'prevHash chains each event to the previous one of its stream, from GENESIS_HASH, across appends',
        async () => {
          const stream = newStream();
          const otherStream = newStream();
          await append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
          await append(otherStream, [newEvent()], { expectedRevision: 'no_stream' });
          await append(stream, [newEvent()], { expectedRevision: 1 });

          const read = await store.readStream(stream);

          expect(read.map((e) => e.metadata.prevHash)).toEqual([GENESIS_HASH, read[0].metadata.contentHash, read[1].metadata.contentHash]);
          expect((await store.readStream(otherStream))[0].metadata.prevHash).toBe(GENESIS_HASH);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'recordedAt is an ISO instant, never decreasing in log order',
        async () => {
          const streams = [newStream(), newStream()];
          const before = await store.headPosition();
          for (let i = 0; i < 3; i++) {
            for (const stream of streams) await append(stream, [newEvent(), newEvent()], { expectedRevision: 'any' });
          }

          const ours = (await readAllAfter(before)).filter((e) => streams.includes(e.stream));

          expect(ours).toHaveLength(12);
          for (const event of ours) expect(new Date(event.metadata.recordedAt).toISOString()).toBe(event.metadata.recordedAt);
          for (let i = 1; i < ours.length; i++) expect(ours[i].metadata.recordedAt >= ours[i - 1].metadata.recordedAt).toBe(true);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        "keeps the caller's metadata and data exactly, and computes the integrity fields itself",
        async () => {
          const stream = newStream();
          const data = { amount: '1234.567890123456789012', usdValue: '0.00000001', list: [{ b: 2, a: 1 }], text: 'línea\n"quoted"' };
          const metadata = {
            actor: 'svc:contract',
            commandId: randomUUID(),
            correlationId: 'corr-1',
            causationId: 'cause-1',
            extra: { deep: [1, 2] },
          };
          const forged = { recordedAt: '1999-01-01T00:00:00.000Z', contentHash: 'f'.repeat(64), prevHash: 'e'.repeat(64) };

          await append(stream, [newEvent({ type: 'Kept', schemaVersion: 3, data, metadata: { ...metadata, ...forged } })], {
            expectedRevision: 'no_stream',
          });
          const [event] = await store.readStream(stream);

          expect(event).toMatchObject({ stream, revision: 0, type: 'Kept', schemaVersion: 3, data, metadata });
          expect(event.metadata.recordedAt).not.toBe(forged.recordedAt);
          expect(event.metadata.prevHash).toBe(GENESIS_HASH);
          expect(contentHash(hashedContentOf(event))).toBe(event.metadata.contentHash);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('readStream', () => {
      it(
        'reads forwards from a revision, at most maxCount',
        async () => {
          const stream = await givenStream(5);

          expect(revisionsOf(await store.readStream(stream, { fromRevision: 2 }))).toEqual([2, 3, 4]);
          expect(revisionsOf(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
          expect(revisionsOf(await store.readStream(stream, { direction: 'forwards', maxCount: 1 }))).toEqual([0]);
          expect(await store.readStream(stream, { fromRevision: 5 })).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reads backwards from the end or from a revision, at most maxCount',
        async () => {
          const stream = await givenStream(5);

          expect(revisionsOf(await store.readStream(stream, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
          expect(revisionsOf(await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
          expect(revisionsOf(await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))).toEqual([4]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reads an unknown stream as empty',
        async () => {
          expect(await store.readStream(newStream())).toEqual([]);
          expect(await store.readStream(newStream(), { direction: 'backwards' })).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('readAll and headPosition', () => {
      it(
        'reads the global log after a position, forwards, in order, paged by limit',
        async () => {
          const before = await store.headPosition();
          const streamA = newStream();
          const streamB = newStream();
          const a = await append(streamA, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
          const b = await append(streamB, [newEvent()], { expectedRevision: 'no_stream' });
          const c = await append(streamA, [newEvent()], { expectedRevision: 1 });
          const expected = [...a.positions, ...b.positions, ...c.positions];

          const all = await readAllAfter(before);
          const ours = all.filter((e) => e.stream === streamA || e.stream === streamB);
          const firstPage = await store.readAll({ after: before, limit: 2 });

          expectStrictlyIncreasing(all.map((e) => e.position));
          expect(ours.map((e) => e.position)).toEqual(expected);
          expect(ours.map((e) => [e.stream, e.revision])).toEqual([
            [streamA, 0],
            [streamA, 1],
            [streamB, 0],
            [streamA, 2],
          ]);
          expect(firstPage).toHaveLength(2);
          if (before !== undefined) for (const event of firstPage) expect(event.position).toBeGreaterThan(before);
          expect((await store.readAll({ after: expected[1] }))[0]?.position).toBeGreaterThan(expected[1]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reads backwards before a position, in descending order',
        async () => {
          const stream = newStream();
          const { positions } = await append(stream, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });

          const page = await store.readAll({ direction: 'backwards', before: positions[2], limit: 2 });
          const fromEnd = await store.readAll({ direction: 'backwards', limit: 1 });

          expect(page).toHaveLength(2);
          expect(page[0].position).toBe(positions[1]);
          expect(page[1].position).toBeLessThan(positions[1]);
          expect(fromEnd).toHaveLength(1);
          expect(fromEnd[0].position).toBeGreaterThanOrEqual(positions[2]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reads inclusive bounds: forwards from a position, backwards at or before one, without position arithmetic',
        async () => {
          const stream = newStream();
          const { positions } = await append(stream, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });

          const from = await store.readAll({ from: positions[1], limit: 2 });
          const atOrBefore = await store.readAll({ direction: 'backwards', atOrBefore: positions[1], limit: 2 });
          const between = await store.readAll({ direction: 'backwards', atOrBefore: positions[2], after: positions[0], limit: 5 });
          const fromAndAfter = await store.readAll({ from: positions[1], after: positions[1], limit: 1 });

          expect(from.map((e) => e.position)).toEqual([positions[1], positions[2]]);
          expect(atOrBefore.map((e) => e.position)).toEqual([positions[1], positions[0]]);
          expect(between.map((e) => e.position)).toEqual([positions[2], positions[1]]);
          expect(fromAndAfter.map((e) => e.position)).toEqual([positions[2]]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'headPosition is at or after the last acknowledged append',
        async () => {
          const { positions } = await append(newStream(), [newEvent()], { expectedRevision: 'no_stream' });

          const head = await store.headPosition();

          expect(head).toBeDefined();
          expect(head!).toBeGreaterThanOrEqual(positions[0]);
          expect(await store.readAll({ after: head })).toEqual(
            expect.not.arrayContaining([expect.objectContaining({ position: positions[0] })]),
          );
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'an event reads the same from readAll and readStream',
        async () => {
          const stream = newStream();
          const before = await store.headPosition();
          await append(stream, [newEvent()], { expectedRevision: 'no_stream' });

          const fromAll = (await readAllAfter(before)).filter((e) => e.stream === stream);

          expect(fromAll).toEqual(await store.readStream(stream));
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('appendMany', () => {
      it(
        'appends to several streams, returning one result per request in order',
        async () => {
          const [s1, s2] = [newStream(), newStream()];
          const e1 = [newEvent(), newEvent()];
          const e2 = [newEvent()];

          const results = await appendMany([
            { stream: s1, events: e1, expectedRevision: 'no_stream' },
            { stream: s2, events: e2, expectedRevision: 'no_stream' },
          ]);

          expect(results.map((r) => [r.stream, r.revisions, r.eventIds, r.duplicate])).toEqual([
            [s1, [0, 1], e1.map((e) => e.eventId), false],
            [s2, [0], e2.map((e) => e.eventId), false],
          ]);
          expectStrictlyIncreasing([...results[0].positions, ...results[1].positions]);
          expect(await store.readStream(s1)).toHaveLength(2);
          expect(await store.readStream(s2)).toHaveLength(1);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'checks each request against the state left by earlier requests of the same batch',
        async () => {
          const stream = newStream();

          const results = await appendMany([
            { stream, events: [newEvent()], expectedRevision: 'no_stream' },
            { stream, events: [newEvent(), newEvent()], expectedRevision: 0 },
            { stream, events: [newEvent()], expectedRevision: 'stream_exists' },
          ]);

          expect(results.map((r) => r.revisions)).toEqual([[0], [1, 2], [3]]);
          const read = await store.readStream(stream);
          expect(revisionsOf(read)).toEqual([0, 1, 2, 3]);
          expect(read.slice(1).map((e) => e.metadata.prevHash)).toEqual(read.slice(0, -1).map((e) => e.metadata.contentHash));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'on a failing request: nothing when atomic, otherwise a PartialAppendError listing exactly what went in',
        async () => {
          const [s1, s2, s3] = [newStream(), newStream(), newStream()];
          const first = [newEvent()];

          const failure = appendMany([
            { stream: s1, events: first, expectedRevision: 'no_stream' },
            { stream: s2, events: [newEvent()], expectedRevision: 5 },
            { stream: s3, events: [newEvent()], expectedRevision: 'no_stream' },
          ]);

          if (store.capabilities.atomicMultiStreamAppend) {
            await expect(failure).rejects.toMatchObject(wrongRevision(s2, 5, -1));
            expect(await store.readStream(s1)).toEqual([]);
          } else {
            const error = await failure.then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(error).toBeInstanceOf(PartialAppendError);
            const partial = error as PartialAppendError;
            expect(partial.failedIndex).toBe(1);
            expect(partial.cause).toBeInstanceOf(WrongExpectedRevisionError);
            expect(partial.appended.map((r) => [r.stream, r.eventIds])).toEqual([[s1, first.map((e) => e.eventId)]]);
            expect((await store.readStream(s1)).map((e) => e.position)).toEqual(await appendedPositions(store, partial.appended[0]));
          }
          expect(await store.readStream(s2)).toEqual([]);
          expect(await store.readStream(s3)).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'a request conflicting with an earlier one of the same batch fails the batch as above',
        async () => {
          const stream = newStream();

          const failure = appendMany([
            { stream, events: [newEvent()], expectedRevision: 'no_stream' },
            { stream, events: [newEvent()], expectedRevision: 'no_stream' },
          ]);

          if (store.capabilities.atomicMultiStreamAppend) {
            await expect(failure).rejects.toMatchObject(wrongRevision(stream, 'no_stream', 0));
            expect(await store.readStream(stream)).toEqual([]);
          } else {
            await expect(failure).rejects.toBeInstanceOf(PartialAppendError);
            expect(await store.readStream(stream)).toHaveLength(1);
          }
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'a retried batch returns the original places, each marked duplicate',
        async () => {
          const [s1, s2] = [newStream(), newStream()];
          const requests = [
            { stream: s1, events: [newEvent()], expectedRevision: 'no_stream' as const },
            { stream: s2, events: [newEvent(), newEvent()], expectedRevision: 'no_stream' as const },
          ];
          const original = await appendMany(requests);

          const retry = await appendMany(requests);

          expect(retry).toEqual(original.map((r) => ({ ...r, duplicate: true })));
          expect(await store.readStream(s2)).toHaveLength(2);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('subscribeToAll', () => {
      it(
        'catches up from a checkpoint, then delivers live appends, each exactly once and in order',
        async () => {
          const stream = newStream();
          const before = await store.headPosition();
          const early = await append(stream, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
          const abort = new AbortController();
          let caughtUp!: () => void;
          const caughtUpOnce = new Promise<void>((resolve) => (caughtUp = resolve));

          const delivered = collect(
            store.subscribeToAll({ after: before, signal: abort.signal, onCaughtUp: () => caughtUp() }),
            (e) => e.stream === stream,
            6,
          );
          await caughtUpOnce;
          const late = await append(stream, [newEvent(), newEvent()], { expectedRevision: 2 });
          const later = await append(stream, [newEvent()], { expectedRevision: 4 });
          const { matching, all } = await delivered;
          abort.abort();

          expect(matching.map((e) => e.position)).toEqual([...early.positions, ...late.positions, ...later.positions]);
          expect(revisionsOf(matching)).toEqual([0, 1, 2, 3, 4, 5]);
          expectStrictlyIncreasing(all.map((e) => e.position));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'starts strictly after the checkpoint it is given',
        async () => {
          const stream = newStream();
          const { positions } = await append(stream, [newEvent(), newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
          const abort = new AbortController();

          const { matching } = await collect(
            store.subscribeToAll({ after: positions[1], signal: abort.signal }),
            (e) => e.stream === stream,
            2,
          );
          abort.abort();

          expect(matching.map((e) => e.position)).toEqual(positions.slice(2));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reports when it has caught up, with the position it has reached',
        async () => {
          const stream = newStream();
          const { positions } = await append(stream, [newEvent()], { expectedRevision: 'no_stream' });
          const abort = new AbortController();
          const reports: (LogPosition | undefined)[] = [];
          let delivered = 0;

          const [previous] = await store.readAll({ direction: 'backwards', before: positions[0], limit: 1 });
          for await (const event of store.subscribeToAll({
            after: previous?.position,
            signal: abort.signal,
            onCaughtUp: (p) => {
              reports.push(p);
              abort.abort();
            },
          })) {
            if (previous) expect(event.position).toBeGreaterThan(previous.position);
            delivered++;
          }

          expect(delivered).toBeGreaterThanOrEqual(1);
          expect(reports).toHaveLength(1);
          expect(reports[0]).toBeGreaterThanOrEqual(positions[0]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'ends cleanly when its signal aborts while it waits for new events',
        async () => {
          const abort = new AbortController();
          let caughtUp!: () => void;
          const caughtUpOnce = new Promise<void>((resolve) => (caughtUp = resolve));
          const head = await store.headPosition();
          const received: RecordedEvent[] = [];

          const consuming = (async () => {
            for await (const event of store.subscribeToAll({ after: head, signal: abort.signal, onCaughtUp: () => caughtUp() }))
              received.push(event);
            return 'ended';
          })();
          await caughtUpOnce;
          abort.abort();

          await expect(consuming).resolves.toBe('ended');
          const stream = newStream();
          await append(stream, [newEvent()], { expectedRevision: 'no_stream' });
          expect(received.filter((e) => e.stream === stream)).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'delivers nothing when the signal is already aborted',
        async () => {
          await append(newStream(), [newEvent()], { expectedRevision: 'no_stream' });
          const abort = new AbortController();
          abort.abort();
          const received: RecordedEvent[] = [];

          for await (const event of store.subscribeToAll({ signal: abort.signal })) received.push(event);

          expect(received).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'can be left with break, and a new subscription resumes exactly after the last event taken',
        async () => {
          const stream = newStream();
          const before = await store.headPosition();
          const { positions } = await append(stream, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
          let checkpoint = before;
          for await (const event of store.subscribeToAll({ after: before })) {
            checkpoint = event.position;
            if (event.position === positions[0]) break;
          }
          const abort = new AbortController();

          const { matching } = await collect(
            store.subscribeToAll({ after: checkpoint, signal: abort.signal }),
            (e) => e.stream === stream,
            2,
          );
          abort.abort();

          expect(checkpoint).toBe(positions[0]);
          expect(matching.map((e) => e.position)).toEqual(positions.slice(1));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'several subscribers each get every event',
        async () => {
          const stream = newStream();
          const before = await store.headPosition();
          const abort = new AbortController();

          const subscribers = [1, 2, 3].map(() =>
            collect(store.subscribeToAll({ after: before, signal: abort.signal }), (e) => e.stream === stream, 4),
          );
          const first = await append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
          const second = await append(stream, [newEvent(), newEvent()], { expectedRevision: 1 });
          const results = await Promise.all(subscribers);
          abort.abort();

          for (const { matching } of results) expect(matching.map((e) => e.position)).toEqual([...first.positions, ...second.positions]);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('concurrent appenders to one stream', () => {
      it(
        'exactly one of several appends at the same expected revision wins',
        async () => {
          const stream = await givenStream(1);

          const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => append(stream, [newEvent()], { expectedRevision: 0 })));

          const won = attempts.filter((a): a is PromiseFulfilledResult<PositionedAppendResult> => a.status === 'fulfilled');
          const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(won[0].value.revisions).toEqual([1]);
          for (const failure of lost) expect(failure.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(revisionsOf(await store.readStream(stream))).toEqual([0, 1]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'writers that re-read and retry on conflict lose nothing',
        async () => {
          const stream = newStream();
          const writers = 4;
          const appendsEach = 5;

          const written = await Promise.all(
            Array.from({ length: writers }, async () => {
              const mine: string[] = [];
              for (let i = 0; i < appendsEach; i++) {
                const event = newEvent();
                for (;;) {
                  const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
                  try {
                    await append(stream, [event], { expectedRevision: last ? last.revision : 'no_stream' });
                    break;
                  } catch (error) {
                    if (!(error instanceof WrongExpectedRevisionError)) throw error;
                  }
                }
                mine.push(event.eventId);
              }
              return mine;
            }),
          );

          const read = await store.readStream(stream);
          expect(revisionsOf(read)).toEqual(Array.from({ length: writers * appendsEach }, (_, i) => i));
          expect(read.map((e) => e.eventId).sort()).toEqual(written.flat().sort());
          expect(read.slice(1).map((e) => e.metadata.prevHash)).toEqual(read.slice(0, -1).map((e) => e.metadata.contentHash));
        },
        TEST_TIMEOUT_MS,
      );
    });

    /**
     * Appends and settles every event's position (an adapter may name only the last one; appendedPositions reads
     * the rest). What the adapter itself answers is checked in 'the append result names its positions'.
     */
    async function append(
      stream: string,
      events: readonly EventToAppend[],
      options: { expectedRevision: ExpectedRevision },
    ): Promise<PositionedAppendResult> {
      return settle(await store.appendToStream(stream, events, options));
    }

    async function appendMany(requests: readonly AppendRequest[]): Promise<PositionedAppendResult[]> {
      return Promise.all((await store.appendMany(requests)).map(settle));
    }

    async function settle(result: AppendResult): Promise<PositionedAppendResult> {
      return { ...result, positions: await appendedPositions(store, result) };
    }

    /** A stream with `count` events, revisions 0..count-1. */
    async function givenStream(count: number): Promise<string> {
      const stream = newStream();
      await append(
        stream,
        Array.from({ length: count }, () => newEvent()),
        { expectedRevision: 'no_stream' },
      );
      return stream;
    }

    async function readAllAfter(after: LogPosition | undefined): Promise<RecordedEvent[]> {
      const events: RecordedEvent[] = [];
      for (
        let page = await store.readAll({ after, limit: 500 });
        page.length > 0;
        page = await store.readAll({ after: page[page.length - 1].position, limit: 500 })
      ) {
        events.push(...page);
      }
      return events;
    }
  });
}

/** Stream names are unique per test: the suite may run against a shared server. Category before the first dash. */
function newStream(): string {
  return `contract-${randomUUID().replace(/-/g, '')}`;
}

function newEvent(overrides: Partial<EventToAppend> = {}): EventToAppend {
  return {
    eventId: randomUUID(),
    type: 'ContractChecked',
    schemaVersion: 1,
    data: { checkedOn: '2024-05-01', amount: '10.50', tags: ['a', 'b'] },
    metadata: { actor: 'svc:contract-suite', correlationId: randomUUID() },
    ...overrides,
  };
}

function wrongRevision(stream: string, expected: unknown, actual: number) {
  return { name: 'WrongExpectedRevisionError', stream, expected, actual };
}

function revisionsOf(events: readonly RecordedEvent[]): number[] {
  return events.map((e) => e.revision);
}

function expectStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
}

function hashedContentOf(event: RecordedEvent) {
  const { contentHash: _c, prevHash: _p, ...metadata } = event.metadata;
  return { stream: event.stream, eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata };
}

/** Pulls from a subscription until `count` events match, keeping everything it saw (to check order across streams). */
async function collect(
  subscription: AsyncIterable<RecordedEvent>,
  matches: (event: RecordedEvent) => boolean,
  count: number,
): Promise<{ matching: RecordedEvent[]; all: RecordedEvent[] }> {
  const matching: RecordedEvent[] = [];
  const all: RecordedEvent[] = [];
  for await (const event of subscription) {
    all.push(event);
    if (matches(event)) matching.push(event);
    if (matching.length === count) break;
  }
  return { matching, all };
}
