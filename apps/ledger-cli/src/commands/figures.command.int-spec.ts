import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { auditFileOf, configuredSigningKey, openAuditLog } from '@ledger/audit';
import { eventStoreFile, loadConfig, type LedgerConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store';
import { FIGURES } from '@ledger/figures';
import { Command } from 'commander';
import { figuresText, registerFiguresCommand } from './figures.command';
import { project, registerProjectCommand } from './project.command';
import { registerReplayCommand, replay } from './replay.command';

describe('ledger figures / replay / project', () => {
  let dir: string;
  let config: LedgerConfig;

  async function append(...sessions: [string, string, number][]): Promise<void> {
    const events = new SqliteEventStore({ filename: eventStoreFile(config) });
    try {
      for (const [id, country, participants] of sessions) {
        await events.appendToStream(
          `training-${id}`,
          [
            {
              eventId: randomUUID(),
              type: 'TrainingSessionRecorded',
              schemaVersion: 1,
              metadata: { actor: 'cli-test' },
              data: {
                trainingId: id,
                deliveredOn: '2023-05-10',
                country,
                format: 'in_person',
                agencies: [{ name: 'PF', kind: 'police', country }],
                participants,
                topics: [],
              },
            },
          ],
          { expectedRevision: 'no_stream' },
        );
      }
    } finally {
      await events.close();
    }
  }

  const options = (extra: Record<string, unknown> = {}) => ({ filter: [], catchUp: true, ...extra });
  const sink = () =>
    Object.assign(new Writable({ write: (chunk, _enc, done) => ((sink.text += String(chunk)), done()) }), {
      isTTY: false,
    }) as unknown as NodeJS.WriteStream;
  sink.text = '';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-figures-'));
    config = loadConfig({ LEDGER_DATA_DIR: dir });
    sink.text = '';
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('registers figures, replay and project on the program', () => {
    const program = new Command();
    registerFiguresCommand(program);
    registerReplayCommand(program);
    registerProjectCommand(program);
    expect(program.commands.map((c) => c.name())).toEqual(['figures', 'replay', 'project']);
  });

  it('figures prints a readable table after catching up, and the API JSON with --json', async () => {
    await append(['a', 'MX', 35], ['b', 'AR', 40], ['c', 'MX', 5]);
    const table = await figuresText(
      config,
      'trainings',
      options({ groupBy: 'country', filter: ['format=in_person'], definitionVersion: '1' }),
    );
    expect(table.split('\n')).toEqual([
      'trainings v1 — format in_person; known at position 3 (recorded ' +
        table.split('recorded ')[1].split(')')[0] +
        '); 3 event(s) behind it',
      '',
      'country  sessions  participants  sessionDays  countries  agencies  events',
      '-------  --------  ------------  -----------  ---------  --------  ------',
      'AR              1            40            1          1         1       1',
      'MX              2            40            2          1         1       2',
      '',
    ]);
    const json = JSON.parse(await figuresText(config, 'trainings', options({ json: true, knownAt: '1' })));
    expect(json.rows[0].measures.sessions).toBe(1);
    await expect(figuresText(config, 'trainings', options({ filter: ['country'] }))).rejects.toThrow(/--filter must be dimension=values/);
    await expect(figuresText(config, 'nope', options())).rejects.toThrow(/no figure named nope/);
  });

  it('replay rebuilds every figure from position 0 and reports its speed', async () => {
    await append(['a', 'MX', 35], ['b', 'AR', 40]);
    await figuresText(config, 'trainings', options());
    const { events } = await replay(config, {}, sink());
    expect(events).toBe(2);
    const rebuilt = FIGURES.map((figure) => `${figure.name} v${figure.version}`).join(', ');
    expect(sink.text).toMatch(new RegExp(`rebuilt ${rebuilt} from 2 events in .* s \\(.* events/s\\), now at position 2`));
    expect(await figuresText(config, 'trainings', options({ catchUp: false, json: true }))).toContain('"sessions": 2');
  });

  it('project keeps figures up to date until stopped', async () => {
    await append(['a', 'MX', 35]);
    const stop = new AbortController();
    const lines: string[] = [];
    const running = project(config, stop.signal, (line) => lines.push(line));
    const sessions = () =>
      figuresText(config, 'trainings', options({ catchUp: false, json: true })).then(
        (text) => JSON.parse(text).rows[0].measures.sessions,
        () => 'not ready',
      );
    let seen: unknown;
    try {
      for (let i = 0; i < 200 && (seen = await sessions()) !== 1; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      stop.abort();
      await running;
    }
    expect(seen).toBe(1);
    // A store without the figures builds them before the projector starts following the log (Projector.prepare).
    expect(lines.find((line) => line.startsWith('projector: starting'))).toBe('projector: starting at position 1');
    expect(lines[lines.length - 1]).toBe('projector: stopped at position 1, Merkle tree size 1');
  });

  it('project looks for appends of other processes every --poll-ms', async () => {
    await append(['a', 'MX', 35]);
    const sessions = () =>
      figuresText(config, 'trainings', options({ catchUp: false, json: true })).then(
        (text) => JSON.parse(text).rows[0].measures.sessions,
        () => 'not ready',
      );
    /** Sessions the figures show once `pollMs` projects an append made by another store, waiting up to `waitMs`. */
    const follows = async (pollMs: number, expected: number, waitMs: number): Promise<unknown> => {
      const stop = new AbortController();
      const lines: string[] = [];
      const running = project(config, stop.signal, (line) => lines.push(line), { pollMs, batchSize: 10 });
      try {
        while (!lines.some((line) => line.startsWith('projector: starting'))) await new Promise((resolve) => setTimeout(resolve, 25));
        // Time for the projector to reach the head and wait on it.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        // Appended by a store of its own, as the API's process would: the projector's store learns of it by polling.
        await append([`elsewhere-${pollMs}`, 'AR', 5]);
        const since = Date.now();
        let seen: unknown;
        while ((seen = await sessions()) !== expected && Date.now() - since < waitMs)
          await new Promise((resolve) => setTimeout(resolve, 25));
        return seen;
      } finally {
        stop.abort();
        await running;
      }
    };
    // Polling once a minute, the append is not seen within 1.5 s (the default, 250 ms, would see it); at 20 ms it is.
    expect(await follows(60_000, 2, 1500)).toBe(1);
    expect(await follows(20, 3, 10_000)).toBe(3);
  });

  it('project also keeps the Merkle tree of the log and signs its heads', async () => {
    await append(['a', 'MX', 35], ['b', 'AR', 40]);
    config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_TREE_HEAD_INTERVAL_MS: '100' });
    const stop = new AbortController();
    const lines: string[] = [];
    const running = project(config, stop.signal, (line) => lines.push(line));
    try {
      for (let i = 0; i < 200 && !lines.some((line) => line.includes('signed tree head at size 2')); i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      stop.abort();
      await running;
    }
    expect(lines).toContain('projector: signed tree head at size 2');
    const { audit, close } = openAuditLog(auditFileOf(config), configuredSigningKey(config));
    try {
      expect(audit.treeSize).toBe(2);
      expect((await audit.treeHeads.latest())?.treeSize).toBe(2);
    } finally {
      close();
    }
  });
});
