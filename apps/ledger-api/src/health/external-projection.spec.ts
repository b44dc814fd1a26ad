import type { ProjectorBeat, ProjectorHeartbeatStore } from '@ledger/shared-store';
import { FIGURES, figureKey } from '@ledger/figures';
import { ExternalProjectionMonitor, externalProjectionHealth } from './external-projection';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const beat = (over: Partial<ProjectorBeat> = {}): ProjectorBeat => ({
  holder: 'host:1',
  position: 10,
  progressedAt: iso(t0),
  beatAt: iso(t0),
  ...over,
});

describe('externalProjectionHealth', () => {
  const base = { head: 20, position: 10, observedProgressAt: t0, stallMs: 60_000 };

  it('is fine while caught up, however old the heartbeat (an idle log moves nothing)', () => {
    expect(externalProjectionHealth({ ...base, head: 10, beat: beat(), now: t0 + 3_600_000 })).toMatchObject({
      state: 'external',
      position: 10,
      heartbeatAt: iso(t0),
    });
    expect(externalProjectionHealth({ ...base, head: undefined, position: 0, beat: undefined, now: t0 + 3_600_000 }).state).toBe(
      'external',
    );
  });

  it('gives a projector that is behind the threshold to move', () => {
    expect(externalProjectionHealth({ ...base, beat: beat(), now: t0 + 60_000 }).state).toBe('external');
  });

  it('is stalled when behind and not moving past the threshold: dead (old heartbeat), alive but stuck, or never seen', () => {
    const dead = externalProjectionHealth({ ...base, beat: beat(), now: t0 + 61_000 });
    expect(dead).toMatchObject({ state: 'stalled', position: 10, failedAt: iso(t0), code: 'figures.projector_stalled' });
    expect(dead.state === 'stalled' && dead.reason).toMatch(
      /behind the log \(at position 10, head 20\) and has not moved for 61 s; its last heartbeat \(host:1\) was at/,
    );
    const stuck = externalProjectionHealth({ ...base, beat: beat({ beatAt: iso(t0 + 60_500) }), now: t0 + 61_000 });
    expect(stuck.state === 'stalled' && stuck.reason).toMatch(/alive \(host:1, heartbeat at .*\) but not progressing/);
    const never = externalProjectionHealth({ ...base, beat: undefined, now: t0 + 61_000 });
    expect(never.state === 'stalled' && never.reason).toMatch(/no projector has written a heartbeat/);
  });

  it('counts progress the projector says it made at this position, or that this API saw', () => {
    expect(externalProjectionHealth({ ...base, beat: beat({ progressedAt: iso(t0 + 30_000) }), now: t0 + 61_000 }).state).toBe('external');
    // A beat about another position (older checkpoint read) says nothing about this one.
    expect(externalProjectionHealth({ ...base, beat: beat({ position: 9, progressedAt: iso(t0 + 30_000) }), now: t0 + 61_000 }).state).toBe(
      'stalled',
    );
    expect(externalProjectionHealth({ ...base, observedProgressAt: t0 + 30_000, beat: undefined, now: t0 + 61_000 }).state).toBe(
      'external',
    );
  });

  it("is failed, with the projector's reason, when it wrote that it stopped at an event", () => {
    const failure = { reason: 'bigint is too big', code: 'figures.projection_failed', eventPosition: 11 };
    expect(externalProjectionHealth({ ...base, beat: beat({ failure, beatAt: iso(t0 + 5) }), now: t0 + 10 })).toEqual({
      state: 'failed',
      position: 10,
      failedAt: iso(t0 + 5),
      ...failure,
    });
  });
});

describe('ExternalProjectionMonitor', () => {
  it('reads head, current checkpoints and heartbeat, and sees a projector stall and recover', async () => {
    let now = t0;
    let head = 5;
    let at = 5;
    let written: ProjectorBeat | undefined;
    const checkpoints = async () =>
      FIGURES.map((f) => ({ figure: figureKey(f), version: f.version, position: at, recordedAt: '', events: 0 }));
    const heartbeat: ProjectorHeartbeatStore = { read: async () => written, write: async (b) => void (written = b) };
    const monitor = new ExternalProjectionMonitor({ headPosition: async () => head }, { checkpoints }, heartbeat, 1000, () => now);
    await monitor.poll();
    expect(monitor.health).toMatchObject({ state: 'external', position: 5 });
    head = 8;
    now += 900;
    await monitor.poll();
    expect(monitor.health.state).toBe('external');
    now += 200;
    await monitor.poll();
    expect(monitor.health).toMatchObject({ state: 'stalled', position: 5 });
    at = 7;
    await monitor.poll();
    expect(monitor.health).toMatchObject({ state: 'external', position: 7 });
  });

  it('counts a figure without a checkpoint of its current version as at 0, and keeps the last health when a read fails', async () => {
    const errors: string[] = [];
    let fail = false;
    const checkpoints = async () => {
      if (fail) throw new Error('figure store unavailable');
      return FIGURES.slice(1).map((f) => ({ figure: figureKey(f), version: f.version, position: 9, recordedAt: '', events: 0 }));
    };
    const monitor = new ExternalProjectionMonitor(
      { headPosition: async () => 9 },
      { checkpoints },
      undefined,
      1000,
      () => t0,
      (e) => errors.push(e.message),
    );
    await monitor.poll();
    expect(monitor.health).toMatchObject({ state: 'external', position: 0 });
    fail = true;
    await monitor.poll();
    expect(monitor.health).toMatchObject({ position: 0 });
    expect(errors).toEqual(['figure store unavailable']);
  });
});
