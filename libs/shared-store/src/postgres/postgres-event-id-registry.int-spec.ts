import { randomUUID } from 'node:crypto';
import { createEventStore, IdempotencyConflictError } from '@ledger/event-store';
import { startEsdbStandIn, type EsdbStandIn } from '../../../../test/esdb-stand-in/esdb-stand-in';
import { PostgresEventIdRegistry } from './postgres-event-id-registry';
import { dropPostgresSchemas } from '@ledger/test-support';

// PostgreSQL runs on the build machines; the test gets a schema of its own, dropped after.
const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `event_id_registry_test_${process.pid}`;

describe('PostgreSQL event-id registry', () => {
  const registries: PostgresEventIdRegistry[] = [];
  const open = () => {
    const registry = new PostgresEventIdRegistry({ connectionString, schema });
    registries.push(registry);
    return registry;
  };

  afterAll(async () => {
    await Promise.all(registries.map((r) => r.close().catch(() => undefined)));
    await dropPostgresSchemas(connectionString, schema);
  });

  it('claims new ids, and names the stream of each id any registry on the database claimed before', async () => {
    const [a, b] = [open(), open()];
    const [id1, id2, id3] = [randomUUID(), randomUUID(), randomUUID()];

    expect(await a.claim('s-1', [id1, id2])).toEqual(new Map());
    expect(await b.claim('s-2', [id2, id3])).toEqual(new Map([[id2, 's-1']]));
    expect(await a.claim('s-2', [id3])).toEqual(new Map([[id3, 's-2']]));
  });

  it('gives an id to exactly one of several processes claiming it at once', async () => {
    const id = randomUUID();
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => open().claim(`s-${i}`, [id])));

    expect(claims.filter((c) => c.size === 0)).toHaveLength(1);
    const owner = claims.flatMap((c) => [...c.values()]);
    expect(new Set(owner).size).toBe(1);
  });

  it('claims made together by one registry share a statement: an id two of them claim goes to the first', async () => {
    const registry = open();
    const [shared, own1, own2] = [randomUUID(), randomUUID(), randomUUID()];

    const [first, second, third] = await Promise.all([
      registry.claim('s-1', [shared, own1]),
      registry.claim('s-2', [shared]),
      registry.claim('s-3', [own2]),
    ]);

    expect([first, second, third]).toEqual([new Map(), new Map([[shared, 's-1']]), new Map()]);
    expect(await open().claim('s-9', [own1, own2])).toEqual(
      new Map([
        [own1, 's-1'],
        [own2, 's-3'],
      ]),
    );
  });

  it('an id claimed before and claimed twice in one statement names its stored owner to both claims', async () => {
    const id = randomUUID();
    expect(await open().claim('s-owner', [id])).toEqual(new Map());
    const registry = open();

    const [other, retry] = await Promise.all([registry.claim('s-other', [id]), registry.claim('s-owner', [id])]);

    expect([other, retry]).toEqual([new Map([[id, 's-owner']]), new Map([[id, 's-owner']])]);
  });

  describe('under two EventStoreDB adapters (two processes of one ledger)', () => {
    let standIn: EsdbStandIn;
    beforeAll(async () => {
      standIn = await startEsdbStandIn();
    });
    afterAll(async () => {
      await standIn.close();
    });

    it('refuses an event id another process appended to another stream, and writes nothing', async () => {
      const [one, two] = [1, 2].map(() => createEventStore({ kind: 'esdb', url: standIn.url, eventIds: open() }));
      try {
        const event = { eventId: randomUUID(), type: 'Checked', schemaVersion: 1, data: {}, metadata: { actor: 'test' } };
        await one.appendToStream('registry-a', [event], { expectedRevision: 'no_stream' });

        await expect(two.appendToStream('registry-b', [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        expect(standIn.log.streamRecords('registry-b')).toBeUndefined();
        // The same events again on the same stream are a retry, checked against what is stored.
        expect(await two.appendToStream('registry-a', [event], { expectedRevision: 'no_stream' })).toMatchObject({
          duplicate: true,
          revisions: [0],
        });
      } finally {
        await one.close();
        await two.close();
      }
    });
  });
});
