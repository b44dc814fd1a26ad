import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { createEventStore, IdempotencyConflictError, type EventToAppend } from '@ledger/event-store';
import { PostgresEventIdRegistry } from '@ledger/shared-store';
import { scratchDatabase } from '@ledger/test-support';
import { startEsdbStandIn, type EsdbStandIn } from '../../../../test/esdb-stand-in/esdb-stand-in';
import { claimEventIds } from './event-ids.command';

// PostgreSQL runs on the build machines; the test gets a database of its own, dropped after.
const database = scratchDatabase('ledger_event_ids');
const databaseUrl = database.url;

describe('ledger event-ids', () => {
  let standIn: EsdbStandIn;
  let dir: string;
  let config: LedgerConfig;

  beforeAll(async () => {
    await database.create();
    standIn = await startEsdbStandIn();
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-event-ids-'));
    config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_EVENT_STORE: 'esdb', EVENTSTORE_URL: standIn.url, DATABASE_URL: databaseUrl });
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it('claims a log written without the registry, reports an id found in two streams, and the registry then refuses it', async () => {
    const event = (): EventToAppend => ({
      eventId: randomUUID(),
      type: 'Checked',
      schemaVersion: 1,
      data: {},
      metadata: { actor: 'test' },
    });
    const twice = event();
    // Two processes without DATABASE_URL: neither knows the other's ids.
    for (const stream of ['old-a', 'old-b']) {
      const store = createEventStore({ kind: 'esdb', url: standIn.url });
      await store.appendToStream(stream, [twice, event()], { expectedRevision: 'no_stream' });
      await store.close();
    }

    const report = await claimEventIds(config);

    expect(report).toEqual({ eventsClaimed: 4, repeated: [{ eventId: twice.eventId, stream: 'old-b', claimedFor: 'old-a' }] });
    const store = createEventStore({
      kind: 'esdb',
      url: standIn.url,
      eventIds: new PostgresEventIdRegistry({ connectionString: databaseUrl }),
    });
    try {
      await expect(store.appendToStream('new-c', [twice], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        IdempotencyConflictError,
      );
    } finally {
      await store.close();
    }
    // Claiming again finds the same repeat and nothing new.
    expect((await claimEventIds(config)).repeated).toHaveLength(1);
  });
});
