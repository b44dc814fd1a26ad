/**
 * The API over EventStoreDB's byte-offset positions (LEDGER_EVENT_STORE=esdb, 24.10 stand-in): paging the log,
 * as-known-at by position and restatements work on positions the log reports, and a position that is no event's
 * (inside a record) is a 400 problem, never a 503. Written for a shared log too: `npm run test:esdb` also runs it
 * against a real server (its own training ids, its own streams; no writer may run beside it).
 */
import { randomUUID } from 'node:crypto';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from './ledger-app-over-stand-in';

describe('byte-offset log positions through the API (EventStoreDB stand-in)', () => {
  let ledger: LedgerTestApp;
  let positions: number[];

  const run = randomUUID().slice(0, 8);
  const position = (body: { events: { position: number }[] }) => body.events[0].position;

  beforeAll(async () => {
    ledger = await startLedgerApp();
    positions = [
      position(
        (
          await ledger
            .http()
            .post('/v1/trainings')
            .send({ ...recordTraining, trainingId: `bo-${run}-1` })
            .expect(201)
        ).body,
      ),
      position(
        (
          await ledger
            .http()
            .post(`/v1/trainings/bo-${run}-1/corrections`)
            .send({ changes: { participants: 50 }, reason: 'recount' })
            .expect(201)
        ).body,
      ),
      position(
        (
          await ledger
            .http()
            .post('/v1/trainings')
            .send({ ...recordTraining, trainingId: `bo-${run}-2` })
            .expect(201)
        ).body,
      ),
    ];
    for (let attempt = 0; attempt < 1500; attempt++) {
      const { body } = await ledger.http().get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => (f.projectedTo?.position ?? -1) >= positions[2])) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 60_000);
  afterAll(async () => ledger.close());

  it('positions are byte offsets: not consecutive', () => {
    expect(positions).toHaveLength(3);
    expect(positions[1] - positions[0]).toBeGreaterThan(1);
  });

  it('pages GET /v1/events after an event position, and answers 400 for a position inside a record', async () => {
    const after = (await ledger.http().get('/v1/events').query({ after: positions[0], limit: 2 }).expect(200)).body;
    expect(after.events.map((e: { position: number }) => e.position)).toEqual(positions.slice(1));

    const inside = await ledger
      .http()
      .get('/v1/events')
      .query({ after: positions[0] + 3 })
      .expect(400);
    expect(inside.headers['content-type']).toContain('application/problem+json');
    expect(inside.body).toMatchObject({ status: 400, code: 'store.invalid_position', position: positions[0] + 3 });
  });

  it('answers as known at an event position, and 400 for a position inside a record', async () => {
    const known = (await ledger.http().get('/v1/figures/trainings').query({ knownAt: positions[0] }).expect(200)).body;
    const corrected = (await ledger.http().get('/v1/figures/trainings').query({ knownAt: positions[1] }).expect(200)).body;
    expect(known.knownAt.position).toBe(positions[0]);
    // The correction (35 -> 50 participants) is in the answer known at its position, not in the one before.
    expect(corrected.rows[0].measures.participants - known.rows[0].measures.participants).toBe(50 - recordTraining.participants);

    const inside = await ledger
      .http()
      .get('/v1/figures/trainings')
      .query({ knownAt: positions[0] + 3 })
      .expect(400);
    expect(inside.body).toMatchObject({ status: 400, code: 'store.invalid_position' });
  });

  it('lists the restatement with the answer as known at the event before the correction', async () => {
    const { restatements } = (await ledger.http().get('/v1/figures/trainings/restatements').expect(200)).body;
    const ours = restatements.find((r: { position: number }) => r.position === positions[1]);
    expect(ours).toMatchObject({ before: { knownAt: { position: positions[0] } }, after: { knownAt: { position: positions[1] } } });
    expect(ours.correction.type).toBe('TrainingSessionCorrected');
  });
});
