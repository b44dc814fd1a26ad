import type { LogPosition, RecordedEvent } from '../event-store.port';
import { ReadAhead } from './esdb-read-ahead';

/** A log of positions 10, 20, 30, ...; `reads` lists where each server read started. */
function fakeLog(length: number) {
  const log = Array.from({ length }, (_, i) => ({ position: (i + 1) * 10 }) as RecordedEvent);
  const reads: (LogPosition | undefined)[] = [];
  const read = (limit: number) => async (after: LogPosition | undefined) => {
    reads.push(after);
    return log.filter((e) => after === undefined || e.position > after).slice(0, limit);
  };
  return { log, reads, read };
}

describe('ReadAhead', () => {
  it('reads the next page ahead once a caller pages on, and answers it from what was read', async () => {
    const { log, reads, read } = fakeLog(10);
    const ahead = new ReadAhead();

    const first = await ahead.page(undefined, 3, read(3));
    const second = await ahead.page(first[2].position, 3, read(3));
    expect(reads).toEqual([undefined, 30, 60]);
    const third = await ahead.page(second[2].position, 3, read(3));

    expect([...first, ...second, ...third]).toEqual(log.slice(0, 9));
    expect(reads).toEqual([undefined, 30, 60, 90]);
  });

  it('reads a short page read ahead again: events appended since are not missed', async () => {
    const { log, reads, read } = fakeLog(5);
    const ahead = new ReadAhead();
    const first = await ahead.page(undefined, 2, read(2));
    await ahead.page(first[1].position, 2, read(2)); // reads ahead after 40: one event, short
    log.push({ position: 60 } as RecordedEvent);

    const third = await ahead.page(40, 2, read(2));

    expect(third.map((e) => e.position)).toEqual([50, 60]);
    expect(reads).toEqual([undefined, 20, 40, 40, 60]); // 40 again; then ahead after the full page it gave
  });

  it('does not read ahead for a single page, nor for another page size', async () => {
    const { reads, read } = fakeLog(10);
    const ahead = new ReadAhead();
    await ahead.page(undefined, 3, read(3));
    await ahead.page(30, 4, read(4));
    expect(reads).toEqual([undefined, 30]);
  });

  it('lets a page read ahead go when nobody asks for it within the TTL: a caller that stops holds no memory', async () => {
    const { reads, read } = fakeLog(10);
    const ahead = new ReadAhead(20);
    const first = await ahead.page(undefined, 3, read(3));
    await ahead.page(first[2].position, 3, read(3)); // reads ahead after 60
    await new Promise((resolve) => setTimeout(resolve, 60));

    await ahead.page(60, 3, read(3));
    expect(reads).toEqual([undefined, 30, 60, 60, 90]); // 60 read again, not taken from the page let go
  });
});
