import { FiguresHarness, harnessPool } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import { randomHistory } from '@ledger/test-support/figures/random-history';
import { FIGURES, type FigureDefinition, trainingsFigure } from '../definitions';
import { CheckpointConflictError } from '../figure-store.port';
import { ProjectionError } from './projection-error';
import { Projector } from './projector';

/** Every figure by a few groupings, windows and knowledge points: the bytes two stores must agree on. */
async function snapshot(h: FiguresHarness, knownAts: readonly string[] = []): Promise<string> {
  const answers: unknown[] = [];
  for (const figure of FIGURES) {
    const dims = figure.dimensions.map((d) => d.name);
    const queries: Record<string, string>[] = [
      {},
      { groupBy: 'year' },
      { groupBy: ['month', ...dims].join(',') },
      { groupBy: ['year', dims[0]].join(','), from: '2022-02-15T10:00:00Z', asOf: '2024-03-20T13:30:00Z' },
      ...knownAts.map((knownAt) => ({ groupBy: 'year', knownAt })),
    ];
    for (const query of queries) answers.push(await h.service.answer(figure.name, query));
  }
  return JSON.stringify(answers);
}

describe('Projector', () => {
  const pool = harnessPool({ positionBucketSize: 16 });
  const harness = pool.make;
  afterEach(() => pool.closeAll());

  it('stops on an event type no projection knows, naming position, stream and event id, and writes nothing of its batch', async () => {
    const h = harness({ batchSize: 3 });
    h.events.add(e.training('a', {}), e.training('b', {}), e.training('c', {}));
    h.events.add(e.training('d', {}), e.event('mystery-1', 'SomethingHappened', {}));
    const unknownId = h.events.log[4].eventId;
    await expect(h.project()).rejects.toThrow(
      new RegExp(`event ${unknownId} \\(position 5, stream mystery-1, type SomethingHappened v1\\).*unknown event type`),
    );
    expect(h.projector.status.state).toBe('failed');
    expect((await h.store.checkpoints()).map((c) => c.position)).toEqual(FIGURES.map(() => 3));
    expect((await h.service.answer('trainings', {})).rows[0].measures.sessions).toBe(3);
  });

  it('stops on a schema version the projection does not know', async () => {
    const h = harness();
    h.events.add(e.training('a', {}), e.event('training-b', 'TrainingSessionRecorded', { trainingId: 'b' }, undefined, 2));
    const error: ProjectionError = await h.project().then(
      () => undefined as never,
      (err) => err,
    );
    expect(error).toBeInstanceOf(ProjectionError);
    expect(error).toMatchObject({
      figure: 'trainings',
      position: 2,
      stream: 'training-b',
      eventType: 'TrainingSessionRecorded',
      schemaVersion: 2,
    });
    expect(error.message).toMatch(/schema version 2 .* not one this projection knows/);
  });

  it('stops on an event its projection cannot apply (an answer to a request never received)', async () => {
    const h = harness();
    h.events.add(e.answerRequest('ghost', '2023-01-01T00:00:00Z'));
    await expect(h.project()).rejects.toThrow(/projection le-requests stopped at event .*position 1, stream request-ghost.*never received/);
  });

  it('stops on a contribution that moves a stock on a row with an item: answers read stocks from item-less rows only', async () => {
    // Trainings' contributions all carry an item (the country): a stock moved by them would be lost to answers.
    const held: FigureDefinition = {
      ...(trainingsFigure as FigureDefinition),
      columns: [...trainingsFigure.columns, { name: 'held', kind: 'sum', scale: 0, stock: true }],
      apply(event, state) {
        const applied = trainingsFigure.apply(event, state as never);
        return { ...applied, contributions: applied.contributions.map((c) => ({ ...c, values: { ...c.values, held: 1n } })) };
      },
    };
    const h = harness({ figures: [held] });
    h.events.add(e.training('a', { country: 'MX' }));
    await expect(h.project()).rejects.toThrow(
      /projection trainings stopped at event .*position 1.*contribution 0 has item "MX" and moves the stock column held; a stock may be moved only by contributions without an item/,
    );
  });

  it('refuses a definition whose stock column is not a sum', async () => {
    const histogram: FigureDefinition = {
      ...(trainingsFigure as FigureDefinition),
      columns: [...trainingsFigure.columns, { name: 'held', kind: 'histogram', scale: 0, stock: true }],
    };
    const h = harness({ figures: [histogram] });
    h.events.add(e.training('a', {}));
    await expect(h.project()).rejects.toThrow('figure trainings: stock column held is of kind histogram; a stock must be a sum column');
  });

  it('a projection that throws mid-batch leaves the store at the previous checkpoint; fixed, it resumes without double counting', async () => {
    let explode = true;
    const fragile: FigureDefinition = {
      ...(trainingsFigure as FigureDefinition),
      apply(event, state) {
        if (explode && (event.data as { trainingId: string }).trainingId === 'bad') throw new Error('disk on fire');
        return trainingsFigure.apply(event, state as never);
      },
    };
    const h = harness({ figures: [fragile], batchSize: 4 });
    h.events.add(...['a', 'b', 'c', 'd', 'e', 'bad', 'g', 'h'].map((id) => e.training(id, { participants: 2 })));
    await expect(h.project()).rejects.toThrow(/projection trainings stopped at event .*position 6.*disk on fire/);
    const [checkpoint] = await h.store.checkpoints();
    expect(checkpoint.position).toBe(4);
    expect((await h.service.answer('trainings', {})).rows[0].measures).toMatchObject({ sessions: 4, participants: 8 });
    const provenance = await h.service.provenance('trainings', {});
    expect(provenance.events.map((p) => p.position)).toEqual([1, 2, 3, 4]);

    explode = false;
    const resumed = new Projector(h.events, h.store, { figures: [fragile], batchSize: 4, positionBucketSize: 16 });
    await resumed.catchUp();
    expect((await h.service.answer('trainings', {})).rows[0].measures).toMatchObject({ sessions: 8, participants: 16 });
  });

  it('two projectors on one store cannot both apply a batch', async () => {
    const h = harness();
    h.events.add(e.training('a', {}));
    const other = new Projector(h.events, h.store, { positionBucketSize: 16 });
    await other.prepare();
    await h.projector.prepare();
    h.events.add(e.training('b', {}));
    await other.catchUp();
    await expect(h.projector.catchUp()).rejects.toBeInstanceOf(CheckpointConflictError);
    expect((await h.service.answer('trainings', {})).rows[0].measures.sessions).toBe(2);
  });

  it('a new definition version is built under its own key from position 0 beside the others; a stored version that differs is rebuilt', async () => {
    const h = harness();
    h.events.add(e.training('a', {}), e.receiveRequest('r', '2023-01-01T00:00:00Z'));
    await h.project();
    const v3 = { ...trainingsFigure, version: 3 } as FigureDefinition;
    const upgraded = new Projector(h.events, h.store, { figures: [...FIGURES, v3], positionBucketSize: 16 });
    await upgraded.prepare();
    // Built up to the head before it is answered: its checkpoint appears with the whole log in it.
    expect((await h.store.checkpoints()).find((c) => c.figure === 'trainings@v3')).toMatchObject({ version: 3, position: 2, events: 1 });
    await upgraded.catchUp();
    const checkpoints = new Map((await h.store.checkpoints()).map((c) => [c.figure, [c.version, c.position]]));
    expect(checkpoints.get('trainings')).toEqual([1, 2]);
    expect(checkpoints.get('trainings@v2')).toEqual([2, 2]);
    expect(checkpoints.get('trainings@v3')).toEqual([3, 2]);
    // A store whose checkpoint under a key holds another version (written by other code) is reset and rebuilt.
    await h.store.reset('le-requests@v2', 7);
    const again = new Projector(h.events, h.store, { positionBucketSize: 16 });
    await again.prepare();
    expect((await h.store.checkpoints()).find((c) => c.figure === 'le-requests@v2')).toMatchObject({ version: 2, position: 2 });
    expect((await again.catchUp()) && (await h.service.answer('le-requests', {})).rows[0].measures.received).toBe(1);
  });

  it('a rebuild builds beside the live figures: answers come from the old ones until each swaps in, and a failed rebuild leaves them', async () => {
    const h = harness({ figures: [trainingsFigure as FigureDefinition] });
    h.events.add(e.training('a', { participants: 2 }));
    await h.project();
    h.events.add(e.training('b', { participants: 3 }));
    const seenBeforeSwap: unknown[] = [];
    const finishBuild = h.store.finishBuild.bind(h.store);
    const spy = jest.spyOn(h.store, 'finishBuild').mockImplementation(async (target, checkpoint) => {
      // The build holds both events by now; the live figure still answers with the one it had.
      seenBeforeSwap.push((await h.service.answer('trainings', {})).rows[0].measures.sessions, (await h.store.checkpoints())[0].position);
      return finishBuild(target, checkpoint);
    });
    await h.projector.rebuild();
    expect(seenBeforeSwap).toEqual([1, 1]);
    expect((await h.service.answer('trainings', {})).rows[0].measures).toMatchObject({ sessions: 2, participants: 5 });
    spy.mockRestore();

    // A rebuild that meets an event it cannot apply swaps nothing in: the figure keeps answering as before.
    h.events.add(e.event('training-c', 'TrainingSessionRecorded', { trainingId: 'c' }, undefined, 9));
    await expect(h.projector.rebuild()).rejects.toThrow(/schema version 9/);
    expect((await h.service.answer('trainings', {})).rows[0].measures).toMatchObject({ sessions: 2, participants: 5 });
    expect((await h.store.checkpoints())[0].position).toBe(2);
  });

  it("related entities: a freeze's events reach the incidents its returns count for, live in batches of any size and in a build that spills", async () => {
    const usdt = (usd: string) => [{ asset: 'USDT', amount: usd, usdValue: usd }];
    const linked = (id: string, incidentId: string) =>
      e.event(`freeze-${id}`, 'FundsFrozen', {
        freezeId: id,
        assets: usdt('1000'),
        frozenAt: '2023-05-01T00:00:00Z',
        reason: 'order',
        country: 'US',
        incidentId,
      });
    const returnTo = (id: string, incidentId: string, returnedAt: string, usd: string) =>
      e.event(`freeze-${id}`, 'FundsReturned', { freezeId: id, assets: usdt(usd), returnedAt, incidentId });
    const changes = { incidentId: 'i2' };
    const history = [
      e.stolen('i1', '2023-03-01T00:00:00Z', '100000', 'AR'),
      e.stolen('i2', '2023-04-01T00:00:00Z', '50000', 'BR'),
      linked('f1', 'i1'),
      returnTo('f1', 'i1', '2023-06-01T00:00:00Z', '300'),
      linked('f2', 'i1'),
      returnTo('f2', 'i1', '2024-02-01T00:00:00Z', '200'),
      // The reversal names no incident: the incidents it reaches come from the freeze's own state.
      e.event('freeze-f2', 'FreezeReversed', { freezeId: 'f2', reason: 'recorded in error', reversedAt: '2024-01-02T00:00:00Z' }),
      e.event('freeze-f1', 'FreezeCorrected', {
        freezeId: 'f1',
        changes,
        replaces: { incidentId: 'i1' },
        reason: 'wrong incident',
        correctedAt: '2024-01-02T00:00:00Z',
      }),
      returnTo('f1', 'i2', '2024-03-01T00:00:00Z', '50'),
      e.recovered('i2', '2024-04-01T00:00:00Z', '1000'),
    ];
    const byCountry = async (h: FiguresHarness) =>
      (await h.service.answer('recovery-rate', { groupBy: 'year,country' })).rows.map((row) => [
        Object.values(row.group).join('/'),
        row.measures.recoveredUsd,
        row.measures.cohortRecoveredUsd,
      ]);
    const bytes = async (h: FiguresHarness) => JSON.stringify([await byCountry(h), await h.service.provenance('recovery-rate', {})]);
    const expected = [
      // f2's return was reversed; f1's 300 moved from i1 (AR) to i2 (BR) with its later 50, beside i2's own 1,000.
      ['2023/AR', '0', '0'],
      ['2023/BR', '300', '1350'],
      ['2024/BR', '1050', '0'],
    ];
    let first: string | undefined;
    for (const batchSize of [1, 2, 3, 4, 10]) {
      const h = harness({ batchSize });
      h.events.add(...history);
      await h.project();
      expect(await byCountry(h)).toEqual(expected);
      first ??= await bytes(h);
      expect(await bytes(h)).toBe(first);
    }
    // Each entity spilled after every chunk of two events: the freezes' incidents are read back before they apply.
    const rebuilt = harness({ buildLimits: { chunkEvents: 2, maxContributions: 3, maxEntities: 1 } });
    rebuilt.events.add(...history);
    const loads = jest.spyOn(rebuilt.store, 'loadEntities');
    await rebuilt.projector.rebuild();
    expect(loads.mock.calls.some(([, keys]) => keys.includes('incident:i1'))).toBe(true);
    expect(await bytes(rebuilt)).toBe(first);
  });

  it('live projection in small batches and a rebuild from zero give byte-identical answers', async () => {
    const history = randomHistory(7, 600);
    const live = harness({ batchSize: 5 });
    const controller = new AbortController();
    const running = live.projector.run(controller.signal);
    for (let i = 0; i < history.length; i += 37) {
      live.events.add(...history.slice(i, i + 37));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await waitFor(async () => {
      const checkpoints = await live.store.checkpoints();
      return checkpoints.length === FIGURES.length && checkpoints.every((c) => c.position === history.length);
    });
    controller.abort();
    await running;

    // Small build chunks, contribution and entity bounds: contributions are written mid-chunk, and states spill to
    // the store and come back mid-build.
    const rebuilt = harness({ batchSize: 10_000, buildLimits: { chunkEvents: 50, maxContributions: 30, maxEntities: 20 } });
    rebuilt.events.add(...history);
    await rebuilt.projector.rebuild();
    const knownAts = ['100', '333', '2025-01-01T04:00:00Z'];
    const liveBytes = await snapshot(live, knownAts);
    expect(await snapshot(rebuilt, knownAts)).toBe(liveBytes);
    // Same events, same store content: the same bytes again.
    expect(await snapshot(rebuilt, knownAts)).toBe(liveBytes);
    expect(JSON.parse(liveBytes)[0].events).toBeGreaterThan(0);
  });
});

describe('Projector and the event loop', () => {
  const pool = harnessPool({ positionBucketSize: 16 });
  afterEach(() => pool.closeAll());

  it('lets the event loop turn as it rebuilds and catches up, so its process serves other work meanwhile', async () => {
    // The figure store is synchronous SQLite: without turns of its own, the projector's awaits only queue microtasks,
    // and not one setImmediate of the process would run until it ended.
    const h = pool.make({ batchSize: 40, sliceMs: 0, buildLimits: { chunkEvents: 40 } });
    const history = randomHistory(11, 400);
    h.events.add(...history.slice(0, 300));
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    try {
      await h.projector.rebuild();
      const duringRebuild = turns;
      // A build turns at every event with sliceMs 0: far more often than once per chunk.
      expect(duringRebuild).toBeGreaterThan(300);
      h.events.add(...history.slice(300));
      await h.project();
      // Catching up 100 events in batches of 40: a turn after each batch at least.
      expect(turns - duringRebuild).toBeGreaterThanOrEqual(2);
    } finally {
      counting = false;
    }
    expect((await h.store.checkpoints()).map((c) => c.position)).toEqual(FIGURES.map(() => history.length));
  });

  it('stops when asked while it prepares, before it follows the log', async () => {
    const h = pool.make({});
    h.events.add(...randomHistory(12, 200));
    const controller = new AbortController();
    const running = h.projector.run(controller.signal);
    // The build turns the event loop as it goes: the abort lands while it prepares.
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await running;
    expect(h.projector.status.state).toBe('idle');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}
