import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerHashOf, attestationStatement, createAttestation, verifyAttestation, type Attestation } from './attestation';
import { keyIdOf, loadSigningKey, SIGNING_KEY_FILE, signingKeyFrom } from './signing-key';
import { signTreeHead, treeHeadStatement, verifyTreeHead } from './tree-head';

const ROOT = 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77';
const newKey = () => signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

describe('the signing key', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'audit-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is generated on first start under the data dir, readable by its owner only, and the same on the next start', () => {
    const first = loadSigningKey({ dataDir });
    const file = join(dataDir, SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSigningKey({ dataDir });
    expect(second.keyId).toBe(first.keyId);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
  });

  it('comes from configuration when a PEM is given, ahead of the data dir', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const key = loadSigningKey({ privateKeyPem: pem, dataDir });
    expect(key.keyId).toBe(signingKeyFrom(privateKey).keyId);
    expect(() => readFileSync(join(dataDir, SIGNING_KEY_FILE))).toThrow();
  });

  it('exports the public key as PEM and raw base64, with keyId the SHA-256 of the raw key', () => {
    const key = newKey();
    const raw = Buffer.from(key.publicKeyRawBase64, 'base64');
    expect(raw).toHaveLength(32);
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(key.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(keyIdOf(key.publicKeyPem)).toBe(key.keyId);
  });

  it('refuses a key that is not Ed25519, or not a key, saying which', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadSigningKey({ privateKeyPem: rsa })).toThrow(/must be an Ed25519 key, got rsa/);
    writeFileSync(join(dataDir, SIGNING_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(() => loadSigningKey({ dataDir })).toThrow(/is not a readable private key PEM/);
    expect(() => loadSigningKey({})).toThrow(/needs either a private key PEM or a data dir/);
  });
});

describe('signed tree heads', () => {
  const key = newKey();
  const head = signTreeHead({ treeSize: 3, rootHash: ROOT, timestamp: '2026-11-21T15:00:00.000Z' }, key);

  it('sign four documented lines of text', () => {
    expect(treeHeadStatement(head).toString('utf8')).toBe(
      `cooperation-ledger tree-head v1\ntree-size: 3\nroot-hash: ${ROOT}\ntimestamp: 2026-11-21T15:00:00.000Z\n`,
    );
  });

  it('verify with the public key and fail for any altered field or another key', () => {
    expect(verifyTreeHead(head, key.publicKeyPem)).toBe(true);
    expect(verifyTreeHead({ ...head, treeSize: 4 }, key.publicKeyPem)).toBe(false);
    expect(verifyTreeHead({ ...head, rootHash: ROOT.replace('a', 'b') }, key.publicKeyPem)).toBe(false);
    expect(verifyTreeHead({ ...head, timestamp: '2026-11-21T15:00:01.000Z' }, key.publicKeyPem)).toBe(false);
    expect(verifyTreeHead({ ...head, signature: 'AAAA' }, key.publicKeyPem)).toBe(false);
    expect(verifyTreeHead(head, newKey().publicKeyPem)).toBe(false);
  });

  it('refuse malformed fields rather than sign them', () => {
    expect(() => signTreeHead({ treeSize: -1, rootHash: ROOT, timestamp: '2026-11-21T15:00:00.000Z' }, key)).toThrow(RangeError);
    expect(() => signTreeHead({ treeSize: 1, rootHash: ROOT.toUpperCase(), timestamp: '2026-11-21T15:00:00.000Z' }, key)).toThrow(
      RangeError,
    );
    expect(() => signTreeHead({ treeSize: 1, rootHash: ROOT, timestamp: '2026-11-21' }, key)).toThrow(RangeError);
  });
});

describe('attestations', () => {
  const key = newKey();
  const head = signTreeHead({ treeSize: 3, rootHash: ROOT, timestamp: '2026-11-21T15:00:00.000Z' }, key);
  const query = { figure: 'funds', version: 1, groupBy: ['year'], knownAt: 3 };
  const answer = { rows: [{ year: 2024, frozenUsd: '1000000000.00' }], asOfPosition: 3 };
  const attestation = createAttestation({ query, answer, treeHead: head, issuedAt: new Date('2026-11-21T15:05:00Z') }, key);

  it('state the query, the answer hash and the tree head in signed lines of text', () => {
    expect(attestation.answerHash).toBe(answerHashOf(answer));
    expect(Buffer.from(attestation.statement, 'base64').toString('utf8')).toBe(
      [
        'cooperation-ledger attestation v1',
        'issued-at: 2026-11-21T15:05:00.000Z',
        'query: {"figure":"funds","groupBy":["year"],"knownAt":3,"version":1}',
        `answer-sha256: ${attestation.answerHash}`,
        'tree-size: 3',
        `tree-root-hash: ${ROOT}`,
        'tree-timestamp: 2026-11-21T15:00:00.000Z',
        `tree-key-id: ${key.keyId}`,
        `tree-signature: ${head.signature}`,
        '',
      ].join('\n'),
    );
  });

  it('verify offline with the public key, also against the answer a regulator holds', () => {
    expect(verifyAttestation(attestation, key.publicKeyPem)).toEqual({ valid: true, problems: [] });
    expect(
      verifyAttestation(attestation, key.publicKeyPem, { answer: { asOfPosition: 3, rows: [{ frozenUsd: '1000000000.00', year: 2024 }] } })
        .valid,
    ).toBe(true);
  });

  it.each<[string, (a: Attestation) => Attestation, string, { answer?: unknown }?]>([
    ['another answer', (a) => a, 'answer_hash_mismatch', { answer: { rows: [] } }],
    ['an edited answer hash', (a) => ({ ...a, answerHash: answerHashOf({ rows: [] }) }), 'statement_mismatch'],
    ['an edited query', (a) => ({ ...a, query: { ...query, groupBy: ['country'] } }), 'statement_mismatch'],
    ['an edited tree head', (a) => ({ ...a, treeHead: { ...a.treeHead, treeSize: 2 } }), 'tree_head_signature_invalid'],
    [
      'a re-signed statement by another key',
      (a) => ({ ...a, statementSignature: newKey().sign(Buffer.from(a.statement, 'base64')).toString('base64') }),
      'signature_invalid',
    ],
    [
      'an edited embedded answer',
      (a) => ({ ...a, answerCanonical: Buffer.from('{"rows":[]}').toString('base64') }),
      'answer_hash_mismatch',
    ],
  ])('fail for %s', (_name, tamper, problem, options = {}) => {
    const check = verifyAttestation(tamper(attestation), key.publicKeyPem, options);
    expect(check.valid).toBe(false);
    expect(check.problems).toContain(problem);
  });

  it('fail against another public key', () => {
    expect(verifyAttestation(attestation, newKey().publicKeyPem).problems).toEqual(
      expect.arrayContaining(['key_mismatch', 'tree_head_signature_invalid', 'signature_invalid']),
    );
  });

  it('cannot be made over a head signed by another key', () => {
    expect(() => createAttestation({ query, answer, treeHead: signTreeHead(head, newKey()), issuedAt: new Date() }, key)).toThrow(
      /not by this ledger's key/,
    );
  });

  it('keep the query on one line whatever its strings hold', () => {
    const statement = attestationStatement({
      issuedAt: '2026-11-21T15:05:00.000Z',
      query: { note: 'a\nanswer-sha256: forged' },
      answerHash: 'x',
      treeHead: head,
    });
    expect(statement.toString('utf8').split('\n')).toHaveLength(10);
  });
});
