import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION } from '@ledger/event-store/sqlite/sqlite-schema';
import { HISTORY_VERSION } from './history';
import { runJob } from './jobs';
import { progress } from './scenario';

/**
 * A store file holding `count` events of the synthetic history, written through the store port (so it is exactly
 * what the adapter writes, hash chains included). Written once into the fixture directory and reused: the name
 * carries the history generator's version and the schema version, so a changed generator or schema makes a new one.
 * The file is renamed into place only when complete.
 */
export async function ensureHistoryFixture(
  fixtureDir: string,
  count: number,
): Promise<{ file: string; seededNow: boolean; seedMs?: number; seedRate?: number }> {
  fs.mkdirSync(fixtureDir, { recursive: true });
  const file = path.join(fixtureDir, `history-${count}-g${HISTORY_VERSION}-s${SCHEMA_VERSION}.sqlite`);
  if (fs.existsSync(file)) return { file, seededNow: false };
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
  progress(`writing a ${count.toLocaleString('en-US')}-event history through the store port into ${partial} (cached for later runs)`);
  const seeded = await runJob('seed', { file: partial, count });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
  fs.renameSync(partial, file);
  return { file, seededNow: true, seedMs: seeded.elapsedMs, seedRate: Number(seeded.eventsPerSecond) };
}
