import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../../test/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEventStoreContract('SQLite file', async () => ({ store: new SqliteEventStore({ filename: join(dir, 'events.db') }) }));
describeEventStoreContract('SQLite :memory:', async () => ({ store: new SqliteEventStore({ filename: ':memory:' }) }));
