import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf, SIGNING_KEY_FILE, verifyTreeHead } from '@ledger/audit';
import { EVERY_ROLE_TEST_PRINCIPAL } from '@ledger/auth/testing';
import { ConfigError, loadConfig } from '@ledger/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { recordTraining } from '@ledger/test-support/http/bodies';

describe('audit configuration: the signing key and the tree-head schedule', () => {
  let dir: string;
  let app: INestApplication | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-audit-config-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ LEDGER_DATA_DIR: join(dir, 'data'), LEDGER_LOG_LEVEL: 'error', ...env });
    app = await createApp(config, { logger: false, principal: EVERY_ROLE_TEST_PRINCIPAL });
    return () => request(app!.getHttpServer());
  };

  it('given LEDGER_SIGNING_KEY_FILE, then that key signs and is served, and none is generated', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const file = join(dir, 'ledger-key.pem');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const http = await start({ LEDGER_SIGNING_KEY_FILE: file });
    const served = (await http().get('/v1/audit/public-key').expect(200)).body;
    expect(served.keyId).toBe(keyIdOf(publicKey));
    const head = (await http().post('/v1/audit/tree-heads').expect(201)).body;
    expect(verifyTreeHead(head, publicKey)).toBe(true);
    expect(existsSync(join(dir, 'data', SIGNING_KEY_FILE))).toBe(false);
  });

  it('given no key, then one is generated under the data dir on first start and kept on the next', async () => {
    const first = (await (await start({}))().get('/v1/audit/public-key').expect(200)).body.keyId;
    expect(existsSync(join(dir, 'data', SIGNING_KEY_FILE))).toBe(true);
    await app!.close();
    app = undefined;
    const second = (await (await start({}))().get('/v1/audit/public-key').expect(200)).body.keyId;
    expect(second).toBe(first);
  });

  it('given LEDGER_TREE_HEAD_INTERVAL_MS, then heads are signed on schedule once the log grew, and only then', async () => {
    const http = await start({ LEDGER_TREE_HEAD_INTERVAL_MS: '100' });
    await http()
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'cdmx' })
      .expect(201);
    let heads: { treeSize: number }[] = [];
    for (let attempt = 0; attempt < 100 && heads.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      heads = (await http().get('/v1/audit/tree-heads').expect(200)).body.treeHeads;
    }
    expect(heads).toEqual([expect.objectContaining({ treeSize: 1 })]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await http().get('/v1/audit/tree-heads').expect(200)).body.treeHeads).toHaveLength(1);
  });

  it.each([
    [{ LEDGER_SIGNING_KEY_PEM: 'not a key' }, 'LEDGER_SIGNING_KEY_PEM'],
    [
      { LEDGER_SIGNING_KEY_PEM: '-----BEGIN PRIVATE KEY-----\\nMC4=\\n-----END PRIVATE KEY-----', LEDGER_SIGNING_KEY_FILE: '/k.pem' },
      'LEDGER_SIGNING_KEY_FILE',
    ],
    [{ LEDGER_TREE_HEAD_INTERVAL_MS: '10' }, 'LEDGER_TREE_HEAD_INTERVAL_MS'],
    [{ LEDGER_TREE_HEAD_INTERVAL_MS: 'hourly' }, 'LEDGER_TREE_HEAD_INTERVAL_MS'],
  ])('given %p, then the configuration fails naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
