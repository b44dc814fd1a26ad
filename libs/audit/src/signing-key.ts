import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the generated key under the data dir. */
export const SIGNING_KEY_FILE = 'ledger-ed25519-key.pem';

/** DER SubjectPublicKeyInfo of an Ed25519 key = these 12 bytes followed by the 32-byte raw key (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The ledger's Ed25519 key: signs tree heads and attestations. */
export interface SigningKey {
  /** Hex SHA-256 of the 32-byte raw public key (64 hex digits, never shortened). */
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what `openssl pkeyutl -verify -pubin -inkey` takes. */
  readonly publicKeyPem: string;
  /** The 32 raw public key bytes, base64. */
  readonly publicKeyRawBase64: string;
  sign(message: Buffer): Buffer;
}

export interface SigningKeyOptions {
  /** PKCS#8 PEM of an Ed25519 private key (from configuration). Takes precedence over the data dir. */
  readonly privateKeyPem?: string;
  /** Where the key is generated on first start and read afterwards (`<dataDir>/ledger-ed25519-key.pem`, mode 0600). */
  readonly dataDir?: string;
}

export function loadSigningKey(options: SigningKeyOptions): SigningKey {
  if (options.privateKeyPem !== undefined) return signingKeyFrom(parsePrivateKey(options.privateKeyPem, 'the configured signing key'));
  if (options.dataDir === undefined)
    throw new Error('a signing key needs either a private key PEM or a data dir to keep a generated key in');
  const file = join(options.dataDir, SIGNING_KEY_FILE);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const existing = readIfExists(file);
  if (existing !== undefined) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return signingKeyFrom(parsePrivateKey(existing, file));
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  try {
    // 'wx': if another process created the key in the meantime, keep theirs.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return signingKeyFrom(parsePrivateKey(readFileSync(file, 'utf8'), file));
  }
  return signingKeyFrom(privateKey);
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKeyRawBase64: raw.toString('base64'),
    sign: (message) => sign(null, message, privateKey),
  };
}

/** Accepts a SubjectPublicKeyInfo PEM, or a KeyObject. */
export function toPublicKey(publicKey: KeyObject | string): KeyObject {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 public key, got ${key.asymmetricKeyType}`);
  return key;
}

export function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  if (der.length !== 44 || !der.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) throw new Error('not an Ed25519 public key');
  return der.subarray(12);
}

export function keyIdOf(publicKey: KeyObject | string): string {
  return createHash('sha256')
    .update(rawPublicKey(toPublicKey(publicKey)))
    .digest('hex');
}

/** Ed25519 verification of a base64 signature; false (never a throw) for a malformed signature. */
export function verifyEd25519(publicKey: KeyObject | string, message: Buffer, signatureBase64: string): boolean {
  try {
    const signature = Buffer.from(signatureBase64, 'base64');
    if (signature.length !== 64) return false;
    return verify(null, message, toPublicKey(publicKey), signature);
  } catch {
    return false;
  }
}

function parsePrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${source} is not a readable private key PEM: ${(error as Error).message}`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source} must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
