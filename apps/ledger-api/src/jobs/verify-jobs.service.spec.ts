import { loadConfig } from '@ledger/config';
import { Logger } from '@nestjs/common';
import type { TimedVerifyReport, WorkerMessage } from './ledger-worker.protocol';
import { VerifyJobs } from './verify-jobs.service';

/** The jobs' bookkeeping with the worker replaced by a recorder: what is sent, and messages played back. */
function jobsWithFakeWorker() {
  const jobs = new VerifyJobs(loadConfig({ LEDGER_DATA_DIR: '/nonexistent-ledger-test' }));
  const sent: string[] = [];
  Object.defineProperty(jobs, 'worker', {
    value: { verify: (id: string) => sent.push(id), wake: () => undefined, start: () => undefined, stop: async () => undefined },
  });
  const deliver = (message: Exclude<WorkerMessage, { kind: 'reply' }>) =>
    (jobs as unknown as { receive(m: typeof message): void }).receive(message);
  return { jobs, sent, deliver };
}

const report = (ok: boolean): TimedVerifyReport => ({
  ok,
  eventsChecked: 7,
  streamsChecked: 2,
  lastPosition: 7,
  rootHash: 'ab',
  treeHeadsChecked: 1,
  seconds: 0.1,
  eventsPerSecond: 70,
});

describe('VerifyJobs', () => {
  // The worker's death below is played back: its error line is expected, not worth printing.
  beforeAll(() => Logger.overrideLogger(false));

  it('runs one full verification at a time: a second start gets the running job, a later one a new job', () => {
    const { jobs, sent, deliver } = jobsWithFakeWorker();
    const first = jobs.start('apikey:a');
    expect(jobs.start('apikey:b')).toBe(first);
    expect(sent).toEqual([first.id]);
    deliver({ kind: 'progress', jobId: first.id, eventsChecked: 3, position: 3, of: 7 });
    expect(jobs.job(first.id)?.progress).toEqual({ eventsChecked: 3, of: 7, position: 3 });
    deliver({ kind: 'verified', jobId: first.id, report: report(true) });
    expect(jobs.job(first.id)).toMatchObject({ state: 'done', result: { ok: true }, progress: { eventsChecked: 7, of: 7 } });
    expect(jobs.lastFullVerification).toBe(first);
    const second = jobs.start('apikey:b');
    expect(second.id).not.toBe(first.id);
    expect(sent).toEqual([first.id, second.id]);
  });

  it('starts a pass when the worker is ready, fails the running job when it dies, and reports the verifier', () => {
    const { jobs, sent, deliver } = jobsWithFakeWorker();
    expect(jobs.status()).toMatchObject({ state: 'starting', verifiedTreeSize: 0, ageSeconds: null });
    deliver({ kind: 'ready' });
    expect(sent).toHaveLength(1);
    expect(jobs.job(sent[0])).toMatchObject({ requestedBy: 'system', state: 'running' });
    (jobs as unknown as { workerDied(reason: string): void }).workerDied('the ledger worker exited with code 1');
    expect(jobs.job(sent[0])).toMatchObject({ state: 'failed', error: 'the ledger worker exited with code 1' });
    expect(jobs.runningJob).toBeUndefined();
    const checkedAt = new Date(Date.now() - 3000).toISOString();
    deliver({
      kind: 'verifier',
      position: { ok: true, treeSize: 9, position: 9, streamsChecked: 2, treeHeadsChecked: 1, rootHash: 'cd', checkedAt },
    });
    expect(jobs.status(Date.parse(checkedAt) + 3000)).toEqual({
      state: 'following',
      verifiedTreeSize: 9,
      verifiedPosition: 9,
      checkedAt,
      ageSeconds: 3,
      fullVerifyRunning: false,
    });
  });
});
