import { createEventStore, type AppendRequest, type EventStore } from '@ledger/event-store';
import { startEsdbStandIn } from '../../../test/esdb-stand-in/esdb-stand-in';
import { FixedClock, randomIds } from './clock';
import type { CommandInput } from './command-outcome';
import { CommandPipeline } from './command-pipeline';

const service = { actor: 'service:case-management' };
const incident: CommandInput = {
  type: 'ReportStolenFunds',
  data: { incidentId: 'i-1', usdValue: '5000', reportedAt: '2024-04-01', kind: 'scam', country: 'BR' },
};
const freeze: CommandInput = {
  type: 'FreezeFunds',
  data: {
    freezeId: 'f-1',
    assets: [{ asset: 'USDT', amount: '1000', usdValue: '1000' }],
    frozenAt: '2024-05-02T10:00:00Z',
    reason: 'order',
    country: 'BR',
  },
};
const giveBack: CommandInput = {
  type: 'ReturnFunds',
  data: {
    freezeId: 'f-1',
    assets: [{ asset: 'USDT', amount: '300', usdValue: '300' }],
    returnedAt: '2024-06-01T00:00:00Z',
    incidentId: 'i-1',
  },
};

/**
 * Another writer reverses the incident after the pipeline has read it (to check the citation) and before the
 * pipeline appends: the store below lets that reversal in at the first append it is asked for.
 */
function racingStore(store: EventStore, race: () => Promise<unknown>): EventStore {
  let raced = false;
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'appendMany') return Reflect.get(target, name, receiver);
      return async (requests: readonly AppendRequest[]) => {
        if (!raced && requests.some((r) => r.stream === 'freeze-f-1')) {
          raced = true;
          await race();
        }
        return target.appendMany(requests);
      };
    },
  });
}

describe('CommandPipeline: a cited record reversed while the command is decided', () => {
  let store: EventStore;
  afterEach(() => store.close());

  it('refuses the citation on the retry (the cited stream is guarded at the revision read) and appends nothing of it', async () => {
    store = createEventStore({ kind: 'memory' });
    expect(store.capabilities.atomicMultiStreamAppend).toBe(true);
    const clock = new FixedClock('2024-07-01T10:00:00.000Z');
    const writer = new CommandPipeline(store, clock, randomIds);
    await writer.execute(incident, service);
    await writer.execute(freeze, service);
    const reverse = () => writer.execute({ type: 'ReverseIncident', data: { incidentId: 'i-1', reason: 'duplicate report' } }, service);
    const racing = new CommandPipeline(racingStore(store, reverse), clock, randomIds);

    await expect(racing.execute(giveBack, service)).rejects.toMatchObject({
      code: 'citation.incident_not_found',
      details: { id: 'i-1', status: 'reversed' },
    });
    const freezeStream = await store.readStream('freeze-f-1');
    expect(freezeStream.map((e) => e.type)).toEqual(['FundsFrozen']);
    expect((await store.readStream('incident-i-1')).map((e) => e.type)).toEqual(['StolenFundsReported', 'IncidentReversed']);
  });

  it('appends as before when nothing moved, and a guard of one cited stream serves every item of a batch citing it', async () => {
    store = createEventStore({ kind: 'memory' });
    const pipeline = new CommandPipeline(store, new FixedClock('2024-07-01T10:00:00.000Z'), randomIds);
    await pipeline.execute(incident, service);
    await pipeline.execute(freeze, service);
    const seen: AppendRequest[][] = [];
    const watched = new CommandPipeline(
      new Proxy(store, {
        get: (target, name, receiver) =>
          name === 'appendMany'
            ? (requests: readonly AppendRequest[]) => (seen.push([...requests]), target.appendMany(requests))
            : Reflect.get(target, name, receiver),
      }),
      new FixedClock('2024-07-01T10:00:00.000Z'),
      randomIds,
    );
    const second = {
      ...giveBack,
      data: { ...giveBack.data, assets: [{ asset: 'USDT', amount: '100', usdValue: '100' }], returnedAt: '2024-06-02T00:00:00Z' },
    } as CommandInput;
    const outcome = await watched.executeBatch([
      { command: giveBack, options: service },
      { command: second, options: service },
    ]);
    expect(outcome.ok).toBe(true);
    expect(seen[0].map((r) => [r.stream, r.events.length, r.expectedRevision])).toEqual([
      ['incident-i-1', 0, 0],
      ['freeze-f-1', 1, 0],
      ['freeze-f-1', 1, 1],
    ]);
    expect((await store.readStream('freeze-f-1')).map((e) => e.type)).toEqual(['FundsFrozen', 'FundsReturned', 'FundsReturned']);
  });

  it('on EventStoreDB (no multi-stream transaction) the guard runs just before the append: it sees a reversal this client wrote', async () => {
    const standIn = await startEsdbStandIn();
    store = createEventStore({ kind: 'esdb', url: standIn.url });
    try {
      expect(store.capabilities.atomicMultiStreamAppend).toBe(false);
      const clock = new FixedClock('2024-07-01T10:00:00.000Z');
      const writer = new CommandPipeline(store, clock, randomIds);
      await writer.execute(incident, service);
      await writer.execute(freeze, service);
      const reverse = () => writer.execute({ type: 'ReverseIncident', data: { incidentId: 'i-1', reason: 'duplicate report' } }, service);
      const racing = new CommandPipeline(racingStore(store, reverse), clock, randomIds);
      await expect(racing.execute(giveBack, service)).rejects.toMatchObject({ code: 'citation.incident_not_found' });
      expect((await store.readStream('freeze-f-1')).map((e) => e.type)).toEqual(['FundsFrozen']);
    } finally {
      await store.close();
      await standIn.close();
      store = createEventStore({ kind: 'memory' });
    }
  });

  it('on EventStoreDB the server checks the guard: it sees a reversal another process wrote since the read', async () => {
    const standIn = await startEsdbStandIn();
    store = createEventStore({ kind: 'esdb', url: standIn.url });
    const other = createEventStore({ kind: 'esdb', url: standIn.url });
    try {
      const clock = new FixedClock('2024-07-01T10:00:00.000Z');
      const writer = new CommandPipeline(other, clock, randomIds);
      await writer.execute(incident, service);
      await writer.execute(freeze, service);
      const reverse = () => writer.execute({ type: 'ReverseIncident', data: { incidentId: 'i-1', reason: 'duplicate report' } }, service);
      const racing = new CommandPipeline(racingStore(store, reverse), clock, randomIds);

      await expect(racing.execute(giveBack, service)).rejects.toMatchObject({ code: 'citation.incident_not_found' });
      expect((await store.readStream('freeze-f-1')).map((e) => e.type)).toEqual(['FundsFrozen']);
    } finally {
      await other.close();
      await store.close();
      await standIn.close();
      store = createEventStore({ kind: 'memory' });
    }
  });
});
