import { randomBytes, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '@ledger/event-store';
import { keyIdOf, verifyEd25519, type SigningKey } from './signing-key';
import { verifyTreeHead, type SignedTreeHead } from './tree-head';

export const ATTESTATION_HEADER = 'cooperation-ledger attestation v1';

/**
 * A signed statement "this query gave an answer with this hash, computed on the log as of this signed tree head".
 * Everything a checker needs is inside: `statement` is the exact signed text (base64) and `answerCanonical` the
 * exact bytes whose SHA-256 is `answerHash`, so the check needs openssl, base64 and sha256sum, no JSON tooling.
 */
export interface Attestation {
  readonly version: 1;
  /** The figure query (name, version, groupBy, filters, asOf, knownAt...) as asked. */
  readonly query: unknown;
  /** Hex SHA-256 of the canonical JSON of the answer. */
  readonly answerHash: string;
  /** Base64 of the canonical JSON of the answer (UTF-8). */
  readonly answerCanonical: string;
  /** The head the answer was computed at: the answer covers exactly the first treeSize events of the log. */
  readonly treeHead: SignedTreeHead;
  readonly issuedAt: string;
  readonly keyId: string;
  /** Base64 of the signed bytes (see `attestationStatement`). */
  readonly statement: string;
  /**
   * Base64 Ed25519 signature over the decoded statement. Named apart from treeHead.signature so that a plain
   * `sed` can pick either out of the JSON.
   */
  readonly statementSignature: string;
}

export interface AttestationInput {
  readonly query: unknown;
  readonly answer: unknown;
  /** A head already signed by `key`, the one the answer was computed at. */
  readonly treeHead: SignedTreeHead;
  readonly issuedAt: Date;
}

/**
 * The signed text: nine lines, UTF-8, each ending in LF:
 *   cooperation-ledger attestation v1
 *   issued-at: <ISO instant>
 *   query: <canonical JSON of the query, one line>
 *   answer-sha256: <hex>
 *   tree-size: <decimal>
 *   tree-root-hash: <hex>
 *   tree-timestamp: <ISO instant>
 *   tree-key-id: <hex>
 *   tree-signature: <base64>
 * Canonical JSON never contains a raw line break (JSON escapes them in strings), so the lines cannot be forged
 * through the query.
 */
export function attestationStatement(fields: { issuedAt: string; query: unknown; answerHash: string; treeHead: SignedTreeHead }): Buffer {
  const head = fields.treeHead;
  return Buffer.from(
    [
      ATTESTATION_HEADER,
      `issued-at: ${fields.issuedAt}`,
      `query: ${canonicalJson(fields.query)}`,
      `answer-sha256: ${fields.answerHash}`,
      `tree-size: ${head.treeSize}`,
      `tree-root-hash: ${head.rootHash}`,
      `tree-timestamp: ${head.timestamp}`,
      `tree-key-id: ${head.keyId}`,
      `tree-signature: ${head.signature}`,
    ].join('\n') + '\n',
    'utf8',
  );
}

export function answerHashOf(answer: unknown): string {
  return sha256Hex(canonicalJson(answer));
}

export function createAttestation(input: AttestationInput, key: SigningKey): Attestation {
  if (input.treeHead.keyId !== key.keyId)
    throw new Error(`the tree head was signed by key ${input.treeHead.keyId}, not by this ledger's key ${key.keyId}`);
  if (!verifyTreeHead(input.treeHead, key.publicKey)) throw new Error('the tree head signature does not verify');
  const answerCanonical = canonicalJson(input.answer);
  const issuedAt = input.issuedAt.toISOString();
  const answerHash = sha256Hex(answerCanonical);
  const statement = attestationStatement({ issuedAt, query: input.query, answerHash, treeHead: input.treeHead });
  return {
    version: 1,
    query: input.query,
    answerHash,
    answerCanonical: Buffer.from(answerCanonical, 'utf8').toString('base64'),
    treeHead: input.treeHead,
    issuedAt,
    keyId: key.keyId,
    statement: statement.toString('base64'),
    statementSignature: key.sign(statement).toString('base64'),
  };
}

export const SEALED_ATTESTATION_HEADER = 'cooperation-ledger attestation v2 sealed-head';

/**
 * An attestation for a caller limited to some jurisdictions: the same signed statement, except that the tree head
 * (whose size and time count and time every jurisdiction's events) is replaced by its SHA-256. The holder checks
 * the ledger's signature and the answer hash; whoever may read tree heads (an auditor) finds the head whose hash
 * it is and recomputes the answer there. The hash hides the head: it covers its root hash and signature, which
 * the holder has never seen, so sizes and times cannot be tried against it; and a random salt makes two
 * attestations at one head differ, so that the holder cannot tell that no event was recorded between them.
 */
export interface SealedAttestation {
  readonly version: 2;
  readonly query: unknown;
  readonly answerHash: string;
  readonly answerCanonical: string;
  /** Hex SHA-256 of the canonical JSON of the signed tree head the answer was computed at, with the salt. */
  readonly treeHeadSha256: string;
  /** Hex, 16 random bytes. */
  readonly treeHeadSalt: string;
  readonly issuedAt: string;
  readonly keyId: string;
  readonly statement: string;
  readonly statementSignature: string;
}

/** The hash a sealed attestation carries: SHA-256 of the canonical JSON of the head's five fields and the salt. */
export function treeHeadSha256(head: SignedTreeHead, salt: string): string {
  const { treeSize, rootHash, timestamp, keyId, signature } = head;
  return sha256Hex(canonicalJson({ salt, treeHead: { treeSize, rootHash, timestamp, keyId, signature } }));
}

/**
 * The signed text of a sealed attestation: six lines, UTF-8, each ending in LF:
 *   cooperation-ledger attestation v2 sealed-head
 *   issued-at: <ISO instant>
 *   query: <canonical JSON of the query, one line>
 *   answer-sha256: <hex>
 *   tree-head-salt: <hex>
 *   tree-head-sha256: <hex>
 */
export function sealedAttestationStatement(fields: {
  issuedAt: string;
  query: unknown;
  answerHash: string;
  treeHeadSalt: string;
  treeHeadSha256: string;
}): Buffer {
  return Buffer.from(
    [
      SEALED_ATTESTATION_HEADER,
      `issued-at: ${fields.issuedAt}`,
      `query: ${canonicalJson(fields.query)}`,
      `answer-sha256: ${fields.answerHash}`,
      `tree-head-salt: ${fields.treeHeadSalt}`,
      `tree-head-sha256: ${fields.treeHeadSha256}`,
    ].join('\n') + '\n',
    'utf8',
  );
}

export function createSealedAttestation(input: AttestationInput, key: SigningKey): SealedAttestation {
  if (input.treeHead.keyId !== key.keyId)
    throw new Error(`the tree head was signed by key ${input.treeHead.keyId}, not by this ledger's key ${key.keyId}`);
  if (!verifyTreeHead(input.treeHead, key.publicKey)) throw new Error('the tree head signature does not verify');
  const answerCanonical = canonicalJson(input.answer);
  const issuedAt = input.issuedAt.toISOString();
  const answerHash = sha256Hex(answerCanonical);
  const salt = randomBytes(16).toString('hex');
  const digest = treeHeadSha256(input.treeHead, salt);
  const statement = sealedAttestationStatement({ issuedAt, query: input.query, answerHash, treeHeadSalt: salt, treeHeadSha256: digest });
  return {
    version: 2,
    query: input.query,
    answerHash,
    answerCanonical: Buffer.from(answerCanonical, 'utf8').toString('base64'),
    treeHeadSha256: digest,
    treeHeadSalt: salt,
    issuedAt,
    keyId: key.keyId,
    statement: statement.toString('base64'),
    statementSignature: key.sign(statement).toString('base64'),
  };
}

/**
 * Offline check of a sealed attestation: the statement's signature, that it says what the readable fields say, the
 * answer hash; and, given the head (by whoever may read heads), that it is the one sealed and validly signed.
 */
export function verifySealedAttestation(
  attestation: SealedAttestation,
  publicKey: KeyObject | string,
  options: { answer?: unknown; treeHead?: SignedTreeHead } = {},
): AttestationCheck {
  const problems: AttestationProblem[] = [];
  if (attestation.version !== 2) problems.push('unsupported_version');
  let keyId: string | undefined;
  try {
    keyId = keyIdOf(publicKey);
  } catch {
    keyId = undefined;
  }
  if (keyId === undefined || attestation.keyId !== keyId || (options.treeHead !== undefined && options.treeHead.keyId !== keyId))
    problems.push('key_mismatch');
  if (
    options.treeHead !== undefined &&
    (treeHeadSha256(options.treeHead, attestation.treeHeadSalt ?? '') !== attestation.treeHeadSha256 ||
      !verifyTreeHead(options.treeHead, publicKey))
  )
    problems.push('tree_head_signature_invalid');
  const expected = () =>
    sealedAttestationStatement({
      issuedAt: attestation.issuedAt,
      query: attestation.query,
      answerHash: attestation.answerHash,
      treeHeadSalt: attestation.treeHeadSalt,
      treeHeadSha256: attestation.treeHeadSha256,
    });
  return checkStatementAndAnswer(attestation, publicKey, expected, options, problems);
}

export type AttestationProblem =
  | 'unsupported_version'
  | 'key_mismatch'
  | 'tree_head_signature_invalid'
  | 'statement_mismatch'
  | 'signature_invalid'
  | 'answer_hash_mismatch';

export interface AttestationCheck {
  readonly valid: boolean;
  readonly problems: readonly AttestationProblem[];
}

/**
 * Offline check against the ledger's public key: the tree head's signature, the statement's signature, that the
 * statement says what the readable fields say, and that the answer (the embedded one, and `answer` when given)
 * hashes to answerHash.
 */
export function verifyAttestation(
  attestation: Attestation,
  publicKey: KeyObject | string,
  options: { answer?: unknown } = {},
): AttestationCheck {
  const problems: AttestationProblem[] = [];
  if (attestation.version !== 1) problems.push('unsupported_version');
  let keyId: string | undefined;
  try {
    keyId = keyIdOf(publicKey);
  } catch {
    keyId = undefined;
  }
  if (keyId === undefined || attestation.keyId !== keyId || attestation.treeHead?.keyId !== keyId) problems.push('key_mismatch');
  if (attestation.treeHead === undefined || !verifyTreeHead(attestation.treeHead, publicKey)) problems.push('tree_head_signature_invalid');
  const expected = () =>
    attestationStatement({
      issuedAt: attestation.issuedAt,
      query: attestation.query,
      answerHash: attestation.answerHash,
      treeHead: attestation.treeHead,
    });
  return checkStatementAndAnswer(attestation, publicKey, expected, options, problems);
}

/**
 * The checks both attestation versions share: the signed statement says what the readable fields say (`expected`
 * rebuilds it from them), its signature holds, and the answer (embedded, and `answer` when given) hashes to
 * answerHash.
 */
function checkStatementAndAnswer(
  attestation: { statement?: string; statementSignature?: string; answerCanonical?: string; answerHash: string },
  publicKey: KeyObject | string,
  expected: () => Buffer,
  options: { answer?: unknown },
  problems: AttestationProblem[],
): AttestationCheck {
  const statement = Buffer.from(attestation.statement ?? '', 'base64');
  try {
    if (!expected().equals(statement)) problems.push('statement_mismatch');
  } catch {
    problems.push('statement_mismatch');
  }
  if (!verifyEd25519(publicKey, statement, attestation.statementSignature ?? '')) problems.push('signature_invalid');
  const embeddedHash = sha256Hex(Buffer.from(attestation.answerCanonical ?? '', 'base64'));
  const givenMatches = !('answer' in options) || answerHashOf(options.answer) === attestation.answerHash;
  if (embeddedHash !== attestation.answerHash || !givenMatches) problems.push('answer_hash_mismatch');
  return { valid: problems.length === 0, problems };
}
