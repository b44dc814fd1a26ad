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
      expect(reopened.prepare('SELECT version FROM figure_schema').pluck().all()).toEqual([8]);
      reopened.close();
    } finally {
      rmSync(upgradeDir, { recursive: true, force: true });
    }
  });
});
