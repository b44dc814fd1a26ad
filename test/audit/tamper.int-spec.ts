import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditFileOf, catchUpAuditLog, configuredSigningKey, openAuditLog, recomputeContentHash } from '@ledger/audit';
import { eventStoreFile, loadConfig, type LedgerConfig } from '@ledger/config';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { verifyLive } from '../../apps/ledger-cli/src/commands/verify.command';
import { runLedger } from '@ledger/test-support/cli/ledger-cli';

jest.setTimeout(120_000);

/**
 * A small ledger on a temp file (events, Merkle log, two signed heads), tampered with through plain SQL on a copy,
 * the way an operator with file access could: `ledger verify` must find each change and name the event.
 *
 *   position  1 training-a@0   2 training-b@0   3 training-a@1   4 training-a@2
 *             5 training-c@0   6 training-b@1   7 training-a@3   8 training-c@1
 */
describe('verify finds and locates tampering done through SQL', () => {
  let base: string;
  let quiet: NodeJS.WriteStream;
  const layout = ['a', 'b', 'a', 'a', 'c', 'b', 'a', 'c'];

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
    const config = configIn(base);
    const store = new SqliteEventStore({ filename: eventStoreFile(config) });
    const { audit, close } = openAuditLog(auditFileOf(config), configuredSigningKey(config));
    for (const [i, id] of layout.entries()) {
      await store.appendToStream(
        `training-${id}`,
        [
          {
            eventId: randomUUID(),
            type: 'NoteRecorded',
            schemaVersion: 1,
            data: { n: i + 1, participants: 10 + i },
            metadata: { actor: 'test' },
          },
        ],
        { expectedRevision: 'any' },
      );
      if (i === 3) {
        await catchUpAuditLog(store, audit);
        await audit.issueTreeHead(new Date('2025-01-01T00:00:00.000Z'));
      }
    }
    await catchUpAuditLog(store, audit);
    await audit.issueTreeHead(new Date('2025-01-02T00:00:00.000Z'));
    close();
    await store.close();
    quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  function configIn(dir: string): LedgerConfig {
    return loadConfig({ LEDGER_DATA_DIR: dir });
  }

  /** A copy of the ledger with `sql` applied to its file. */
  function tampered(sql: string): LedgerConfig {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-tampered-'));
    cpSync(base, dir, { recursive: true });
    const config = configIn(dir);
    const db = new Database(eventStoreFile(config));
    db.exec(sql);
    db.close();
    copies.push(dir);
    return config;
  }
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('given the untouched ledger, then every event, chain, leaf and head matches', async () => {
    const { report } = await verifyLive(configIn(base), quiet);
    expect(report).toMatchObject({ ok: true, eventsChecked: 8, streamsChecked: 3, treeHeadsChecked: 2 });
  });

  it('given an event whose data was edited, then its content hash no longer matches, at that event', async () => {
    const { report } = await verifyLive(
      tampered(`UPDATE events SET data = json_set(data, '$.participants', 99) WHERE position = 3`),
      quiet,
    );
    expect(report.firstMismatch).toMatchObject({ problem: 'content_hash_mismatch', stream: 'training-a', revision: 1, position: 3 });
    expect(report.eventsChecked).toBe(2);
  });

  /** Rewrites an event's data and stores a matching content hash: what an attacker who read docs/audit.md would do. */
  function reseal(config: LedgerConfig, position: number): void {
    const db = new Database(eventStoreFile(config));
    db.prepare(`UPDATE events SET data = json_set(data, '$.participants', 99) WHERE position = ?`).run(position);
    const row = db.prepare<[number], Record<string, unknown>>('SELECT * FROM events WHERE position = ?').get(position)!;
    const metadata = JSON.parse(row.metadata as string);
    const event = {
      position,
      stream: row.stream as string,
      revision: row.revision as number,
      eventId: row.event_id as string,
      type: row.type as string,
      schemaVersion: row.schema_version as number,
      data: JSON.parse(row.data as string),
      metadata: { ...metadata, contentHash: row.content_hash, prevHash: row.prev_hash },
    };
    db.prepare('UPDATE events SET content_hash = ? WHERE position = ?').run(recomputeContentHash(event as RecordedEvent), position);
    db.close();
  }

  it('given an edit re-sealed with a matching content hash (last of its stream, so no chain follows), then the stored Merkle leaf names the event', async () => {
    const config = tampered('SELECT 1');
    reseal(config, 8);
    const { report } = await verifyLive(config, quiet);
    expect(report.firstMismatch).toMatchObject({ problem: 'leaf_mismatch', stream: 'training-c', revision: 1, position: 8, leafIndex: 7 });
  });

  it('given that re-sealed edit with the Merkle log wiped too, then the signed head still bounds it to the leaves after the last matching head', async () => {
    const config = tampered('DELETE FROM audit_merkle_leaf; DELETE FROM audit_merkle_node;');
    reseal(config, 6);
    const { report } = await verifyLive(config, quiet);
    expect(report.firstMismatch).toMatchObject({ problem: 'root_mismatch', fromLeafIndex: 4, toLeafIndex: 8 });
  });

  it('given a deleted event, then verify names the missing position', async () => {
    const { report } = await verifyLive(tampered('DELETE FROM events WHERE position = 4'), quiet);
    expect(report.firstMismatch).toMatchObject({ problem: 'event_missing', leafIndex: 3, expected: 'the event at position 4' });
  });

  it('given the last event deleted, then the log is reported truncated from that position', async () => {
    const { report } = await verifyLive(tampered('DELETE FROM events WHERE position = 8'), quiet);
    expect(report.firstMismatch).toMatchObject({ problem: 'log_truncated', position: 7, leafIndex: 7 });
    expect(report.firstMismatch?.detail).toContain('events after position 7 are missing');
  });

  it('given two events of different streams swapped in the log, then the first moved one is named', async () => {
    const { report } = await verifyLive(
      tampered(
        'UPDATE events SET position = 100 WHERE position = 5; UPDATE events SET position = 5 WHERE position = 6; UPDATE events SET position = 6 WHERE position = 100;',
      ),
      quiet,
    );
    expect(report.firstMismatch).toMatchObject({ problem: 'leaf_mismatch', stream: 'training-b', revision: 1, position: 5, leafIndex: 4 });
  });

  it('given two events of one stream swapped, then the stream is seen to skip a revision there', async () => {
    const { report } = await verifyLive(
      tampered(
        'UPDATE events SET position = 100 WHERE position = 3; UPDATE events SET position = 3 WHERE position = 4; UPDATE events SET position = 4 WHERE position = 100;',
      ),
      quiet,
    );
    expect(report.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      stream: 'training-a',
      revision: 2,
      position: 3,
      expected: '1',
      actual: '2',
    });
  });

  it('`ledger verify` exits 1 and prints the located mismatch; 0 and OK on the untouched ledger', async () => {
    const config = tampered(`UPDATE events SET data = json_set(data, '$.participants', 99) WHERE position = 3`);
    const [bad, good] = await Promise.all([runLedger(['verify', '--data-dir', config.dataDir]), runLedger(['verify', '--data-dir', base])]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('MISMATCH (content_hash_mismatch) at training-a revision 1, position 3');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^OK: 8 events in 3 streams/);
    expect(good.stderr).toMatch(/verified 8 events in .* events\/s/);
  });
});
