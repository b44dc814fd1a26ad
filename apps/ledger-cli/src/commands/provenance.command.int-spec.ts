import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreFile, loadConfig, type LedgerConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store';
import { Command } from 'commander';
import { provenanceText, registerProvenanceCommand } from './provenance.command';
import { registerRestatementsCommand, restatementsText } from './restatements.command';

describe('ledger provenance / restatements', () => {
  let dir: string;
  let config: LedgerConfig;

  /** Two sessions, then a correction of the first (all recorded the month they happened): provenance lists all three, restatements the correction. */
  async function seed(): Promise<void> {
    const events = new SqliteEventStore({ filename: eventStoreFile(config), clock: () => '2023-05-20T12:00:00.000Z' });
    const session = (trainingId: string, country: string, participants: number) => ({
      eventId: randomUUID(),
      type: 'TrainingSessionRecorded',
      schemaVersion: 1,
      metadata: { actor: 'cli-test' },
      data: {
        trainingId,
        deliveredOn: '2023-05-10',
        country,
        format: 'in_person',
        agencies: [{ name: 'PF', kind: 'police', country }],
        participants,
        topics: [],
      },
    });
    try {
      await events.appendToStream('training-a', [session('a', 'MX', 35)], { expectedRevision: 'no_stream' });
      await events.appendToStream('training-b', [session('b', 'AR', 40)], { expectedRevision: 'no_stream' });
      await events.appendToStream(
        'training-a',
        [
          {
            eventId: randomUUID(),
            type: 'TrainingSessionCorrected',
            schemaVersion: 1,
            metadata: { actor: 'cli-test' },
            data: {
              trainingId: 'a',
              changes: { participants: 36 },
              replaces: { participants: 35 },
              reason: 'recount',
              correctedAt: '2023-05-20T12:00:00Z',
            },
          },
        ],
        { expectedRevision: 0 },
      );
    } finally {
      await events.close();
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-provenance-'));
    config = loadConfig({ LEDGER_DATA_DIR: dir });
    await seed();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('registers both commands', () => {
    const program = new Command();
    registerProvenanceCommand(program);
    registerRestatementsCommand(program);
    expect(program.commands.map((c) => c.name())).toEqual(['provenance', 'restatements']);
  });

  it('provenance lists the events behind the selected cells, page by page', async () => {
    const all = await provenanceText(config, 'trainings', { filter: [], catchUp: true });
    expect(all.split('\n')[0]).toBe('trainings v2: 3 events, known at position 3');
    expect(all).toMatch(/^1 {2}TrainingSessionRecorded {2}training-a {2}recorded /m);
    expect(all).toMatch(/^3 {2}TrainingSessionCorrected {2}training-a /m);
    const mexico = await provenanceText(config, 'trainings', { filter: ['country=MX'], catchUp: true });
    expect(mexico).not.toContain('training-b');
    const firstPage = await provenanceText(config, 'trainings', { filter: [], catchUp: true, limit: 1 });
    expect(firstPage.trim().split('\n').at(-1)).toBe('more: --after 1');
    const json = JSON.parse(await provenanceText(config, 'trainings', { filter: [], catchUp: true, after: 1, json: true }));
    expect(json.events.map((e: { position: number }) => e.position)).toEqual([2, 3]);
  });

  it('restatements lists the correction with its reason and the measure before and after', async () => {
    const text = await restatementsText(config, 'trainings', { filter: ['country=MX'], catchUp: true });
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('trainings v2: 1 restatements, known at position 3');
    expect(lines[1]).toMatch(/^3 {2}TrainingSessionCorrected {2}training-a {2}recorded .* by cli-test: recount$/);
    expect(lines).toContain('    participants: 35 -> 36');
    const json = JSON.parse(await restatementsText(config, 'trainings', { filter: [], catchUp: true, json: true }));
    expect(json.restatements).toHaveLength(1);
  });

  it('refuses an unknown figure before touching the stores', async () => {
    await expect(provenanceText(config, 'nothing', { filter: [], catchUp: true })).rejects.toThrow();
    await expect(restatementsText(config, 'nothing', { filter: [], catchUp: true })).rejects.toThrow();
  });
});
