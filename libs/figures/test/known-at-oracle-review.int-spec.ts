import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIGURES } from '../src/definitions';
import { PostgresFigureStore } from '../src/postgres/postgres-figure-store';
import { SqliteFigureStore } from '../src/sqlite/sqlite-figure-store';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import type { NewEvent } from '@ledger/test-support/figures/memory-event-store';
import { randomHistory } from '@ledger/test-support/figures/random-history';
import { dropPostgresSchemas } from '@ledger/test-support';

/**
 * A reviewer's oracle for "as known at", independent of the store's own filtering:
 * - knownAt=<position N> must answer as a log holding only the first N events does;
 * - knownAt=<time T> must answer as a log holding only the events known by T does (asked knownAt=T too, so its
 *   stocks stand at the same instant), whatever order the known times come in along the log.
 * Small position buckets (4) and known-time blocks (4), so answers mix rollups and raw contributions.
 */
const HOUR = 3_600_000;
const connectionString = process.env.REVIEW_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Known times that do not rise along the log: every third event imported, known up to 3 days before it was recorded. */
function scrambled(): NewEvent[] {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const events = randomHistory(29, 160).map((event, i) => {
    const recordedAt = new Date(start + i * HOUR).toISOString();
    if (i % 3 !== 1) return { ...event, recordedAt };
    const importedAt = new Date(start + i * HOUR - ((i * 7919) % 72) * HOUR).toISOString();
    return { ...event, recordedAt, imported: { source: 'old-register', recordedAt: importedAt } };
  });
  // Last: an event known before every time asked, recorded last, so each filtered log ends at the same present.
  events.push({
    ...e.training('sentinel', { deliveredOn: '2020-01-01' }),
    recordedAt: new Date(start + events.length * HOUR).toISOString(),
    imported: { source: 'old-register', recordedAt: '2020-01-02T00:00:00.000Z' },
  });
  return events;
}

/** When the ledger could know each event: its own known time, or a later one of an earlier event of its stream. */
function effectiveKnownTimes(events: readonly NewEvent[]): number[] {
  const latest = new Map<string, number>();
  return events.map((event) => {
    const own = Date.parse(event.imported?.recordedAt ?? event.recordedAt!);
    const known = Math.max(own, latest.get(event.stream) ?? own);
    latest.set(event.stream, known);
    return known;
  });
}

function queriesFor(figure: (typeof FIGURES)[number]): Record<string, string>[] {
  const dims = figure.dimensions.map((d) => d.name);
  return [
    { groupBy: 'year' },
    { groupBy: `month,${dims[0]}` },
    { groupBy: dims.join(',') },
    { year: '2023' },
    // A window cutting days at both ends.
    { groupBy: `year,${dims[0]}`, from: '2022-02-15T10:00:00Z', asOf: '2024-03-20T13:30:00Z' },
  ];
}

/** What must agree: rows, events and the instant the stocks stand at (not the header, whose positions differ). */
async function comparable(h: FiguresHarness, name: string, version: number, params: Record<string, string>): Promise<string> {
  const answer = await h.service.answer(name, { version: String(version), ...params });
  return JSON.stringify({
    stocksAt: answer.stocksAt,
    events: answer.events,
    rows: answer.rows.map(({ group, measures, events }) => ({ group, measures, events })),
  });
}

describe('as known at: answers equal those of the log cut to what was known', () => {
  const harnesses: FiguresHarness[] = [];
  const dirs: string[] = [];
  const harness = (events: readonly NewEvent[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'known-oracle-'));
    dirs.push(dir);
    const h = new FiguresHarness({
      positionBucketSize: 4,
      store: new SqliteFigureStore({ filename: join(dir, 'ledger.sqlite'), knownBlock: 4 }),
    });
    harnesses.push(h);
    h.events.add(...events);
    return h;
  };
  afterAll(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('by position', async () => {
    const history = scrambled();
    const full = harness(history);
    await full.project();
    let compared = 0;
    for (const n of [3, 17, 40, 81, 122, 158]) {
      const cut = harness(history.slice(0, n));
      await cut.project();
      for (const figure of FIGURES) {
        for (const params of queriesFor(figure)) {
          const expected = await comparable(cut, figure.name, figure.version, params);
          expect(
            `${n} ${figure.name}@${figure.version} ${JSON.stringify(params)} ${await comparable(full, figure.name, figure.version, { ...params, knownAt: String(n) })}`,
          ).toBe(`${n} ${figure.name}@${figure.version} ${JSON.stringify(params)} ${expected}`);
          compared++;
        }
      }
    }
    expect(compared).toBe(6 * FIGURES.length * 5);
  }, 120_000);

  it('by time, with imported history and recording times that do not rise along the log', async () => {
    const history = scrambled();
    const known = effectiveKnownTimes(history);
    const full = harness(history);
    await full.project();
    let compared = 0;
    // Version 2 only: version 1 gives each event its own known time (kept so its published answers stay reproducible),
    // so an answer known before its receipt counts there as known without it.
    for (const time of [
      '2024-12-31T00:00:00.000Z',
      '2025-01-02T07:30:00.000Z',
      '2025-01-04T12:00:00.000Z',
      '2025-01-06T01:00:00.000Z',
      '2025-01-07T15:00:00.000Z',
    ]) {
      const cut = harness(history.filter((_, i) => known[i] <= Date.parse(time)));
      await cut.project();
      for (const figure of FIGURES.filter((f) => f.version === 2)) {
        for (const params of queriesFor(figure)) {
          const asked = { ...params, knownAt: time };
          const expected = await comparable(cut, figure.name, figure.version, asked);
          expect(
            `${time} ${figure.name}@${figure.version} ${JSON.stringify(params)} ${await comparable(full, figure.name, figure.version, asked)}`,
          ).toBe(`${time} ${figure.name}@${figure.version} ${JSON.stringify(params)} ${expected}`);
          compared++;
        }
      }
    }
    expect(compared).toBe(5 * FIGURES.filter((f) => f.version === 2).length * 5);
  }, 120_000);

  it('PostgreSQL answers byte for byte as SQLite does, now, at positions and at times', async () => {
    const history = scrambled();
    const sqlite = harness(history);
    await sqlite.project();
    const schema = `rev_oracle_${process.pid}`;
    const pg = new FiguresHarness({ positionBucketSize: 4, store: new PostgresFigureStore({ connectionString, schema }) });
    harnesses.push(pg);
    try {
      pg.events.add(...history);
      await pg.project();
      for (const figure of FIGURES) {
        for (const params of queriesFor(figure)) {
          for (const knownAt of [undefined, '17', '81', '2025-01-04T12:00:00.000Z']) {
            const asked = { version: String(figure.version), ...params, ...(knownAt === undefined ? {} : { knownAt }) };
            const label = `${figure.name} ${JSON.stringify(asked)}`;
            expect(`${label} ${JSON.stringify(await pg.service.answer(figure.name, asked))}`).toBe(
              `${label} ${JSON.stringify(await sqlite.service.answer(figure.name, asked))}`,
            );
          }
        }
      }
    } finally {
      await dropPostgresSchemas(connectionString, schema);
    }
  }, 120_000);
});
