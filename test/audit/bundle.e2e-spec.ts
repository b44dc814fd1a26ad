import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attestation } from '@ledger/audit';
import { FIGURE_NAMES, FIGURES } from '@ledger/figures';
import { freezeFunds, receiveRequest, recordTraining, reportStolenFunds, answerRequest } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { runLedger } from '@ledger/test-support/cli/ledger-cli';

// Several CLI child processes, each compiling the sources on the fly.
jest.setTimeout(240_000);

/**
 * The live ledger records a history through the API and attests a figure; `ledger export` writes a bundle; the
 * ledger's directory is then deleted, and on the copy alone `ledger verify --bundle` rebuilds the same figures and
 * `ledger verify-attestation` recomputes the attested answer.
 */
describe('audit bundle: export, then verify and rebuild without the live ledger', () => {
  let ledger: LedgerTestApp;
  let work: string;
  let bundle: string;
  let live: Record<string, unknown>;
  let attestationFile: string;
  let sealedFile: string;
  let publicKeyFile: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-bundle-test-'));
    ledger = await startLedgerApp();
    const http = ledger.http();
    await http
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'cdmx' })
      .expect(201);
    await http
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'bsas', country: 'AR' })
      .expect(201);
    await http
      .post('/v1/trainings/bsas/corrections')
      .send({ changes: { participants: 40 }, reason: 'attendance sheet counted 40' })
      .expect(201);
    await http
      .post('/v1/le-requests')
      .send({ ...receiveRequest, requestId: 'rq-1' })
      .expect(201);
    await http.post('/v1/le-requests/rq-1/answer').send(answerRequest).expect(201);
    await http
      .post('/v1/freezes')
      .send({ ...freezeFunds, freezeId: 'fz-1' })
      .expect(201);
    const last = await http
      .post('/v1/incidents')
      .send({ ...reportStolenFunds, incidentId: 'inc-1' })
      .expect(201);
    const position = last.body.events[0].position;
    for (let attempt = 0; ; attempt++) {
      const { body } = await http.get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => f.projectedTo?.position === position)) break;
      if (attempt > 250) throw new Error('figures did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    live = {};
    for (const name of FIGURE_NAMES) live[name] = (await http.get(`/v1/figures/${name}`).query({ groupBy: 'year' }).expect(200)).body;
    const attestation = (
      await ledger
        .as('auditor')
        .post('/v1/attestations')
        .send({ figure: 'trainings', query: { groupBy: 'country' } })
        .expect(201)
    ).body;
    attestationFile = join(work, 'attestation.json');
    writeFileSync(attestationFile, JSON.stringify(attestation, null, 2));
    // A regulator's attestation is sealed: no head in it, only its salted hash (docs/security.md).
    const regulator = (
      await ledger
        .as('admin')
        .post('/v1/keys')
        .send({ role: 'regulator', countries: ['MX'] })
        .expect(201)
    ).body.key as string;
    const sealed = (
      await ledger
        .anonymous()
        .post('/v1/attestations')
        .set('Authorization', `Bearer ${regulator}`)
        .send({ figure: 'trainings', query: { groupBy: 'country' } })
        .expect(201)
    ).body;
    expect(sealed).toMatchObject({ version: 2, query: { country: 'MX' } });
    sealedFile = join(work, 'sealed-attestation.json');
    writeFileSync(sealedFile, JSON.stringify(sealed, null, 2));
    publicKeyFile = join(work, 'ledger-public.pem');
    writeFileSync(publicKeyFile, (await http.get('/v1/audit/public-key').expect(200)).body.publicKeyPem);
    await ledger.app.close();

    const exported = join(work, 'exported');
    const run = await runLedger(['export', '--data-dir', ledger.dataDir, '--to', exported]);
    expect(run.stderr).toContain('exported 7 events');
    expect(run.code).toBe(0);
    const cliAttestation = await runLedger([
      'attest',
      'trainings',
      '--group-by',
      'year',
      '--out',
      join(work, 'cli-attestation.json'),
      '--data-dir',
      ledger.dataDir,
    ]);
    expect(cliAttestation.code).toBe(0);
    // "Another machine": the bundle moves, the live ledger is gone.
    bundle = join(work, 'elsewhere');
    cpSync(exported, bundle, { recursive: true });
    rmSync(exported, { recursive: true, force: true });
    rmSync(ledger.dataDir, { recursive: true, force: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes the events, the signed heads, the public key and a manifest', () => {
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'cooperation-ledger audit bundle v1', events: 7, lastPosition: 7, treeHead: { treeSize: 7 } });
    expect(readFileSync(join(bundle, 'events.ndjson'), 'utf8').trim().split('\n')).toHaveLength(7);
    expect(readFileSync(join(bundle, 'ledger-public.pem'), 'utf8')).toBe(readFileSync(publicKeyFile, 'utf8'));
  });

  it('verify --bundle checks it and rebuilds exactly the figures the live ledger answered', async () => {
    const run = await runLedger(['verify', '--bundle', bundle, '--json']);
    expect(run.code).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome.report).toMatchObject({ ok: true, eventsChecked: 7 });
    expect(outcome.rebuild.figures).toEqual(live);
    // Every version of every figure is rebuilt (v1 stays reproducible beside v2).
    expect(run.stderr).toMatch(new RegExp(`rebuilt ${FIGURES.length} figures from 7 events`));
  });

  it('verify-attestation checks the API attestation offline and recomputes its answer from the bundle', async () => {
    const run = await runLedger(['verify-attestation', attestationFile, '--public-key', publicKeyFile, '--bundle', bundle]);
    expect(run.stdout).toContain('recomputed answer: matches the attested hash');
    expect(run.stdout.trim().endsWith('VALID')).toBe(true);
    expect(run.code).toBe(0);
    const cli = await runLedger(['verify-attestation', join(work, 'cli-attestation.json'), '--bundle', bundle, '--json']);
    expect(JSON.parse(cli.stdout)).toMatchObject({ valid: true, recomputed: { matches: true } });
  });

  it('a regulator checks the API attestation and the bundle head with standard tools only (docs/audit.md section 3, as written)', () => {
    const shell = join(work, 'shell');
    mkdirSync(shell);
    cpSync(join(bundle, 'ledger-public.pem'), join(shell, 'ledger-public.pem'));
    cpSync(join(bundle, 'tree-head.json'), join(shell, 'head.json'));
    cpSync(attestationFile, join(shell, 'attestation.json'));
    const procedure = /## 3\.[\s\S]*?```sh\n([\s\S]*?)```/.exec(readFileSync(join(__dirname, '..', '..', 'docs', 'audit.md'), 'utf8'))?.[1];
    const output = execFileSync('sh', ['-ec', procedure as string], { cwd: shell, encoding: 'utf8' });
    const attestation = JSON.parse(readFileSync(attestationFile, 'utf8')) as Attestation;
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe(attestation.keyId);
    expect(output.match(/Signature Verified Successfully/g)).toHaveLength(3);
    expect(lines.filter((line) => line === attestation.answerHash)).toHaveLength(2);
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ figure: 'trainings', knownAt: { position: 7 } });
  });

  it("verify-attestation checks a regulator's sealed attestation offline, and with the bundle finds its head and recomputes it", async () => {
    const offline = await runLedger(['verify-attestation', sealedFile, '--public-key', publicKeyFile, '--json']);
    expect(JSON.parse(offline.stdout)).toMatchObject({ valid: true, signature: { problems: [] } });
    const withBundle = await runLedger(['verify-attestation', sealedFile, '--public-key', publicKeyFile, '--bundle', bundle, '--json']);
    expect(JSON.parse(withBundle.stdout)).toMatchObject({ valid: true, recomputed: { bundleOk: true, matches: true } });
    // The sealed query names another country: the statement no longer says what is signed.
    const sealed = JSON.parse(readFileSync(sealedFile, 'utf8'));
    const altered = join(work, 'sealed-altered.json');
    writeFileSync(altered, JSON.stringify({ ...sealed, query: { ...sealed.query, country: 'AR' } }));
    const refused = await runLedger(['verify-attestation', altered, '--public-key', publicKeyFile, '--bundle', bundle, '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      valid: false,
      signature: { problems: ['statement_mismatch'] },
      recomputed: { matches: false },
    });
  });

  it('an altered attestation fails, with and without the bundle', async () => {
    const attestation = JSON.parse(readFileSync(attestationFile, 'utf8')) as Attestation;
    const answer = JSON.parse(Buffer.from(attestation.answerCanonical, 'base64').toString('utf8'));
    answer.rows[0].measures.participants += 1;
    const altered = join(work, 'altered.json');
    writeFileSync(
      altered,
      JSON.stringify({ ...attestation, answerCanonical: Buffer.from(JSON.stringify(answer)).toString('base64') }, null, 2),
    );
    const offline = await runLedger(['verify-attestation', altered, '--public-key', publicKeyFile]);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toContain('answer_hash_mismatch');
    const otherQuery = join(work, 'other-query.json');
    writeFileSync(otherQuery, JSON.stringify({ ...attestation, query: { ...(attestation.query as object), groupBy: 'year' } }, null, 2));
    const withBundle = await runLedger(['verify-attestation', otherQuery, '--public-key', publicKeyFile, '--bundle', bundle, '--json']);
    expect(withBundle.code).toBe(1);
    expect(JSON.parse(withBundle.stdout)).toMatchObject({
      valid: false,
      signature: { problems: ['statement_mismatch'] },
      recomputed: { matches: false },
    });
  });

  it('a bundle whose events were edited fails verify, naming the event', async () => {
    const tampered = join(work, 'tampered');
    cpSync(bundle, tampered, { recursive: true });
    const lines = readFileSync(join(tampered, 'events.ndjson'), 'utf8').split('\n');
    lines[2] = lines[2].replace('"participants":40', '"participants":400');
    writeFileSync(join(tampered, 'events.ndjson'), lines.join('\n'));
    const run = await runLedger(['verify', '--bundle', tampered]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('MISMATCH (content_hash_mismatch) at training-bsas revision 1, position 3');
    const attestationOnTampered = await runLedger(['verify-attestation', attestationFile, '--bundle', tampered]);
    expect(attestationOnTampered.code).toBe(1);
    expect(attestationOnTampered.stdout).toContain('bundle: MISMATCH (content_hash_mismatch)');
  });
});
