import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('auditor reads: GET /v1/streams/{stream}, GET /v1/events', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'paged' })
      .expect(201);
    for (let i = 1; i <= 4; i++) {
      await ledger
        .http()
        .post('/v1/trainings/paged/corrections')
        .send({ changes: { participants: 35 + i }, reason: `recount ${i}` })
        .expect(201);
    }
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'other' })
      .expect(201);
  });
  afterAll(async () => ledger.close());

  it('reads a stream with metadata and an unbroken hash chain', async () => {
    const page = (await ledger.http().get('/v1/streams/training-paged').expect(200)).body;
    expect(page).toMatchObject({ stream: 'training-paged', direction: 'forwards', next: null });
    expect(page.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(page.events[0].metadata).toMatchObject({
      actor: ledger.actors.service,
      recordedAt: '2025-06-30T12:00:00.000Z',
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      prevHash: '0'.repeat(64),
    });
    for (let i = 1; i < page.events.length; i++) expect(page.events[i].metadata.prevHash).toBe(page.events[i - 1].metadata.contentHash);
  });

  it('pages a stream forwards and backwards with a `next` revision', async () => {
    const first = (await ledger.http().get('/v1/streams/training-paged?limit=2').expect(200)).body;
    expect(first.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1]);
    expect(first.next).toBe(2);
    const last = (await ledger.http().get('/v1/streams/training-paged').query({ from: 4, limit: 2 }).expect(200)).body;
    expect(last.events.map((e: { revision: number }) => e.revision)).toEqual([4]);
    expect(last.next).toBeNull();

    const backwards = (await ledger.http().get('/v1/streams/training-paged?direction=backwards&limit=3').expect(200)).body;
    expect(backwards.events.map((e: { revision: number }) => e.revision)).toEqual([4, 3, 2]);
    expect(backwards.next).toBe(1);
  });

  it('answers 404 problem details for a stream with no events', async () => {
    const response = await ledger.http().get('/v1/streams/training-never-recorded').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'stream.not_found', instance: '/v1/streams/training-never-recorded' });
  });

  it('answers an empty page, not 404, past the end of an existing stream', async () => {
    const page = (await ledger.http().get('/v1/streams/training-paged?from=99').expect(200)).body;
    expect(page).toMatchObject({ events: [], next: null });
  });

  it('pages the whole log in order with a `next` position until the head', async () => {
    const seen: number[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const page: { events: { position: number }[]; next: number | null } = (
        await ledger.http().get('/v1/events').query({ after, limit: 2 }).expect(200)
      ).body;
      seen.push(...page.events.map((e) => e.position));
      after = page.next;
      pages += 1;
    }
    expect(seen).toHaveLength(6);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(6);
    expect(pages).toBe(3);
    const tail = (await ledger.http().get('/v1/events').query({ after: seen[5] }).expect(200)).body;
    expect(tail).toEqual({ events: [], next: null });
  });

  it.each([
    ['/v1/events?limit=0', 'limit'],
    ['/v1/events?limit=1001', 'limit'],
    ['/v1/events?after=-1', 'after'],
    ['/v1/events?after=abc', 'after'],
    ['/v1/events?before=3', 'before'],
    ['/v1/streams/training-paged?direction=sideways', 'direction'],
    ['/v1/streams/training-paged?from=1.5', 'from'],
    ['/v1/streams/bad%20name', 'stream'],
  ])('refuses %s with 400 naming %s', async (url, field) => {
    const response = await ledger.http().get(url).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
