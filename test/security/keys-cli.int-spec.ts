import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { Command } from 'commander';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { describeList, registerKeysCommand, withKeys } from '../../apps/ledger-cli/src/commands/keys.command';

/** `ledger keys ...` works on the data dir's security log; a running API honours what it does at the next request. */
describe('ledger keys', () => {
  let dataDir: string;
  let config: LedgerConfig;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    config = loadConfig({ LEDGER_DATA_DIR: dataDir });
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<string> {
    const program = new Command('ledger').exitOverride();
    registerKeysCommand(program);
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'ledger', ...args, '--data-dir', dataDir]);
    } finally {
      spy.mockRestore();
    }
    return written.join('');
  }

  it('creates (key shown once), lists and revokes; a running API follows each step', async () => {
    const app = await createApp(config, { clock: new FixedClock('2025-06-30T12:00:00.000Z'), logger: false });
    try {
      const created = JSON.parse(
        await run('keys', 'create', '--role', 'regulator', '--country', 'MX', '--country', 'AR,BR', '--label', 'CNBV', '--json'),
      );
      expect(created).toMatchObject({
        role: 'regulator',
        countries: ['AR', 'BR', 'MX'],
        label: 'CNBV',
        createdBy: expect.stringMatching(/^cli:/),
        key: expect.stringMatching(/^ldg_/),
      });
      await request(app.getHttpServer()).get('/v1/figures').set('Authorization', `Bearer ${created.key}`).expect(200);

      const listed = await run('keys', 'list');
      expect(listed).toContain(created.keyId);
      expect(listed).toContain('countries AR,BR,MX');
      expect(listed).not.toContain(created.key);

      expect(await run('keys', 'revoke', created.keyId, '--reason', 'rotated')).toContain(`revoked ${created.keyId}`);
      await request(app.getHttpServer()).get('/v1/figures').set('Authorization', `Bearer ${created.key}`).expect(401);
    } finally {
      await app.close();
    }
  });

  it('refuses invalid grants with a plain message and records nothing', async () => {
    await expect(run('keys', 'create', '--role', 'service')).rejects.toThrow('a service key needs at least one category');
    await expect(run('keys', 'create', '--role', 'root')).rejects.toThrow('expected one of service, regulator, auditor, admin');
    expect(await withKeys(config, (k) => k.list())).toEqual([]);
    expect(describeList([])).toBe('no keys yet\n');
  });
});
