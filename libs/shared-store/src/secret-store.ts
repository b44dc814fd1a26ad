/** Names of the ledger's secrets in the shared store. */
export const SECRET_NAMES = { pseudonym: 'pseudonym-secret', keyHash: 'key-hash-secret', signingKey: 'signing-key' } as const;
export type SecretName =
  (typeof SECRET_NAMES)[keyof typeof SECRET_NAMES] | `${(typeof SECRET_NAMES)[keyof typeof SECRET_NAMES]}.fingerprint`;

/** The ledger's secrets where every instance finds the same ones (the data dir's files embedded, PostgreSQL shared). */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  /** Stores `value` unless the secret exists; answers the stored one (the first writer wins, whoever it was). */
  putIfAbsent(name: SecretName, value: string): Promise<string>;
}
