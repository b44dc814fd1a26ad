import { contentHash, createEventStore, type EventStore } from '@ledger/event-store';
import { FixedClock, randomIds } from './clock';
import type { CommandInput } from './command-outcome';
import { CommandPipeline } from './command-pipeline';
import { importNdjson } from './import/ndjson-import';

const request = (requestId: string): CommandInput => ({
  type: 'ReceiveRequest',
  data: {
    requestId,
    agency: { name: 'Polícia Federal', kind: 'police', country: 'BR' },
    kind: 'freeze',
    receivedAt: '2024-05-01T09:00:00Z',
    reference: `PF-${requestId}`,
  },
});
const freeze = (freezeId: string, links: { requestId?: string; incidentId?: string } = {}): CommandInput => ({
  type: 'FreezeFunds',
  data: {
    freezeId,
    assets: [{ asset: 'USDT', amount: '1000', usdValue: '1000' }],
    frozenAt: '2024-05-02T10:00:00Z',
    reason: 'order',
    country: 'BR',
    ...links,
  },
});
const service = { actor: 'service:case-management' };

describe('CommandPipeline: cited records', () => {
  let store: EventStore;
  let pipeline: CommandPipeline;

  beforeEach(() => {
    store = createEventStore({ kind: 'memory' });
    pipeline = new CommandPipeline(store, new FixedClock('2024-07-01T10:00:00.000Z'), randomIds);
  });
  afterEach(() => store.close());

  it('refuses a freeze citing a request the ledger does not hold, naming it, and appends nothing', async () => {
    await expect(pipeline.execute(freeze('f-1', { requestId: 'r-404' }), service)).rejects.toMatchObject({
      code: 'citation.request_not_found',
      details: { id: 'r-404' },
    });
    expect(await store.headPosition()).toBeUndefined();
  });

  it('accepts the citation once the request is on record, and refuses it again after the request is reversed', async () => {
    await pipeline.execute(request('r-1'), service);
    await expect(pipeline.execute(freeze('f-1', { requestId: 'r-1' }), service)).resolves.toMatchObject({ stream: 'freeze-f-1' });
    await pipeline.execute({ type: 'ReverseRequest', data: { requestId: 'r-1', reason: 'entered against the wrong agency' } }, service);
    await expect(pipeline.execute(freeze('f-2', { requestId: 'r-1' }), service)).rejects.toMatchObject({
      code: 'citation.request_not_found',
      details: { status: 'reversed' },
    });
  });

  it('sees a request received earlier in the same batch, and one reversed earlier in it', async () => {
    const ok = await pipeline.executeBatch([
      { command: request('r-1'), options: service },
      { command: freeze('f-1', { requestId: 'r-1' }), options: service },
    ]);
    expect(ok.ok).toBe(true);
    const refused = await pipeline.executeBatch([
      { command: { type: 'ReverseRequest', data: { requestId: 'r-1', reason: 'error' } }, options: service },
      { command: freeze('f-2', { requestId: 'r-1' }), options: service },
    ]);
    expect(refused).toMatchObject({ ok: false, failures: [{ index: 1, error: { code: 'citation.request_not_found' } }] });
    expect(await store.headPosition()).toBe(2);
  });

  it('checks a recovery citing a freeze, and a correction linking a freeze to an incident', async () => {
    await pipeline.execute(
      { type: 'ReportStolenFunds', data: { incidentId: 'i-1', usdValue: '5000', reportedAt: '2024-04-01', kind: 'scam', country: 'BR' } },
      service,
    );
    await pipeline.execute(freeze('f-1'), service);
    const recovery = (freezeId: string): CommandInput => ({
      type: 'RecordRecovery',
      data: { incidentId: 'i-1', usdValue: '10', recoveredAt: '2024-06-01', freezeId },
    });
    await expect(pipeline.execute(recovery('f-404'), service)).rejects.toMatchObject({ code: 'citation.freeze_not_found' });
    await expect(pipeline.execute(recovery('f-1'), service)).resolves.toMatchObject({ stream: 'incident-i-1' });
    const link = (incidentId: string): CommandInput => ({
      type: 'CorrectFreeze',
      data: { freezeId: 'f-1', changes: { incidentId }, reason: 'the scam it came from' },
    });
    await expect(pipeline.execute(link('i-404'), service)).rejects.toMatchObject({ code: 'citation.incident_not_found' });
    await expect(pipeline.execute(link('i-1'), service)).resolves.toMatchObject({ events: [{ type: 'FreezeCorrected' }] });
  });
});

describe('CommandPipeline: history imported from an earlier system', () => {
  let store: EventStore;
  let pipeline: CommandPipeline;
  const now = '2024-07-01T10:00:00.000Z';

  beforeEach(() => {
    store = createEventStore({ kind: 'memory' });
    pipeline = new CommandPipeline(store, new FixedClock(now), randomIds);
  });
  afterEach(() => store.close());

  it('keeps the original recording time beside the ledger own, canonical, and hashed with the event', async () => {
    const imported = { source: 'case-db-2021', recordedAt: '2024-05-01T11:00:00+02:00' };
    await pipeline.execute(request('r-1'), { ...service, imported });
    const [event] = await store.readStream('request-r-1');
    expect(event.metadata.imported).toEqual({ source: 'case-db-2021', recordedAt: '2024-05-01T09:00:00.000Z' });
    expect(event.metadata.recordedAt >= now).toBe(true);
    expect(contentHash(event)).toBe(event.metadata.contentHash);
    expect(
      contentHash({ ...event, metadata: { ...event.metadata, imported: { ...imported, recordedAt: '2024-05-01T09:00:01.000Z' } } }),
    ).not.toBe(event.metadata.contentHash);
  });

  it('refuses an original recording time in the future of the ledger clock, or not a real instant, and appends nothing', async () => {
    await expect(
      pipeline.execute(request('r-1'), { ...service, imported: { source: 'x', recordedAt: '2024-07-01T10:00:01Z' } }),
    ).rejects.toMatchObject({ code: 'time_in_future' });
    await expect(
      pipeline.execute(request('r-1'), { ...service, imported: { source: 'x', recordedAt: '2024-02-30T00:00:00Z' } }),
    ).rejects.toMatchObject({ code: 'invalid_time' });
    await expect(
      pipeline.execute(request('r-1'), { ...service, imported: { source: ' ', recordedAt: '2024-05-01T00:00:00Z' } }),
    ).rejects.toMatchObject({ code: 'invalid_text' });
    expect(await store.headPosition()).toBeUndefined();
  });

  it('treats a retry that states another original time as another request', async () => {
    await pipeline.execute(request('r-1'), {
      ...service,
      idempotencyKey: 'k-1',
      imported: { source: 'x', recordedAt: '2024-05-01T09:00:00Z' },
    });
    await expect(
      pipeline.execute(request('r-1'), {
        ...service,
        idempotencyKey: 'k-1',
        imported: { source: 'x', recordedAt: '2024-05-01T09:00:00Z' },
      }),
    ).resolves.toMatchObject({ replayed: true });
    await expect(
      pipeline.execute(request('r-1'), {
        ...service,
        idempotencyKey: 'k-1',
        imported: { source: 'x', recordedAt: '2024-05-02T09:00:00Z' },
      }),
    ).rejects.toMatchObject({ code: 'idempotency.key_reused' });
  });

  it('takes `imported` on an NDJSON line only when the import allows it', async () => {
    const line = JSON.stringify({ ...request('r-1'), imported: { source: 'case-db', recordedAt: '2024-05-01T09:00:00Z' } });
    const refused = await importNdjson(line, pipeline, { actor: 'service:import' });
    expect(refused).toMatchObject({ ok: false, failed: [{ line: 1, code: 'import.imported_not_allowed' }], appended: 0 });
    const malformed = await importNdjson(
      JSON.stringify({ ...request('r-1'), imported: { source: 'case-db', recordedAt: '2024-05-01T09:00:00Z', by: 'me' } }),
      pipeline,
      {
        actor: 'service:import',
        allowImported: true,
      },
    );
    expect(malformed).toMatchObject({ ok: false, failed: [{ line: 1, code: 'import.invalid_imported' }] });
    expect(await store.headPosition()).toBeUndefined();
    const accepted = await importNdjson(line, pipeline, { actor: 'service:import', allowImported: true });
    expect(accepted).toMatchObject({ ok: true, appended: 1 });
    expect((await store.readStream('request-r-1'))[0].metadata.imported).toEqual({
      source: 'case-db',
      recordedAt: '2024-05-01T09:00:00.000Z',
    });
  });
});
