import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE_FILENAME } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store';
import { receiveRequest } from '@ledger/test-support/http/bodies';
import { readWholeLog } from '@ledger/test-support/stores/whole-log';
import { ApiProcess, freePort } from '@ledger/test-support/process/api-process';

const COMMANDS = 40;

type Answer = { id: string; status: number; afterSignal: boolean } | { id: string; error: string };

/**
 * SIGTERM with 40 commands in flight, against the real API process: every connection gets an answer (201, or 503
 * for what arrived after the drain began), the process exits 0 within 10 s, and after a restart the log holds
 * exactly the commands that were acknowledged.
 */
describe('graceful shutdown: SIGTERM with commands in flight', () => {
  let dataDir: string;
  let api: ApiProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-sigterm-'));
    api = new ApiProcess(dataDir, await freePort(), { LEDGER_LOG_FORMAT: 'json' });
    await api.start();
  }, 90_000);
  afterAll(async () => {
    await api.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every connection, exits 0 within 10 s, and loses no acknowledged command', async () => {
    const authorization = await api.serviceAuthorization();
    let signalled = false;
    const send = async (i: number): Promise<Answer> => {
      const id = `sigterm-${i}`;
      try {
        const response = await fetch(`${api.baseUrl}/v1/le-requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization, 'idempotency-key': id },
          body: JSON.stringify({ ...receiveRequest, requestId: id }),
        });
        await response.text();
        return { id, status: response.status, afterSignal: signalled };
      } catch (error) {
        return { id, error: String((error as Error).cause ?? error) };
      }
    };
    // Open the connections first (keep-alive), so the commands' bytes reach the process together.
    await Promise.all(Array.from({ length: COMMANDS }, () => fetch(`${api.baseUrl}/health/live`).then((r) => r.text())));
    const inFlight = Array.from({ length: COMMANDS }, (_, i) => send(i));
    // The signal goes out while the commands are being answered: right after the first answer.
    await Promise.race(inFlight);
    signalled = true;
    const [exit, answers] = await Promise.all([api.terminate(), Promise.all(inFlight)]);

    const cut = answers.filter((a) => 'error' in a);
    expect({ cut, output: cut.length > 0 ? api.recentOutput : '' }).toEqual({ cut: [], output: '' });
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(10_000);
    const statuses = answers.map((a) => ('status' in a ? a.status : 0));
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    const acknowledged = answers.filter((a) => 'status' in a && a.status === 201).map((a) => a.id);
    const refused = answers.filter((a) => 'status' in a && a.status === 503).map((a) => a.id);
    // Some commands were still being answered when the signal came, and were finished rather than dropped.
    expect(answers.some((a) => 'status' in a && a.status === 201 && a.afterSignal)).toBe(true);

    const store = new SqliteEventStore({ filename: join(dataDir, EVENT_STORE_FILENAME) });
    try {
      const streams = new Set((await readWholeLog(store)).map((event) => event.stream));
      expect(acknowledged.filter((id) => !streams.has(`request-${id}`))).toEqual([]);
      expect(refused.filter((id) => streams.has(`request-${id}`))).toEqual([]);
    } finally {
      await store.close();
    }
    process.stdout.write(
      `SIGTERM with ${COMMANDS} in flight: ${acknowledged.length} answered 201, ${refused.length} answered 503, none cut; exit ${exit.code} after ${exit.ms} ms\n`,
    );

    // It starts again on the same data and is ready.
    await api.start();
    expect((await fetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
  }, 90_000);
});
