/**
 * The API over EventStoreDB's byte-offset positions (LEDGER_EVENT_STORE=esdb, 24.10 stand-in): paging the log,
 * as-known-at by position and restatements work on positions the log reports, and a position that is no event's
 * (inside a record) is a 400 problem, never a 503.
 */
import { recordTraining } from '../../e2e/support/bodies';
import { startLedgerApp, type LedgerTestApp } from './ledger-app-over-stand-in';

describe('byte-offset log positions through the API (EventStoreDB stand-in)', () => {
  let ledger: LedgerTestApp;
  let positions: number[];

  beforeAll(async () => {
    ledger = await startLedgerApp();
    await ledger.http().post('/v1/trainings').send({ ...recordTraining, trainingId: 'bo-1' }).expect(201);
    await ledger.http().post('/v1/trainings/bo-1/corrections').send({ changes: { participants: 50 }, reason: 'recount' }).expect(201);
    await ledger.http().post('/v1/trainings').send({ ...recordTraining, trainingId: 'bo-2' }).expect(201);
    positions = (await ledger.http().get('/v1/events').expect(200)).body.events.map((e: { position: number }) => e.position);
    for (let attempt = 0; attempt < 250; attempt++) {
      const { body } = await ledger.http().get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => f.projectedTo?.position === positions[2])) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => ledger.close());

  it('positions are byte offsets: not consecutive', () => {
    expect(positions).toHaveLength(3);
    expect(positions[1] - positions[0]).toBeGreaterThan(1);
  });

  it('pages GET /v1/events after an event position, and answers 400 for a position inside a record', async () => {
    const after = (await ledger.http().get('/v1/events').query({ after: positions[0] }).expect(200)).body;
    expect(after.events.map((e: { position: number }) => e.position)).toEqual(positions.slice(1));

    const inside = await ledger.http().get('/v1/events').query({ after: positions[0] + 3 }).expect(400);
    expect(inside.headers['content-type']).toContain('application/problem+json');
    expect(inside.body).toMatchObject({ status: 400, code: 'store.invalid_position', position: positions[0] + 3 });
  });

  it('answers as known at an event position, and 400 for a position inside a record', async () => {
    const known = (await ledger.http().get('/v1/figures/trainings').query({ knownAt: positions[0] }).expect(200)).body;
    expect(known.knownAt.position).toBe(positions[0]);
    expect(known.rows[0].measures.participants).toBe(recordTraining.participants);

    const inside = await ledger.http().get('/v1/figures/trainings').query({ knownAt: positions[0] + 3 }).expect(400);
    expect(inside.body).toMatchObject({ status: 400, code: 'store.invalid_position' });
  });

  it('lists the restatement with the answer as known at the event before the correction', async () => {
    const { restatements } = (await ledger.http().get('/v1/figures/trainings/restatements').expect(200)).body;
    expect(restatements).toHaveLength(1);
    expect(restatements[0]).toMatchObject({ position: positions[1], before: { knownAt: { position: positions[0] } }, after: { knownAt: { position: positions[1] } } });
    expect(restatements[0].correction.type).toBe('TrainingSessionCorrected');
  });
});
