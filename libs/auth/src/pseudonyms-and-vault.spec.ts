import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FixedWindowLimiter } from './rate-limit';
import { Pseudonymizer, PSEUDONYM_PATTERN } from './pseudonyms';
import { SqliteSubjectKeyStore } from './stores/sqlite-subject-key-store';
import { SubjectErasedError, SubjectVault } from './subject-vault';

describe('Pseudonymizer', () => {
  const secret = Buffer.from('a-ledger-secret-of-at-least-32-bytes!!');
  it('is stable, keyed and in the form the domain accepts', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (id) => {
        const p = new Pseudonymizer(secret).pseudonym(id);
        expect(p).toMatch(PSEUDONYM_PATTERN);
        expect(new Pseudonymizer(secret).pseudonym(id)).toBe(p);
        // Another secret gives an unrelated pseudonym: without the ledger's secret a guess cannot be tested.
        const other = new Pseudonymizer(Buffer.from('another-ledger-secret-of-32-bytes-or-more')).pseudonym(id);
        expect(other.split(':')[1]).not.toBe(p.split(':')[1]);
      }),
    );
  });
  it('refuses a short secret', () => {
    expect(() => new Pseudonymizer(Buffer.from('short'))).toThrow('at least 32 bytes');
  });
});

describe('SubjectVault', () => {
  let dir: string;
  let vault: SubjectVault;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
    vault = new SubjectVault(new SqliteSubjectKeyStore(join(dir, 'keys.sqlite')));
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals and opens details; a sealed value does not open for another subject', async () => {
    const sealed = await vault.seal('s1', { name: 'A' }, '2025-01-01T00:00:00Z');
    expect(sealed.ciphertext).not.toContain('A"');
    expect(await vault.open('s1', sealed)).toEqual({ name: 'A' });
    await vault.seal('s2', { name: 'B' }, '2025-01-01T00:00:00Z');
    await expect(vault.open('s2', sealed)).rejects.toThrow();
  });

  it('after erasure nothing opens and nothing more is sealed; other subjects are untouched', async () => {
    const sealed = await vault.seal('s1', { name: 'A' }, '2025-01-01T00:00:00Z');
    const other = await vault.seal('s2', { name: 'B' }, '2025-01-01T00:00:00Z');
    expect(await vault.erase('s1', '2025-02-01T00:00:00Z')).toBe(true);
    await expect(vault.open('s1', sealed)).rejects.toThrow(SubjectErasedError);
    await expect(vault.seal('s1', { name: 'A' }, '2025-02-02T00:00:00Z')).rejects.toThrow(SubjectErasedError);
    expect(await vault.erase('s1', '2025-02-03T00:00:00Z')).toBe(false);
    expect(await vault.open('s2', other)).toEqual({ name: 'B' });
  });
});

describe('FixedWindowLimiter', () => {
  it('allows `limit` per window per principal, then says when to retry', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter({ limit: 2, windowMs: 10_000 }, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 0 });
    now = 2_500;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 8 });
    expect(limiter.take('b')).toEqual({ allowed: true, remaining: 1 });
    now = 10_000;
    expect(limiter.take('a')).toEqual({ allowed: true, remaining: 1 });
  });
});
