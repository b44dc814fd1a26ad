import {
  verifyAttestation,
  verifyConsistencyProof,
  verifyInclusionProof,
  verifyTreeHead,
  type Attestation,
  type SignedTreeHead,
} from '@ledger/audit';
import type { RecordedEvent } from '@ledger/event-store';
import request from 'supertest';
import { receiveRequest, recordTraining } from '@ledger/test-support/http/bodies';
import { TEST_ADMIN_KEY, startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';

describe('audit over HTTP: key, signed heads, proofs, verify, attestations, restatements', () => {
  let ledger: LedgerTestApp;
  let publicKeyPem: string;
  let regulatorKey: string;

  /** Figures and the Merkle log follow the log in the API process; wait (bounded) until both reached `position`. */
  async function settled(position: number): Promise<void> {
    for (let attempt = 0; attempt < 250; attempt++) {
      const { body } = await ledger.http().get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => f.projectedTo?.position === position)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`figures did not reach log position ${position}`);
  }

  const issueHead = async (): Promise<SignedTreeHead> => (await ledger.as('auditor').post('/v1/audit/tree-heads').expect(201)).body;

  beforeAll(async () => {
    ledger = await startLedgerApp();
    publicKeyPem = (await ledger.http().get('/v1/audit/public-key').expect(200)).body.publicKeyPem;
    const created = await request(ledger.app.getHttpServer())
      .post('/v1/keys')
      .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .send({ role: 'regulator', countries: ['MX'], label: 'e2e regulator' })
      .expect(201);
    regulatorKey = created.body.key;
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'cdmx' })
      .expect(201);
    await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'bsas', country: 'AR', participants: 35 })
      .expect(201);
    const corrected = await ledger
      .http()
      .post('/v1/trainings/bsas/corrections')
      .send({ changes: { participants: 40 }, reason: 'attendance sheet counted 40' })
      .expect(201);
    await settled(corrected.body.events[0].position);
  });
  afterAll(async () => ledger.close());

  it('serves the public key, and a head issued on demand is signed by it over every event so far', async () => {
    const key = (await ledger.http().get('/v1/audit/public-key').expect(200)).body;
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const head = await issueHead();
    expect(head).toMatchObject({ treeSize: 3, keyId: key.keyId });
    expect(verifyTreeHead(head, publicKeyPem)).toBe(true);
    expect(verifyTreeHead({ ...head, treeSize: 2 }, publicKeyPem)).toBe(false);
    expect((await ledger.http().get('/v1/audit/tree-heads/latest').expect(200)).body).toEqual(head);
    const list = (await ledger.http().get('/v1/audit/tree-heads').expect(200)).body.treeHeads as SignedTreeHead[];
    expect(list[list.length - 1]).toEqual(head);
  });

  it('proves every event included in a signed head, by position and by event id; a wrong event fails the check', async () => {
    const head = await issueHead();
    const events = (await ledger.allEvents()) as unknown as RecordedEvent[];
    for (const event of events) {
      const proof = (
        await ledger.http().get('/v1/audit/proofs/inclusion').query({ position: event.position, treeSize: head.treeSize }).expect(200)
      ).body;
      expect(proof.treeHead).toEqual(head);
      expect(verifyInclusionProof(proof, head, event)).toBe(true);
      expect(verifyInclusionProof(proof, head, events[(events.indexOf(event) + 1) % events.length])).toBe(false);
    }
    const byId = (await ledger.http().get('/v1/audit/proofs/inclusion').query({ eventId: events[1].eventId }).expect(200)).body;
    expect(byId).toMatchObject({ position: events[1].position, leafIndex: 1 });
    const missing = await ledger.http().get('/v1/audit/proofs/inclusion').query({ position: 999 }).expect(404);
    expect(missing.body.code).toBe('audit.event_not_in_tree');
    await ledger.http().get('/v1/audit/proofs/inclusion').query({}).expect(400);
  });

  it('proves a later head consistent with an earlier one; a proof against another root fails', async () => {
    const first = await issueHead();
    const added = await ledger
      .http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'online', participants: 31 })
      .expect(201);
    await settled(added.body.events[0].position);
    const second = await issueHead();
    expect(second.treeSize).toBe(first.treeSize + 1);
    const proof = (
      await ledger.http().get('/v1/audit/proofs/consistency').query({ first: first.treeSize, second: second.treeSize }).expect(200)
    ).body;
    expect(proof.firstTreeHead).toEqual(first);
    expect(verifyConsistencyProof(proof, first, second)).toBe(true);
    expect(verifyConsistencyProof(proof, { ...first, rootHash: second.rootHash }, second)).toBe(false);
    const bad = await ledger
      .http()
      .get('/v1/audit/proofs/consistency')
      .query({ first: second.treeSize + 5, second: second.treeSize })
      .expect(400);
    expect(bad.body.code).toMatch(/^audit\.bad_tree_size/);
  });

  it('verifies the whole ledger', async () => {
    const report = (await ledger.http().get('/v1/audit/verify').expect(200)).body;
    expect(report).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 3 });
    expect(report.treeHeadsChecked).toBeGreaterThanOrEqual(3);
    expect(report.firstMismatch).toBeUndefined();
  });

  it('attests a figure answer that checks offline, equals the answer as known at the head, and fails once altered', async () => {
    const attestation: Attestation = (
      await ledger
        .as('auditor')
        .post('/v1/attestations')
        .send({ figure: 'trainings', query: { groupBy: 'country' } })
        .expect(201)
    ).body;
    expect(verifyAttestation(attestation, publicKeyPem)).toEqual({ valid: true, problems: [] });
    // The definition version is pinned, so the answer stays reproducible when a later version becomes the default.
    expect(attestation.query).toEqual({ figure: 'trainings', groupBy: 'country', version: '2', knownAt: '4' });
    const answer = (await ledger.http().get('/v1/figures/trainings').query({ groupBy: 'country', version: '2', knownAt: '4' }).expect(200))
      .body;
    expect(verifyAttestation(attestation, publicKeyPem, { answer }).valid).toBe(true);
    expect(
      answer.rows.map((r: { group: { country: string }; measures: { participants: number } }) => [
        r.group.country,
        r.measures.participants,
      ]),
    ).toEqual([
      ['AR', 40],
      ['MX', 66],
    ]);
    const inflated = {
      ...answer,
      rows: answer.rows.map((r: { measures: object }) => ({ ...r, measures: { ...r.measures, participants: 1000 } })),
    };
    expect(verifyAttestation(attestation, publicKeyPem, { answer: inflated }).problems).toContain('answer_hash_mismatch');
    expect(verifyAttestation({ ...attestation, query: { figure: 'trainings' } }, publicKeyPem).problems).toContain('statement_mismatch');
    const refused = await ledger
      .as('auditor')
      .post('/v1/attestations')
      .send({ figure: 'trainings', query: { knownAt: '2' } })
      .expect(400);
    expect(refused.body.code).toBe('audit.attestation_known_at');
    await ledger.as('auditor').post('/v1/attestations').send({ figure: 'nope' }).expect(404);
  });

  it('lists the restatements of a figure: the correction, its reason, and the measures before and after', async () => {
    const body = (await ledger.http().get('/v1/figures/trainings/restatements').query({ groupBy: 'country', late: 'include' }).expect(200))
      .body;
    // Besides the correction, every training is a late fact here: recorded in 2025 for a 2024 session.
    expect(body.restatements.map((r: { kind: string }) => r.kind)).toEqual(['late', 'late', 'correction', 'late']);
    const restatement = body.restatements.find((r: { kind: string }) => r.kind === 'correction');
    expect(restatement).toMatchObject({
      position: 3,
      correction: {
        type: 'TrainingSessionCorrected',
        stream: 'training-bsas',
        reason: 'attendance sheet counted 40',
        replaces: { participants: 35 },
        changes: { participants: 40 },
      },
      changes: [{ group: { country: 'AR' }, measure: 'participants', before: 35, after: 40 }],
      before: { knownAt: { position: 2 } },
      after: { knownAt: { position: 3 } },
    });
    // Filtered to MX: no correction there, only the MX trainings recorded late.
    const scoped = (await ledger.http().get('/v1/figures/trainings/restatements').query({ country: 'MX', late: 'include' }).expect(200))
      .body;
    expect(scoped.restatements.map((r: { kind: string; correction: { stream: string } }) => [r.kind, r.correction.stream])).toEqual([
      ['late', 'training-cdmx'],
      ['late', 'training-online'],
    ]);
  });

  it('lists a withdrawn request as a restatement of the request figures, with its reason', async () => {
    await ledger
      .http()
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId: 'rq-1' })
      .expect(201);
    const withdrawn = await ledger
      .http()
      .post('/v1/le-requests/rq-1/withdrawal')
      .send({ reason: 'the agency closed its case', withdrawnAt: '2024-03-06T09:00:00Z' })
      .expect(201);
    await settled(withdrawn.body.events[0].position);
    const body = (await ledger.http().get('/v1/figures/le-requests/restatements').expect(200)).body;
    const corrections = body.restatements.filter((r: { kind: string }) => r.kind === 'correction');
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({
      position: withdrawn.body.events[0].position,
      correction: { type: 'LawEnforcementRequestWithdrawn', stream: 'request-rq-1', reason: 'the agency closed its case' },
    });
    expect(corrections[0].changes).toEqual(
      expect.arrayContaining([
        { group: {}, measure: 'withdrawn', before: 0, after: 1 },
        { group: {}, measure: 'openAtEnd', before: 1, after: 0 },
      ]),
    );
  });

  it('lets a regulator read the key and attest its own countries (sealed), but not read heads, verify, issue heads or attest others', async () => {
    const regulator = () => ({
      get: (url: string) => request(ledger.app.getHttpServer()).get(url).set('Authorization', `Bearer ${regulatorKey}`),
      post: (url: string) => request(ledger.app.getHttpServer()).post(url).set('Authorization', `Bearer ${regulatorKey}`),
    });
    await regulator().get('/v1/audit/public-key').expect(200);
    // A head gives the size and time of the whole log (docs/security.md).
    expect((await regulator().get('/v1/audit/tree-heads/latest').expect(403)).body.code).toBe('auth.log_metadata_out_of_scope');
    await regulator().get('/v1/audit/verify').expect(403);
    await regulator().post('/v1/audit/tree-heads').expect(403);
    await regulator().get('/v1/audit/proofs/inclusion?position=1').expect(403);
    // Restatements as an MX regulator: its own trainings only, no positions, no writer, nothing of AR's correction.
    const restated = (await regulator().get('/v1/figures/trainings/restatements?late=include').expect(200)).body;
    expect(restated.restatements.length).toBeGreaterThan(0);
    expect(
      restated.restatements.every(
        (r: { position: unknown; correction: { actor: unknown } }) => r.position === null && r.correction.actor === null,
      ),
    ).toBe(true);
    expect(JSON.stringify(restated)).not.toMatch(/bsas|"AR"|attendance sheet|apikey:/);
    const own = (
      await regulator()
        .post('/v1/attestations')
        .send({ figure: 'trainings', query: { groupBy: 'country' } })
        .expect(201)
    ).body as Attestation;
    expect(own.query).toMatchObject({ country: 'MX' });
    expect(own).toMatchObject({ version: 2, treeHeadSha256: expect.any(String) });
    expect(Buffer.from(own.answerCanonical, 'base64').toString()).not.toContain('"AR"');
    await regulator()
      .post('/v1/attestations')
      .send({ figure: 'trainings', query: { country: 'AR' } })
      .expect(403);
    await ledger.anonymous().get('/v1/audit/tree-heads').expect(401);
  });
});
