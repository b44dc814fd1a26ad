import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { PositionCursors } from '../../apps/ledger-api/src/security/position-cursors';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { createKey, projectedTo } from '@ledger/test-support/http/access';

/**
 * A security review of issue 13's hardening, as an attacker holding an MX regulator key: every route it may call,
 * looking for the count or timing of other jurisdictions' events, for a 5xx anyone can cause, and for calls the
 * cost budget does not see. Each test asserts the safe behaviour.
 */
describe('attack review: an MX regulator against the hardened API', () => {
  let ledger: LedgerTestApp;
  let regulator: string;
  let positions: number[];
  const server = () => ledger.app.getHttpServer();
  const asRegulator = (path: string) => request(server()).get(path).set('Authorization', `Bearer ${regulator}`);
  const record = async (trainingId: string, country: string) =>
    (
      await ledger
        .http()
        .post('/v1/trainings')
        .send({ ...recordTraining, trainingId, country, city: 'X', agencies: [{ name: `Agency ${country}`, kind: 'police', country }] })
        .expect(201)
    ).body.events[0].position as number;
  /** Every number in a body or its headers that could be a place in the log, and every link that names one. */
  const positionsIn = (value: unknown): string[] => {
    const found: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) return v.forEach((item, i) => walk(item, `${path}[${i}]`));
      if (typeof v === 'object' && v !== null) {
        // `version` is the definition's, `instance` echoes the caller's own request line.
        for (const [key, item] of Object.entries(v)) if (!['version', 'instance'].includes(key)) walk(item, `${path}.${key}`);
        return;
      }
      const text = typeof v === 'number' || typeof v === 'string' ? String(v) : '';
      // A number under a name that could be a place in the log (measures and the caller's own counts are not).
      const key = path.slice(path.lastIndexOf('.') + 1);
      if (/^\d+$/.test(text) && /position|after|size|head|since|next|cursor|offset|seq|index|known/i.test(key))
        found.push(`${path}=${text}`);
      for (const m of text.matchAll(/[?&](after|knownAt|position)=(\d+)(?=&|$)/g)) found.push(`${path} (${m[0]})`);
    };
    walk(value, '$');
    return found;
  };

  beforeAll(async () => {
    ledger = await startLedgerApp({ LEDGER_RATE_LIMIT: '60/h' });
    regulator = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    positions = [await record('mx-a', 'MX')];
    for (let i = 0; i < 6; i++) positions.push(await record(`ar-${i}`, 'AR'));
    positions.push(await record('mx-b', 'MX'));
    positions.push(await record('mx-c', 'MX'));
    await projectedTo(ledger, positions[positions.length - 1]);
  });
  // Each test spends its own key's budget (the probes are many; the budget tests count on a full bucket).
  beforeEach(async () => {
    regulator = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
  });
  afterAll(async () => ledger?.close());

  it('(a) a provenance page opened from a sealed cursor echoes no position: not in the body, the next link or headers', async () => {
    const first = await asRegulator('/v1/figures/trainings/provenance?limit=1').expect(200);
    const second = await asRegulator(first.body.next).expect(200);
    expect(second.body.events.map((e: { stream: string }) => e.stream)).toEqual(['training-mx-b']);
    for (const page of [first, second]) {
      expect(positionsIn(page.body)).toEqual([]);
      expect(positionsIn(page.headers)).toEqual([]);
    }
  });

  it('(a) figure answers, the list, restatements and /health name no position in body or headers, with knownAt by time', async () => {
    for (const path of [
      '/v1/figures/trainings?groupBy=country',
      '/v1/figures/trainings?knownAt=2999-01-01T00:00:00Z&groupBy=month',
      '/v1/figures',
      '/v1/figures/trainings/restatements',
      '/v1/figures/trainings/restatements?after=0',
      '/health',
    ]) {
      const answer = await asRegulator(path).expect(200);
      expect({ path, found: [...positionsIn(answer.body), ...positionsIn(answer.headers)] }).toEqual({ path, found: [] });
    }
  });

  it('(a) routes of the whole log refuse a regulator without naming a position or a count', async () => {
    const paths = [
      '/v1/events?limit=1',
      `/v1/events?after=${positions[1]}`,
      '/v1/audit/verify',
      '/v1/audit/verifications/latest',
      `/v1/audit/proofs/inclusion?position=${positions[2]}`,
      '/v1/audit/proofs/consistency?from=1&to=2',
      '/v1/audit/tree-heads',
      '/v1/audit/tree-heads/latest',
      '/v1/security/events',
      '/v1/streams/training-ar-0',
    ];
    for (const path of paths) {
      const refused = await asRegulator(path);
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
      expect({ path, found: positionsIn(refused.body) }).toEqual({ path, found: [] });
    }
  });

  it('(a)(b) knownAt spelled oddly is a 4xx or a time, never a position and never a 5xx', async () => {
    const odd = [
      '05',
      ' 7 ',
      '+7',
      '7.0',
      '1e1',
      '0x7',
      '-1',
      '٧',
      '7%00',
      '',
      '0001-01-01',
      '9999-12-31T23:59:59.999Z',
      '+275760-09-13T00:00:00Z',
      '2024-02-30',
      'NaN',
      'Infinity',
    ];
    for (const knownAt of odd) {
      for (const base of ['/v1/figures/trainings', '/v1/figures/trainings/provenance', '/v1/figures/trainings/restatements']) {
        const answer = await asRegulator(`${base}?knownAt=${encodeURIComponent(knownAt)}`);
        expect({ knownAt, base, status: answer.status < 500 }).toEqual({ knownAt, base, status: true });
        if (answer.status === 200) expect({ knownAt, found: positionsIn(answer.body) }).toEqual({ knownAt, found: [] });
      }
    }
    // Twice, or as an array, still no position.
    await asRegulator(`/v1/figures/trainings?knownAt=2999-01-01&knownAt=${positions[2]}`).expect(403);
    await asRegulator(`/v1/figures/trainings?knownAt[]=${positions[2]}`).expect((r) => expect([400, 403]).toContain(r.status));
  });

  it('(b) malformed, huge, foreign, repeated and nested cursors are a 400, and the ledger answers everyone after', async () => {
    const foreign = new PositionCursors(randomBytes(32)).seal(positions[2]);
    const cursors = [
      'c1.',
      'c1.' + 'A'.repeat(48),
      'c1.' + 'A'.repeat(6000),
      'c1.!!!!',
      'c1.' + '\u00ff'.repeat(40),
      foreign,
      'c1.%00',
      `c1.${'_'.repeat(48)}`,
    ];
    for (const cursor of cursors) {
      const refused = await asRegulator(`/v1/figures/trainings/provenance?after=${encodeURIComponent(cursor)}`);
      expect({ cursor: cursor.slice(0, 20), status: refused.status }).toEqual({ cursor: cursor.slice(0, 20), status: 400 });
    }
    const good = new URLSearchParams(
      (await asRegulator('/v1/figures/trainings/provenance?limit=1').expect(200)).body.next.split('?')[1],
    ).get('after')!;
    await asRegulator(`/v1/figures/trainings/provenance?after=${good}&after=${good}`).expect(400);
    await asRegulator(`/v1/figures/trainings/provenance?after[x]=${good}`).expect(400);
    // A huge query string is refused before it reaches the cursor (or the cursor refuses it); never a 5xx or a hang.
    const huge = await asRegulator(`/v1/figures/trainings/provenance?after=c1.${'A'.repeat(200_000)}`);
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    await ledger.as('auditor').get('/health').expect(200);
  });

  it('(c) attestations are charged against the budget: a regulator cannot sign and compute answers without end', async () => {
    // Before: POST /v1/attestations cost 0, so a key past its budget still had a figure answer computed (and a head
    // signed whenever the log had grown) on every call.
    const attacker = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    const attest = () =>
      request(server())
        .post('/v1/attestations')
        .set('Authorization', `Bearer ${attacker}`)
        .send({ figure: 'trainings', query: { groupBy: 'country' } });
    let statuses: number[] = [];
    for (let i = 0; i < 200 && !statuses.includes(429); i++) statuses = [...statuses, (await attest()).status];
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    const limited = await attest().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('(c) limits that are not numbers cost their fallback or are refused: never 0, never NaN', async () => {
    const spender = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    const get = (path: string) => request(server()).get(path).set('Authorization', `Bearer ${spender}`);
    for (const limit of ['NaN', '-5', 'Infinity', '0', '1e-9', '']) {
      const answer = await get(`/v1/figures/trainings/provenance?limit=${limit}`);
      expect({ limit, ok: answer.status < 500 }).toEqual({ limit, ok: true });
    }
    // 60 units an hour: provenance pages of 100 events cost 1 each, so well before 100 calls the key is limited.
    let limited = false;
    for (let i = 0; i < 100 && !limited; i++) limited = (await get('/v1/figures/trainings/provenance?limit=NaN')).status === 429;
    expect(limited).toBe(true);
  });

  it('(b) parallel attestations after the log grew, parallel restatements and parallel verify jobs: no 5xx', async () => {
    await record('mx-par', 'MX');
    const keys = await Promise.all(Array.from({ length: 4 }, () => createKey(ledger, { role: 'regulator', countries: ['MX'] })));
    const attestations = await Promise.all(
      keys.flatMap(({ key }) =>
        Array.from({ length: 5 }, () =>
          request(server()).post('/v1/attestations').set('Authorization', `Bearer ${key}`).send({ figure: 'trainings', query: {} }),
        ),
      ),
    );
    expect(attestations.map((a) => a.status).filter((s) => s >= 500)).toEqual([]);
    expect(attestations.filter((a) => a.status === 201).length).toBeGreaterThan(0);
    const restatements = await Promise.all(
      keys.map(({ key }) => request(server()).get('/v1/figures/trainings/restatements?late=include').set('Authorization', `Bearer ${key}`)),
    );
    expect(restatements.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const auditors = await Promise.all(Array.from({ length: 6 }, () => createKey(ledger, { role: 'auditor' })));
    const jobs = await Promise.all(
      auditors.map(({ key }) => request(server()).post('/v1/audit/verifications').set('Authorization', `Bearer ${key}`)),
    );
    expect(jobs.map((j) => j.status).filter((s) => s >= 500)).toEqual([]);
    await ledger.as('auditor').get('/health').expect(200);
  });

  it('(c) a 1000-row page costs 10 units however its limit is spelled (repeated, signed, with spaces, as an array)', async () => {
    const spellings = [
      'limit=1000&limit=1000',
      'limit=%2B1000',
      'limit=%201000',
      'limit=1000.0',
      'limit=1e3',
      'limit[]=1000',
      'limit=0x3e8',
    ];
    for (const [path, role] of [
      ['/v1/events', 'auditor'],
      ['/v1/figures/trainings/provenance', 'regulator'],
    ] as const) {
      for (const spelling of spellings) {
        const key = (await createKey(ledger, role === 'auditor' ? { role } : { role, countries: ['MX'] })).key;
        let served = 0;
        for (let i = 0; i < 12; i++)
          if ((await request(server()).get(`${path}?${spelling}`).set('Authorization', `Bearer ${key}`)).status === 200) served++;
        // 60 units an hour: six 10-unit pages at most (or none, when the spelling is refused).
        expect({ path, spelling, served: served <= 6 }).toEqual({ path, spelling, served: true });
      }
    }
  });

  it('(a) an AR event changes nothing a regulator receives: same bodies, same ETags, and its If-None-Match still gets 304', async () => {
    const paths = [
      '/v1/figures/trainings?groupBy=country',
      '/v1/figures',
      '/v1/figures/trainings/provenance',
      '/v1/figures/trainings/restatements',
      '/health',
    ];
    const before = await Promise.all(paths.map((path) => asRegulator(path).expect(200)));
    const auditorBefore = (await ledger.as('auditor').get('/v1/figures').expect(200)).headers.etag;
    await projectedTo(ledger, await record('ar-late', 'AR'));
    for (const [i, path] of paths.entries()) {
      const after = await asRegulator(path).expect(200);
      expect({ path, body: after.body, etag: after.headers.etag }).toEqual({ path, body: before[i].body, etag: before[i].headers.etag });
      await asRegulator(path).set('If-None-Match', before[i].headers.etag).expect(304);
    }
    // The auditor's view did move (the check above could fail).
    expect((await ledger.as('auditor').get('/v1/figures').expect(200)).headers.etag).not.toBe(auditorBefore);
  });
});
