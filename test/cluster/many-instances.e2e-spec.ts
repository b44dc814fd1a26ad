/**
 * Two API instances (separate data dirs) and `ledger project` on one EventStoreDB (the protocol stand-in) and one
 * PostgreSQL database of this run's own: keys, revocations, erasures, figures, tree heads and verify agree across
 * instances, a secret missing in production stops a start naming its variable, and the projector fails over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEsdbStandIn, type EsdbStandIn } from '../esdb-stand-in/esdb-stand-in';
import { receiveRequest, recordTraining } from '@ledger/test-support/http/bodies';
import { ApiProcess, freePort, register } from '@ledger/test-support/process/api-process';
import { scratchDatabase } from '@ledger/test-support';

const root = path.resolve(__dirname, '..', '..');
const database = scratchDatabase('ledger_cluster');
const databaseUrl = database.url;

/** `ledger project` as a child process; its stderr is kept to see when it holds the lease. */
class ProjectorProcess {
  output = '';
  private readonly child: ChildProcess;

  constructor(dataDir: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', register, path.join(root, 'apps', 'ledger-cli', 'src', 'main.ts'), 'project'], {
      cwd: root,
      env: { ...process.env, ...env, LEDGER_DATA_DIR: dataDir, LEDGER_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  async waitFor(text: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (this.child.exitCode !== null) throw new Error(`ledger project exited (${this.child.exitCode}):\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`ledger project never said "${text}":\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('many API instances on one EventStoreDB and one PostgreSQL', () => {
  let standIn: EsdbStandIn;
  let work: string;
  let shared: Record<string, string>;
  const apis: ApiProcess[] = [];
  const projectors: ProjectorProcess[] = [];
  const adminKey = `ldg_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    await database.create();
    standIn = await startEsdbStandIn();
    work = mkdtempSync(path.join(tmpdir(), 'ledger-cluster-'));
    shared = {
      LEDGER_EVENT_STORE: 'esdb',
      EVENTSTORE_URL: standIn.url,
      DATABASE_URL: databaseUrl,
      LEDGER_PSEUDONYM_SECRET: randomBytes(32).toString('base64url'),
      LEDGER_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
      LEDGER_SIGNING_KEY_PEM: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      LEDGER_ADMIN_KEY: adminKey,
      LEDGER_TREE_HEAD_INTERVAL_MS: '200',
    };
  }, 60_000);

  afterAll(async () => {
    for (const projector of projectors) await projector.kill();
    for (const api of apis) await api.stop();
    await standIn?.close();
    rmSync(work, { recursive: true, force: true });
    await database.drop();
  }, 60_000);

  it('agree on keys, revocation, erasure, figures, tree heads and verify; the projector fails over', async () => {
    const started = Date.now();
    // One projector holds the lease first; the second API (in-process projector) must wait for it like any other.
    const first = new ProjectorProcess(path.join(work, 'projector-1'), shared);
    projectors.push(first);
    await first.waitFor('projector: starting at position');
    const a = new ApiProcess(path.join(work, 'api-a'), await freePort(), { ...shared, LEDGER_PROJECTOR: 'external' });
    const b = new ApiProcess(path.join(work, 'api-b'), await freePort(), { ...shared, LEDGER_PROJECTOR: 'in-process' });
    apis.push(a, b);
    await Promise.all([a.start(), b.start()]);

    // Production never makes a secret per instance: one that is missing (and not in the shared store) stops the start.
    const { LEDGER_KEY_HASH_SECRET: _omitted, ...withoutKeyHashSecret } = shared;
    const lonely = new ApiProcess(path.join(work, 'api-c'), await freePort(), { ...withoutKeyHashSecret, LEDGER_KEY_HASH_SECRET: '' });
    await expect(lonely.start()).rejects.toThrow(/LEDGER_KEY_HASH_SECRET is required with DATABASE_URL/);

    const call = async (api: ApiProcess, method: string, route: string, key: string, body?: unknown) => {
      const response = await fetch(`${api.baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    };

    // A key created on one instance authenticates on the other at once.
    const service = (await call(a, 'POST', '/v1/keys', adminKey, { role: 'service', categories: ['*'], label: 'cluster test' })).body as {
      key: string;
      keyId: string;
    };
    const auditor = (await call(b, 'POST', '/v1/keys', adminKey, { role: 'auditor' })).body as { key: string };
    for (let i = 0; i < 6; i++) {
      const accepted = await call(i % 2 ? a : b, 'POST', '/v1/trainings', service.key, { ...recordTraining, participants: 10 + i });
      expect(accepted.status).toBe(201);
    }

    // An Idempotency-Key names one request across instances: its event ids are claimed in PostgreSQL, so the same
    // key sent to another stream on the other instance is refused (a training refused: the figures below hold).
    const keyed = (api: ApiProcess, route: string, body: unknown) =>
      fetch(`${api.baseUrl}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${service.key}`, 'content-type': 'application/json', 'idempotency-key': 'one-request' },
        body: JSON.stringify(body),
      });
    expect((await keyed(a, '/v1/le-requests', receiveRequest)).status).toBe(201);
    const reused = await keyed(b, '/v1/trainings', recordTraining);
    expect([reused.status, ((await reused.json()) as { code: string }).code]).toEqual([422, 'idempotency.key_reused']);

    // Figures agree on both instances (the one projector fills the shared figure store).
    const sessions = async (api: ApiProcess) =>
      (await call(api, 'GET', '/v1/figures/trainings', auditor.key)).body as {
        rows: { measures: { sessions: number; participants: number } }[];
      };
    await until('six sessions on both instances', async () =>
      (await sessions(a)).rows[0]?.measures.sessions === 6 && (await sessions(b)).rows[0]?.measures.sessions === 6 ? true : undefined,
    );
    expect((await sessions(a)).rows).toEqual((await sessions(b)).rows);
    expect((await sessions(a)).rows[0].measures.participants).toBe(10 + 11 + 12 + 13 + 14 + 15);

    // Erasure on one instance: the other can no longer open the subject's details, with no wait at all.
    const subject = (await call(a, 'POST', '/v1/subjects', service.key, { subjectId: 'account-4711', details: { name: 'Ana Example' } }))
      .body as { subject: string };
    expect((await call(b, 'GET', `/v1/subjects/${subject.subject}`, auditor.key)).body.records[0].details).toEqual({ name: 'Ana Example' });
    expect((await call(b, 'POST', `/v1/subjects/${subject.subject}/erasure`, adminKey, { reason: 'data subject request' })).status).toBe(
      200,
    );
    expect((await call(a, 'GET', `/v1/subjects/${subject.subject}`, auditor.key)).status).toBe(410);

    // Tree heads are shared and signed with one key; both instances prove and verify the same log.
    const headA = await until('a signed head over every event', async () => {
      const latest = await call(a, 'GET', '/v1/audit/tree-heads/latest', auditor.key);
      return latest.status === 200 && latest.body.treeSize >= 6 ? latest.body : undefined;
    });
    expect((await call(b, 'GET', `/v1/audit/tree-heads?afterSize=${headA.treeSize - 1}&limit=1`, auditor.key)).body.treeHeads[0]).toEqual(
      headA,
    );
    const firstEvent = (await call(a, 'GET', '/v1/events?limit=1', auditor.key)).body.events[0] as { position: number };
    const proof = async (api: ApiProcess) =>
      until('an inclusion proof (the instance tree caught up)', async () => {
        const answer = await call(
          api,
          'GET',
          `/v1/audit/proofs/inclusion?position=${firstEvent.position}&treeSize=${headA.treeSize}`,
          auditor.key,
        );
        return answer.status === 200 ? answer.body : undefined;
      });
    const [proofA, proofB] = await Promise.all([proof(a), proof(b)]);
    expect(proofA).toEqual(proofB);
    expect(proofA.treeHead).toEqual(headA);
    const onDemand = await call(b, 'POST', '/v1/audit/tree-heads', auditor.key);
    expect(onDemand.status).toBe(201);
    const verifyA = (await call(a, 'GET', '/v1/audit/verify', auditor.key)).body;
    const verifyB = (await call(b, 'GET', '/v1/audit/verify', auditor.key)).body;
    expect(verifyA).toMatchObject({ ok: true, eventsChecked: verifyB.eventsChecked, rootHash: verifyB.rootHash });
    expect(verifyA.treeHeadsChecked).toBeGreaterThanOrEqual(2);

    // A revocation on one instance takes effect on the other (notified; at the latest after a second).
    expect((await call(b, 'POST', `/v1/keys/${service.keyId}/revocation`, adminKey, { reason: 'rotated' })).status).toBe(200);
    const revokedAt = Date.now();
    await until(
      'the revoked key refused by the other instance',
      async () => ((await call(a, 'GET', '/v1/figures', service.key)).status === 401 ? true : undefined),
      5000,
    );
    const revocationSeenMs = Date.now() - revokedAt;

    // Fail-over: a second projector waits while the first holds the lease; the first dies; figures keep advancing.
    const second = new ProjectorProcess(path.join(work, 'projector-2'), shared);
    projectors.push(second);
    await second.waitFor('projector: another process holds the projector lease');
    await first.kill();
    const writer = (await call(a, 'POST', '/v1/keys', adminKey, { role: 'service', categories: ['training'] })).body as { key: string };
    for (let i = 0; i < 3; i++)
      expect((await call(b, 'POST', '/v1/trainings', writer.key, { ...recordTraining, participants: 1 })).status).toBe(201);
    await until(
      'nine sessions after the fail-over',
      async () => ((await sessions(a)).rows[0]?.measures.sessions === 9 ? true : undefined),
      30_000,
    );
    expect((await sessions(b)).rows).toEqual((await sessions(a)).rows);
    // Whoever took over (the waiting `ledger project` or API b's in-process projector) did so alone: no event counted twice.
    expect((await sessions(a)).rows[0].measures.participants).toBe(75 + 3);

    // API b projects in process under the same lease: while it holds it, the second `ledger project` waits; when
    // b dies too, that one takes over and figures advance again.
    const tookOverFirst = second.output.includes('projector: starting at position') ? 'ledger project' : 'API b (in-process)';
    await b.kill();
    await second.waitFor('projector: starting at position');
    for (let i = 0; i < 3; i++)
      expect((await call(a, 'POST', '/v1/trainings', writer.key, { ...recordTraining, participants: 2 })).status).toBe(201);
    await until(
      'twelve sessions after the second fail-over',
      async () => ((await sessions(a)).rows[0]?.measures.sessions === 12 ? true : undefined),
      30_000,
    );
    expect((await sessions(a)).rows[0].measures.participants).toBe(78 + 6);
    expect((await call(a, 'GET', '/v1/audit/verify', auditor.key)).body).toMatchObject({
      ok: true,
      eventsChecked: verifyA.eventsChecked + 6,
    });
    process.stdout.write(
      `many-instances: whole scenario ${Date.now() - started} ms; revocation seen by the other instance after ${revocationSeenMs} ms; first take-over by ${tookOverFirst}\n`,
    );
  }, 180_000);
});
