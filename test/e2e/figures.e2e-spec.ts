import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('figures in the API process: commands in, published figures out', () => {
  let ledger: LedgerTestApp;
  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => ledger.close());

  /** The projector runs beside the API; wait (bounded) until it has applied the log up to `position`. */
  async function projectedTo(position: number): Promise<void> {
    for (let attempt = 0; attempt < 250; attempt++) {
      const { body } = await ledger.http().get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => f.projectedTo?.position === position)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`figures did not reach log position ${position}`);
  }

  it('counts recorded sessions by country, and drops a withdrawn one', async () => {
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'mx-1' })
      .expect(201);
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'ar-1', country: 'AR', participants: 40 })
      .expect(201);
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'mx-dup' })
      .expect(201);
    const withdrawn = await ledger.http().post('/v1/trainings/mx-dup/withdrawal').send({ reason: 'duplicate of mx-1' }).expect(201);
    await projectedTo(withdrawn.body.events[0].position);

    const answer = (await ledger.http().get('/v1/figures/trainings').query({ groupBy: 'country' }).expect(200)).body;
    expect(answer).toMatchObject({ figure: 'trainings', knownAt: { position: withdrawn.body.events[0].position } });
    const byCountry = Object.fromEntries(
      answer.rows.map((r: { group: { country: string }; measures: { sessions: number; participants: number } }) => [
        r.group.country,
        r.measures,
      ]),
    );
    expect(byCountry).toMatchObject({ MX: { sessions: 1, participants: 35 }, AR: { sessions: 1, participants: 40 } });
  });

  it('lists the figure endpoints in the OpenAPI document', async () => {
    const document = (await ledger.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/figures', '/v1/figures/{name}', '/v1/figures/{name}/provenance']),
    );
  });
});
