import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { contentHash, GENESIS_HASH } from '../content-hash';
import { SqliteEventStore } from './sqlite-event-store';
import type { AcknowledgedAppend } from './testing/append-until-killed.child';

const repositoryRoot = resolve(__dirname, '../../../..');
const child = join(__dirname, 'testing', 'append-until-killed.child.ts');
const registerTypeScript = join(repositoryRoot, 'bench', 'support', 'register.js');

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-durability-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Forks the writer, SIGKILLs it as soon as `killAfter` appends were acknowledged, returns every acknowledgement. */
function appendThenKill(
  filename: string,
  killAfter: number,
): Promise<{ acknowledged: AcknowledgedAppend[]; signal: NodeJS.Signals | null }> {
  return new Promise((done, fail) => {
    const acknowledged: AcknowledgedAppend[] = [];
    const writer = fork(child, [filename], { execArgv: ['--require', registerTypeScript], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    writer.stderr?.on('data', (chunk) => (stderr += chunk));
    writer.on('message', (ack: AcknowledgedAppend) => {
      acknowledged.push(ack);
      if (acknowledged.length === killAfter) writer.kill('SIGKILL');
    });
    writer.on('error', fail);
    writer.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') fail(new Error(`writer exited with code ${code} before it was killed: ${stderr}`));
      else done({ acknowledged, signal });
    });
  });
}

/** Forks a writer that appends `count` events to `stream` with read-and-retry; resolves with its event ids. */
function appendFromAnotherProcess(filename: string, stream: string, count: number): Promise<{ eventIds: string[]; conflicts: number }> {
  return new Promise((done, fail) => {
    let report: { eventIds: string[]; conflicts: number } | undefined;
    let stderr = '';
    const writer = fork(join(__dirname, 'testing', 'append-with-retries.child.ts'), [filename, stream, String(count)], {
      execArgv: ['--require', registerTypeScript],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    writer.stderr?.on('data', (chunk) => (stderr += chunk));
    writer.on('message', (message: { eventIds: string[]; conflicts: number }) => (report = message));
    writer.on('error', fail);
    writer.on('exit', (code) => (code === 0 && report ? done(report) : fail(new Error(`writer exited with code ${code}: ${stderr}`))));
  });
}

describe('SQLite event store shared by several processes', () => {
  it('writers in three processes contending for one stream lose nothing and keep one hash chain', async () => {
    const filename = join(dir, 'events.db');
    await new SqliteEventStore({ filename }).close();

    const reports = await Promise.all([0, 1, 2].map(() => appendFromAnotherProcess(filename, 'contended-1', 40)));

    const store = new SqliteEventStore({ filename });
    try {
      const read = await store.readStream('contended-1');
      expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 120 }, (_, i) => i));
      expect(read.map((e) => e.eventId).sort()).toEqual(reports.flatMap((r) => r.eventIds).sort());
      expect(read.map((e) => e.metadata.prevHash)).toEqual([GENESIS_HASH, ...read.slice(0, -1).map((e) => e.metadata.contentHash)]);
      const recordedAt = read.map((e) => e.metadata.recordedAt);
      expect([...recordedAt].sort()).toEqual(recordedAt);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('SQLite event store durability', () => {
  it('keeps every acknowledged append of a writer killed with SIGKILL mid-stream', async () => {
    const filename = join(dir, 'events.db');

    const { acknowledged, signal } = await appendThenKill(filename, 150);

    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    const raw = new Database(filename);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const store = new SqliteEventStore({ filename });
    try {
      const stored = await store.readAll({ limit: 1_000_000 });
      const byId = new Map(stored.map((e) => [e.eventId, e]));
      for (const ack of acknowledged) {
        ack.eventIds.forEach((eventId, i) => expect(byId.get(eventId)).toMatchObject({ stream: ack.stream, position: ack.positions[i] }));
      }
      const lastHashOf = new Map<string, string>();
      for (const event of stored) {
        const { contentHash: hash, prevHash, ...metadata } = event.metadata;
        expect(prevHash).toBe(lastHashOf.get(event.stream) ?? GENESIS_HASH);
        expect(contentHash({ ...event, metadata })).toBe(hash);
        lastHashOf.set(event.stream, hash);
      }
    } finally {
      await store.close();
    }
  }, 60_000);

  it("accepts appends again after the crash, continuing each stream's revisions and hash chain", async () => {
    const filename = join(dir, 'events.db');
    await appendThenKill(filename, 20);
    const store = new SqliteEventStore({ filename });
    try {
      const [last] = await store.readStream('durability-0', { direction: 'backwards', maxCount: 1 });

      const result = await store.appendToStream(
        'durability-0',
        [{ eventId: 'after-crash', type: 'DurabilityChecked', schemaVersion: 1, data: {}, metadata: { actor: 'svc:durability-test' } }],
        { expectedRevision: last.revision },
      );

      expect(result.revisions).toEqual([last.revision + 1]);
      const [appended] = await store.readStream('durability-0', { fromRevision: last.revision + 1 });
      expect(appended.metadata.prevHash).toBe(last.metadata.contentHash);
    } finally {
      await store.close();
    }
  }, 60_000);
});
