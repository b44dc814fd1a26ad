import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { configuredSigningKey, loadSigningKey, type SigningKey } from '@ledger/audit';
import { ConfigError, type LedgerConfig } from '@ledger/config';
import { SECRET_NAMES, type SecretName } from './secret-store';
import type { SharedStore } from './shared-store.port';

/** The secrets every instance of one ledger must share. */
export interface LedgerSecrets {
  /** HMAC secret of account and subject pseudonyms. */
  readonly pseudonymSecret: Buffer;
  /** HMAC secret of stored API key hashes. */
  readonly keyHashSecret: Buffer;
  /** Signs tree heads and attestations. */
  readonly signingKey: SigningKey;
}

/**
 * Each secret comes from configuration, else from the shared store. Embedded, a missing one is generated into the
 * data dir on first start (owner-only files). In production (DATABASE_URL) nothing is generated per instance: a
 * secret that is neither configured nor in the shared store stops the start, naming the variable to set.
 */
export async function resolveLedgerSecrets(config: LedgerConfig, store: SharedStore): Promise<LedgerSecrets> {
  const problems: string[] = [];
  const secret = async (
    name: SecretName,
    variable: string,
    configured: string | undefined,
    generate: () => string,
  ): Promise<string | undefined> => {
    if (configured !== undefined) return configured;
    const stored = await store.secrets.get(name);
    if (stored !== undefined) return stored;
    if (store.generatesSecrets) return store.secrets.putIfAbsent(name, generate());
    problems.push(
      `${variable} is required with DATABASE_URL (several instances must share it), and the shared store holds no ${name}: set ${variable} to the same value on every instance, or run \`ledger secrets init\` once to keep one in the shared store`,
    );
    return undefined;
  };
  const random = () => randomBytes(32).toString('base64url');
  const pseudonym = await secret(SECRET_NAMES.pseudonym, 'LEDGER_PSEUDONYM_SECRET', config.pseudonymSecret, random);
  const keyHash = await secret(SECRET_NAMES.keyHash, 'LEDGER_KEY_HASH_SECRET', config.keyHashSecret, random);
  const configuredKey =
    config.signingKeyPem !== undefined || config.signingKeyFile !== undefined ? configuredSigningKey(config) : undefined;
  const pem = configuredKey
    ? undefined
    : await secret(SECRET_NAMES.signingKey, 'LEDGER_SIGNING_KEY_PEM (or LEDGER_SIGNING_KEY_FILE)', undefined, newSigningKeyPem);
  if (problems.length > 0) throw new ConfigError(problems);
  const secrets: LedgerSecrets = {
    pseudonymSecret: Buffer.from(pseudonym!, 'utf8'),
    keyHashSecret: Buffer.from(keyHash!, 'utf8'),
    signingKey: configuredKey ?? loadSigningKey({ privateKeyPem: pem! }),
  };
  if (!store.generatesSecrets) await agreeWithOtherInstances(store, secrets);
  return secrets;
}

/**
 * Every instance of one ledger must use the same secrets: the first start records a fingerprint of each (a keyed
 * hash that reveals nothing of it; the signing key's public key id), and a start whose secret differs is refused,
 * naming the variable, before it writes a pseudonym, a key hash or a signature nobody else would match.
 */
async function agreeWithOtherInstances(store: SharedStore, secrets: LedgerSecrets): Promise<void> {
  const fingerprint = (secret: Buffer) => createHmac('sha256', secret).update('cooperation-ledger secret fingerprint v1').digest('hex');
  const checks = [
    [SECRET_NAMES.pseudonym, 'LEDGER_PSEUDONYM_SECRET', fingerprint(secrets.pseudonymSecret)],
    [SECRET_NAMES.keyHash, 'LEDGER_KEY_HASH_SECRET', fingerprint(secrets.keyHashSecret)],
    [SECRET_NAMES.signingKey, 'LEDGER_SIGNING_KEY_PEM (or LEDGER_SIGNING_KEY_FILE)', secrets.signingKey.keyId],
  ] as const;
  const problems: string[] = [];
  for (const [name, variable, mine] of checks) {
    const agreed = await store.secrets.putIfAbsent(`${name}.fingerprint`, mine);
    if (agreed !== mine)
      problems.push(
        `${variable} is not the ${name} the other instances of this ledger use (its fingerprint differs from the one in the shared store): give every instance the same value`,
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** A fresh Ed25519 private key, PKCS#8 PEM. */
export function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** `ledger secrets init`: keeps one of each missing secret in the shared store; answers which were created. */
export async function initSharedSecrets(store: SharedStore): Promise<{ name: SecretName; created: boolean }[]> {
  const results: { name: SecretName; created: boolean }[] = [];
  for (const [name, generate] of [
    [SECRET_NAMES.pseudonym, () => randomBytes(32).toString('base64url')],
    [SECRET_NAMES.keyHash, () => randomBytes(32).toString('base64url')],
    [SECRET_NAMES.signingKey, newSigningKeyPem],
  ] as const) {
    const existing = await store.secrets.get(name);
    if (existing !== undefined) results.push({ name, created: false });
    else {
      const value = generate();
      results.push({ name, created: (await store.secrets.putIfAbsent(name, value)) === value });
    }
  }
  return results;
}
