import { createPublicKey } from 'node:crypto';
import { treeHeadSha256, verifySealedAttestation, type SealedAttestation, type SignedTreeHead } from '@ledger/audit';
import { FigureService } from '@ledger/figures';
import request from 'supertest';
import { sealedAnswerAt } from '../../apps/ledger-api/src/audit/attest-figure';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { createKey, projectedTo } from '@ledger/test-support/http/access';

/**
 * Issue 13: a regulator never learns the timing or count of another jurisdiction's events. Positions are global (the
 * gap between two of its own events counted the others' between them), tree heads give the size and time of the
 * whole log, and attestations carried the head. An MX regulator asks everything it may, around AR events.
 */
describe("a regulator learns neither the count nor the timing of other jurisdictions' events", () => {
  let ledger: LedgerTestApp;
  let regulator: string;
  let firstMx: number;
  let lastMx: number;
  const asRegulator = (path: string) => request(ledger.app.getHttpServer()).get(path).set('Authorization', `Bearer ${regulator}`);
  const record = async (trainingId: string, country: string, city: string) =>
    (
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId, country, city, agencies: [{ name: `Agency ${country}`, kind: 'police', country }] })
        .expect(201)
    ).body.events[0].position as number;
  /** Everything that could carry a global position, a log size or a log time, anywhere in a body. */
  const metadataIn = (body: unknown): string[] => {
    const found: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (typeof value === 'object' && value !== null) {
        for (const [key, v] of Object.entries(value)) {
          if (
            ['position', 'headPosition', 'treeSize', 'since', 'failedAt', 'recordedAt', 'stocksAt', 'treeHead'].includes(key) &&
            v !== null
          )
            found.push(`${path}.${key}`);
          walk(v, `${path}.${key}`);
        }
      } else if (typeof value === 'string' && /[?&](after|knownAt)=\d+(&|$)/.test(value)) found.push(`${path} (${value})`);
    };
    walk(body, '$');
    return found;
  };

  beforeAll(async () => {
    ledger = await startLedgerApp();
    regulator = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    firstMx = await record('mx-1', 'MX', 'Monterrey');
    for (let i = 0; i < 5; i++) await record(`ar-${i}`, 'AR', 'Rosario');
    lastMx = await record('mx-2', 'MX', 'Puebla');
    await projectedTo(ledger, lastMx);
  });
  afterAll(async () => ledger?.close());

  it('figure answers, the list and provenance carry no position or log time; auditors still get them', async () => {
    // Before: knownAt.position was the log head, and provenance gave 1 and 7 for the two MX events: 5 AR ones between.
    const answer = (await asRegulator('/v1/figures/trainings?groupBy=country').expect(200)).body;
    expect(answer.knownAt).toEqual({ position: null, recordedAt: null });
    expect(answer.rows).toEqual([expect.objectContaining({ group: { country: 'MX' } })]);
    const list = (await asRegulator('/v1/figures').expect(200)).body;
    for (const figure of list.figures) expect(figure.projectedTo).toEqual({ position: null, recordedAt: null });
    const provenance = (await asRegulator('/v1/figures/trainings/provenance').expect(200)).body;
    expect(provenance.events.map((e: { position: unknown }) => e.position)).toEqual([null, null]);
    for (const body of [answer, list, provenance])
      expect(metadataIn(body)).toEqual(provenance === body ? ['$.events[0].recordedAt', '$.events[1].recordedAt'] : []);
    // Its own events keep their own recording times (they are MX's): only the positions go.
    expect(provenance.events.map((e: { stream: string }) => e.stream)).toEqual(['training-mx-1', 'training-mx-2']);

    const audited = (await ledger.as('auditor').get('/v1/figures/trainings/provenance?country=MX').expect(200)).body;
    expect(audited.events.map((e: { position: number }) => e.position)).toEqual([firstMx, lastMx]);
    expect((await ledger.as('auditor').get('/v1/figures/trainings').expect(200)).body.knownAt).toEqual({
      position: lastMx,
      recordedAt: expect.any(String),
    });
  });

  it('pages provenance with sealed cursors; an edited cursor or a bare position is refused', async () => {
    const first = (await asRegulator('/v1/figures/trainings/provenance?limit=1').expect(200)).body;
    expect(first.events).toHaveLength(1);
    const after = new URLSearchParams(first.next.split('?')[1]).get('after')!;
    expect(after).toMatch(/^c1\.[A-Za-z0-9_-]+$/);
    const second = (await asRegulator(first.next).expect(200)).body;
    expect(second.events.map((e: { stream: string }) => e.stream)).toEqual(['training-mx-2']);
    // Two cursors for one position differ (random IV): equal cursors would tell nothing, but neither do they match.
    expect(
      new URLSearchParams((await asRegulator('/v1/figures/trainings/provenance?limit=1').expect(200)).body.next.split('?')[1]).get('after'),
    ).not.toBe(after);
    const edited = after.slice(0, -2) + (after.endsWith('A') ? 'BB' : 'AA');
    expect((await asRegulator(`/v1/figures/trainings/provenance?limit=1&after=${edited}`).expect(400)).body).toMatchObject({
      code: 'figures.bad_cursor',
    });
    expect((await asRegulator(`/v1/figures/trainings/provenance?limit=1&after=${firstMx}`).expect(400)).body).toMatchObject({
      code: 'figures.bad_cursor',
    });
    // Auditors page by position as before.
    await ledger.as('auditor').get(`/v1/figures/trainings/provenance?limit=1&after=${firstMx}`).expect(200);
  });

  it('knownAt=<position> is refused to a regulator (it would tell the log as of any event); knownAt=<time> answers', async () => {
    for (const path of ['/v1/figures/trainings', '/v1/figures/trainings/provenance', '/v1/figures/trainings/restatements']) {
      const refused = (await asRegulator(`${path}?knownAt=${firstMx + 1}`).expect(403)).body;
      expect(refused).toMatchObject({ code: 'auth.positions_out_of_scope' });
    }
    const byTime = (await asRegulator('/v1/figures/trainings?knownAt=2999-01-01T00:00:00Z').expect(200)).body;
    expect(byTime.knownAt).toEqual({ position: null, recordedAt: null });
    expect(metadataIn(byTime)).toEqual([]);
  });

  it('/health tells a regulator the state, not the head or the projector position', async () => {
    const health = (await asRegulator('/health').expect(200)).body;
    expect(health).toEqual({ status: 'ok', eventStore: 'up', projection: { state: expect.any(String) } });
    expect((await ledger.as('auditor').get('/health').expect(200)).body).toMatchObject({
      headPosition: lastMx,
      projection: { position: lastMx },
    });
  });

  it('signed tree heads are refused with a problem type that says why; auditors read them', async () => {
    await ledger.as('auditor').post('/v1/audit/tree-heads').expect(201);
    for (const path of ['/v1/audit/tree-heads', '/v1/audit/tree-heads/latest']) {
      const refused = await asRegulator(path).expect(403);
      expect(refused.body).toMatchObject({ code: 'auth.log_metadata_out_of_scope', status: 403 });
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      await ledger.as('auditor').get(path).expect(200);
    }
  });

  it("a regulator's attestation seals the head into a salted hash; it verifies, and an auditor finds the head and recomputes it", async () => {
    const post = () =>
      request(ledger.app.getHttpServer())
        .post('/v1/attestations')
        .set('Authorization', `Bearer ${regulator}`)
        .send({ figure: 'trainings', query: { groupBy: 'country' } })
        .expect(201);
    const sealed = (await post()).body as SealedAttestation;
    expect(sealed).toMatchObject({
      version: 2,
      query: { figure: 'trainings', country: 'MX', knownAt: 'sealed-tree-head' },
      treeHeadSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(sealed).not.toHaveProperty('treeHead');
    const statement = Buffer.from(sealed.statement, 'base64').toString('utf8');
    expect(statement.split('\n')[0]).toBe('cooperation-ledger attestation v2 sealed-head');
    expect(statement).not.toMatch(/tree-size|tree-timestamp/);
    const answer = JSON.parse(Buffer.from(sealed.answerCanonical, 'base64').toString('utf8'));
    expect(metadataIn(answer)).toEqual([]);
    expect(JSON.stringify(answer)).not.toContain('"AR"');

    const publicKey = createPublicKey((await asRegulator('/v1/audit/public-key').expect(200)).body.publicKeyPem);
    expect(verifySealedAttestation(sealed, publicKey)).toEqual({ valid: true, problems: [] });
    expect(verifySealedAttestation({ ...sealed, query: { ...(sealed.query as object), country: 'AR' } }, publicKey).problems).toContain(
      'statement_mismatch',
    );

    // Nothing was recorded since: the same head, yet the two hashes differ (the salt), so they tell no "no event since".
    const again = (await post()).body as SealedAttestation;
    expect(again.treeHeadSha256).not.toBe(sealed.treeHeadSha256);

    // The auditor: the head whose salted hash it is, then the same answer bytes at that head.
    const heads = (await ledger.as('auditor').get('/v1/audit/tree-heads?limit=1000').expect(200)).body.treeHeads as SignedTreeHead[];
    const head = heads.find((h) => treeHeadSha256(h, sealed.treeHeadSalt) === sealed.treeHeadSha256)!;
    expect(head).toBeDefined();
    expect(heads.find((h) => treeHeadSha256(h, again.treeHeadSalt) === again.treeHeadSha256)).toEqual(head);
    expect(verifySealedAttestation(sealed, publicKey, { treeHead: head })).toEqual({ valid: true, problems: [] });
    expect(verifySealedAttestation(sealed, publicKey, { treeHead: { ...head, treeSize: head.treeSize - 1 } }).problems).toContain(
      'tree_head_signature_invalid',
    );
    const lastLeaf = (await ledger.as('auditor').get(`/v1/audit/proofs/inclusion?position=${lastMx}&treeSize=${head.treeSize}`).expect(200))
      .body;
    expect(lastLeaf.treeSize).toBe(head.treeSize);
    const recomputed = await sealedAnswerAt(ledger.app.get(FigureService), sealed.query as Record<string, string>, lastMx);
    expect(verifySealedAttestation(sealed, publicKey, { treeHead: head, answer: recomputed })).toEqual({ valid: true, problems: [] });

    // An auditor's attestation is as before: the head in full.
    const full = (
      await ledger
        .as('auditor')
        .post('/v1/attestations')
        .send({ figure: 'trainings', query: { country: 'MX' } })
        .expect(201)
    ).body;
    expect(full).toMatchObject({ version: 1, treeHead: { treeSize: head.treeSize } });
  });

  it('restatements (scoped before this) show its own correction with its own recording time, and no position', async () => {
    await ledger
      .http()
      .post('/v1/trainings/mx-1/corrections')
      .send({ changes: { participants: 36 }, reason: 'sheet said 36' })
      .expect(201);
    await projectedTo(ledger, lastMx + 1);
    const restated = (await asRegulator('/v1/figures/trainings/restatements').expect(200)).body;
    expect(restated.restatements).toHaveLength(1);
    expect(metadataIn(restated)).toEqual(['$.restatements[0].recordedAt']);
  });
});
