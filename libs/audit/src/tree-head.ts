import type { KeyObject } from 'node:crypto';
import { keyIdOf, verifyEd25519, type SigningKey } from './signing-key';

/** A signed statement "at `timestamp` the log had `treeSize` events and this root". */
export interface SignedTreeHead {
  readonly treeSize: number;
  /** Hex (lower case) RFC 9162 root hash of the first treeSize leaves. */
  readonly rootHash: string;
  /** ISO 8601 UTC instant, as `Date.prototype.toISOString` writes it. */
  readonly timestamp: string;
  /** Hex SHA-256 of the signer's raw Ed25519 public key. */
  readonly keyId: string;
  /** Base64 Ed25519 signature over `treeHeadStatement(...)`. */
  readonly signature: string;
}

export type UnsignedTreeHead = Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>;

export const TREE_HEAD_HEADER = 'cooperation-ledger tree-head v1';

const HEX_HASH = /^[0-9a-f]{64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The exact bytes a tree head signature covers: four lines of ASCII, each ending in LF (0x0a):
 *   cooperation-ledger tree-head v1
 *   tree-size: <decimal, no leading zeros>
 *   root-hash: <64 lower-case hex digits>
 *   timestamp: <YYYY-MM-DDTHH:MM:SS.sssZ>
 * The header line keeps a tree-head signature from being read as an attestation signature and vice versa.
 */
export function treeHeadStatement(head: UnsignedTreeHead): Buffer {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0)
    throw new RangeError(`tree size must be a non-negative integer, got ${head.treeSize}`);
  if (!HEX_HASH.test(head.rootHash)) throw new RangeError(`root hash must be 64 lower-case hex digits, got ${head.rootHash}`);
  if (!ISO_INSTANT.test(head.timestamp))
    throw new RangeError(`timestamp must be an ISO instant like 2026-01-31T12:00:00.000Z, got ${head.timestamp}`);
  return Buffer.from(
    `${TREE_HEAD_HEADER}\ntree-size: ${head.treeSize}\nroot-hash: ${head.rootHash}\ntimestamp: ${head.timestamp}\n`,
    'utf8',
  );
}

export function signTreeHead(head: UnsignedTreeHead, key: SigningKey): SignedTreeHead {
  const statement = treeHeadStatement(head);
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    keyId: key.keyId,
    signature: key.sign(statement).toString('base64'),
  };
}

/** True when the head is well formed, names this key and carries its valid signature. */
export function verifyTreeHead(head: SignedTreeHead, publicKey: KeyObject | string): boolean {
  let statement: Buffer;
  try {
    statement = treeHeadStatement(head);
    if (head.keyId !== keyIdOf(publicKey)) return false;
  } catch {
    return false;
  }
  return verifyEd25519(publicKey, statement, head.signature);
}
