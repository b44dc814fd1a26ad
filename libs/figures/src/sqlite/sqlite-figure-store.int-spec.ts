import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figureStoreContract } from '../../test/figure-store.contract';
import { SqliteFigureStore } from './sqlite-figure-store';

let dir: string | undefined;
figureStoreContract(
  'SQLite file',
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'figure-store-'));
    return new SqliteFigureStore({ filename: join(dir, 'ledger.sqlite') });
  },
  async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
);
figureStoreContract('SQLite memory', async () => new SqliteFigureStore({ filename: ':memory:' }));

describe('SQLite figure store schema upgrade', () => {
  it('empties a store of an older schema (no small rollup cubes, bigger position buckets), so the projector rebuilds every figure', async () => {
    const upgradeDir = mkdtempSync(join(tmpdir(), 'figure-store-upgrade-'));
    const filename = join(upgradeDir, 'ledger.sqlite');
    try {
      const old = new SqliteFigureStore({ filename });
      await old.init();
      await old.reset('f', 1);
      await old.close();
      const raw = new Database(filename);
      raw.prepare('UPDATE figure_schema SET version = 1').run();
      raw.close();

      const store = new SqliteFigureStore({ filename });
      await store.init();
      expect(await store.checkpoints()).toEqual([]);
      await store.close();
      const reopened = new Database(filename, { readonly: true });
      expect(reopened.prepare('SELECT version FROM figure_schema').pluck().all()).toEqual([9]);
      reopened.close();
    } finally {
      rmSync(upgradeDir, { recursive: true, force: true });
    }
  });
});

describe('SQLite figure store page cache', () => {
  it('keeps the smaller build cache from beginBuild to finishBuild and to a reset, the usual one otherwise', async () => {
    const store = new SqliteFigureStore({ filename: ':memory:', cacheSizeMb: 64, buildCacheSizeMb: 8 });
    // The connection is the store's own; the pragma is what SQLite was told (negative: KiB).
    const cacheKib = () => -((store as unknown as { db: Database.Database }).db.pragma('cache_size', { simple: true }) as number);
    try {
      await store.init();
      expect(cacheKib()).toBe(64 * 1024);
      const target = await store.beginBuild('f', 1);
      expect(cacheKib()).toBe(8 * 1024);
      await store.finishBuild(target, { figure: 'f', version: 1, position: 0, recordedAt: '2026-01-01T00:00:00.000Z', events: 0 });
      expect(cacheKib()).toBe(64 * 1024);
      await store.beginBuild('g', 1);
      expect(cacheKib()).toBe(8 * 1024);
      await store.reset('g', 1);
      expect(cacheKib()).toBe(64 * 1024);
    } finally {
      await store.close();
    }
  });
});
