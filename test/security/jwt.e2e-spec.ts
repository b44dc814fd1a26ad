import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { TEST_NOW } from '@ledger/test-support/http/ledger-app';

const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'cooperation-ledger';

/** Signed JWTs from the configured issuer: verified by jose (signature, iss, aud, exp, algorithm), claims become grants. */
describe('JWT bearer tokens', () => {
  let app: INestApplication;
  let dataDir: string;
  const trusted = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-jwt-'));
    const pem = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const config = loadConfig({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_ISSUER: ISSUER,
      LEDGER_JWT_AUDIENCE: AUDIENCE,
      LEDGER_JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n'),
      LEDGER_JWT_ALGORITHMS: 'ES256',
    });
    app = await createApp(config, { clock: new FixedClock(TEST_NOW), logger: false });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function token(
    claims: Record<string, unknown>,
    options: {
      key?: KeyObject;
      issuer?: string;
      audience?: string;
      expires?: string | number | null;
      issuedAt?: number | null;
      subject?: string;
    } = {},
  ) {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject(options.subject ?? 'case-management');
    if (options.issuedAt !== null) jwt.setIssuedAt(options.issuedAt);
    if (options.expires !== null) jwt.setExpirationTime(options.expires ?? '5m');
    return jwt.sign(options.key ?? trusted.privateKey);
  }
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('an iat a little ahead (within the 60 s skew) is accepted', async () => {
    await get('/v1/events', await token({ role: 'auditor' }, { issuedAt: nowSeconds() + 30, expires: nowSeconds() + 600 })).expect(200);
  });
  const get = (path: string, jwt: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${jwt}`);

  it('a service token issues commands of its categories only, recorded as the token’s subject', async () => {
    const jwt = await token({ role: 'service', categories: ['training'] });
    const appended = await request(app.getHttpServer())
      .post('/v1/trainings')
      .set('Authorization', `Bearer ${jwt}`)
      .send(recordTraining)
      .expect(201);
    await request(app.getHttpServer()).post('/v1/incidents').set('Authorization', `Bearer ${jwt}`).send({}).expect(403);
    const auditor = await token({ role: 'auditor' }, { subject: 'audit-firm' });
    const stored = (await get(`/v1/streams/${appended.body.stream}`, auditor).expect(200)).body.events[0];
    expect(stored.metadata.actor).toBe(`jwt:${ISSUER}#case-management`);
  });

  it('a regulator token reads figures of its countries only', async () => {
    const jwt = await token({ role: 'regulator', countries: ['MX'] });
    await get('/v1/figures', jwt).expect(200);
    expect((await get('/v1/figures/trainings?country=AR', jwt).expect(403)).body.code).toBe('auth.out_of_scope');
    await get('/v1/events', jwt).expect(403);
  });

  it.each([
    ['signed by another key', () => token({ role: 'auditor' }, { key: stranger.privateKey })],
    ['from another issuer', () => token({ role: 'auditor' }, { issuer: 'https://evil.example' })],
    ['for another audience', () => token({ role: 'auditor' }, { audience: 'someone-else' })],
    ['expired', () => token({ role: 'auditor' }, { expires: Math.floor(Date.now() / 1000) - 60 })],
    ['without exp (it would never expire)', () => token({ role: 'auditor' }, { expires: null })],
    ['without iat', () => token({ role: 'auditor' }, { issuedAt: null })],
    ['issued 10 minutes in the future', () => token({ role: 'auditor' }, { issuedAt: nowSeconds() + 600, expires: nowSeconds() + 1200 })],
    [
      'older than the maximum age (1 h), though not expired',
      () => token({ role: 'auditor' }, { issuedAt: nowSeconds() - 3700, expires: nowSeconds() + 60 }),
    ],
    ['living longer than the maximum age (exp a day after iat)', () => token({ role: 'auditor' }, { expires: nowSeconds() + 86_400 })],
    ['without a role', () => token({})],
    ['with an unknown role', () => token({ role: 'root' })],
    ['a regulator without countries', () => token({ role: 'regulator' })],
    [
      'unsigned (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ role: 'auditor', iss: ISSUER, aud: AUDIENCE, sub: 'x' })).toString('base64url')}.`,
    ],
    [
      'HMAC-signed with the public key as secret',
      async () => {
        const { createHmac } = await import('node:crypto');
        const head = Buffer.from('{"alg":"HS256"}').toString('base64url');
        const body = Buffer.from(JSON.stringify({ role: 'auditor', iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: 4102444800 })).toString(
          'base64url',
        );
        const secret = trusted.publicKey.export({ type: 'spki', format: 'pem' });
        return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
      },
    ],
  ])('a token %s is refused (401)', async (_, make) => {
    const response = await get('/v1/events', await make()).expect(401);
    expect(response.body.code).toBe('auth.invalid_token');
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });
});
