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
