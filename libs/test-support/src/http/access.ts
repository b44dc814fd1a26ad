import request from 'supertest';
import { freezeFunds, receiveRequest, recordTraining, reportStolenFunds } from './bodies';
import type { LedgerTestApp } from './ledger-app';
import { TEST_ADMIN_KEY } from './ledger-app';

/** Everyone the matrix asks: no credential, bad credentials, and one key per role and grant. */
export const CALLERS = [
  'anonymous',
  'unknownKey',
  'revokedKey',
  'serviceAll',
  'serviceTraining',
  'regulatorMX',
  'auditor',
  'admin',
] as const;
export type Caller = (typeof CALLERS)[number];

export interface Credentials {
  readonly headers: Readonly<Record<Caller, Record<string, string>>>;
  readonly actors: Readonly<Partial<Record<Caller, string>>>;
}

export async function createKey(ledger: LedgerTestApp, body: object): Promise<{ key: string; keyId: string }> {
  const created = await request(ledger.app.getHttpServer())
    .post('/v1/keys')
    .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
    .send(body)
    .expect(201);
  return { key: created.body.key, keyId: created.body.keyId };
}

export async function credentials(ledger: LedgerTestApp): Promise<Credentials> {
  const serviceAll = await createKey(ledger, { role: 'service', categories: ['*'] });
  const serviceTraining = await createKey(ledger, { role: 'service', categories: ['training'] });
  const regulatorMX = await createKey(ledger, { role: 'regulator', countries: ['MX'] });
  const auditor = await createKey(ledger, { role: 'auditor' });
  const revoked = await createKey(ledger, { role: 'auditor' });
  await request(ledger.app.getHttpServer())
    .post(`/v1/keys/${revoked.keyId}/revocation`)
    .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
    .send({ reason: 'test' })
    .expect(200);
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  return {
    headers: {
      anonymous: {},
      unknownKey: bearer('ldg_' + 'A'.repeat(43)),
      revokedKey: bearer(revoked.key),
      serviceAll: bearer(serviceAll.key),
      serviceTraining: bearer(serviceTraining.key),
      regulatorMX: bearer(regulatorMX.key),
      auditor: bearer(auditor.key),
      admin: bearer(TEST_ADMIN_KEY),
    },
    actors: {
      serviceAll: `apikey:${serviceAll.keyId}`,
      serviceTraining: `apikey:${serviceTraining.keyId}`,
      regulatorMX: `apikey:${regulatorMX.keyId}`,
      auditor: `apikey:${auditor.keyId}`,
    },
  };
}

/** A small history in two jurisdictions, MX and AR (and US for funds), so scope has something to hide. */
export async function seedTwoCountries(ledger: LedgerTestApp): Promise<number> {
  const http = ledger.as('service');
  await http
    .post('/v1/trainings')
    .send({ ...recordTraining, trainingId: 'mx-1' })
    .expect(201);
  await http
    .post('/v1/trainings')
    .send({ ...recordTraining, trainingId: 'mx-2', participants: 12, deliveredOn: '2024-09-10', endsOn: undefined })
    .expect(201);
  await http
    .post('/v1/trainings')
    .send({ ...recordTraining, trainingId: 'ar-1', country: 'AR', city: 'Buenos Aires', participants: 40 })
    .expect(201);
  await http
    .post('/v1/le-requests')
    .send({ ...receiveRequest, requestId: 'rq-mx' })
    .expect(201);
  await http
    .post('/v1/le-requests')
    .send({ ...receiveRequest, requestId: 'rq-ar', agency: { name: 'Policía Federal Argentina', kind: 'police', country: 'AR' } })
    .expect(201);
  await http
    .post('/v1/freezes')
    .send({ ...freezeFunds, freezeId: 'fz-mx', country: 'MX', accountIds: ['UID-1001'] })
    .expect(201);
  await http
    .post('/v1/freezes')
    .send({ ...freezeFunds, freezeId: 'fz-ar', country: 'AR' })
    .expect(201);
  await http
    .post('/v1/incidents')
    .send({ ...reportStolenFunds, incidentId: 'inc-ar' })
    .expect(201);
  const last = await http
    .post('/v1/incidents')
    .send({ ...reportStolenFunds, incidentId: 'inc-mx', country: 'MX', usdValue: '1000' })
    .expect(201);
  const position: number = last.body.events[0].position;
  await projectedTo(ledger, position);
  return position;
}

/** Waits (bounded) until the in-process projector has applied the log up to `position`. */
export async function projectedTo(ledger: LedgerTestApp, position: number): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const { body } = await ledger.as('auditor').get('/v1/figures').expect(200);
    if (body.figures.every((f: { projectedTo: { position: number } | null }) => (f.projectedTo?.position ?? -1) >= position)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`figures did not reach log position ${position}`);
}

/** Every figure, from the registry: a suite over all figures covers a new one. */
export { FIGURE_NAMES } from '@ledger/figures';
