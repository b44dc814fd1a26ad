import { createPublicKey } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { grantProblems, isRole, type Principal } from './principal';

export interface JwtSettings {
  /** `iss` every token must carry. */
  readonly issuer: string;
  /** `aud` every token must carry, when set. */
  readonly audience?: string;
  /** Where the issuer publishes its keys (JWKS); or */
  readonly jwksUrl?: string;
  /** one public key, PEM (SPKI). */
  readonly publicKeyPem?: string;
  /** Accepted signature algorithms. */
  readonly algorithms?: readonly string[];
  /** Oldest a token may be (now - iat), and longest it may live (exp - iat), in seconds. Default 3600. */
  readonly maxAgeSeconds?: number;
  /** Clock difference tolerated with the issuer, in seconds (exp, nbf, an iat slightly ahead). Default 60. */
  readonly clockSkewSeconds?: number;
}

export const DEFAULT_JWT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export const DEFAULT_JWT_MAX_AGE_SECONDS = 3600;
export const DEFAULT_JWT_CLOCK_SKEW_SECONDS = 60;

/** The token was refused; the message says why (expired, wrong issuer, bad signature, missing grants). */
export class InvalidTokenError extends Error {
  readonly code = 'auth.invalid_token';
}

/**
 * Verifies bearer JWTs from the configured issuer (jose: signature, `exp`/`nbf`, `iss`, `aud`, algorithm list; `exp`
 * and `iat` required, `iat` neither older than the maximum age nor ahead beyond the skew, `exp - iat` within the
 * maximum age, so no token lives forever or is minted for the future) and
 * turns their claims into a principal: `role` (service, regulator, auditor or admin), `categories`, `countries`.
 */
export class JwtVerifier {
  private keyPromise?: Promise<KeyLike | JWTVerifyGetKey>;

  constructor(private readonly settings: JwtSettings) {
    if ((settings.jwksUrl === undefined) === (settings.publicKeyPem === undefined))
      throw new Error('JWT settings need exactly one of jwksUrl and publicKeyPem');
  }

  /** For tests and air-gapped setups: a key set given as JSON instead of a URL. */
  static withLocalKeySet(
    settings: Omit<JwtSettings, 'jwksUrl' | 'publicKeyPem'>,
    jwks: Parameters<typeof createLocalJWKSet>[0],
  ): JwtVerifier {
    const verifier = new JwtVerifier({ ...settings, publicKeyPem: 'unused' });
    verifier.keyPromise = Promise.resolve(createLocalJWKSet(jwks));
    return verifier;
  }

  async verify(token: string): Promise<Principal> {
    const key = await this.key();
    let payload: Record<string, unknown>;
    try {
      const options = {
        issuer: this.settings.issuer,
        algorithms: [...(this.settings.algorithms ?? DEFAULT_JWT_ALGORITHMS)],
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: this.maxAge,
        clockTolerance: this.settings.clockSkewSeconds ?? DEFAULT_JWT_CLOCK_SKEW_SECONDS,
      };
      payload = (typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)).payload;
    } catch (error) {
      throw new InvalidTokenError(`the bearer token was refused: ${(error as Error).message}`);
    }
    const lifetime = (payload.exp as number) - (payload.iat as number);
    if (lifetime > this.maxAge)
      throw new InvalidTokenError(
        `the bearer token was refused: it lives ${lifetime} s (exp - iat); at most ${this.maxAge} s are accepted`,
      );
    const role = payload.role;
    if (!isRole(role)) throw new InvalidTokenError('the bearer token has no role claim (service, regulator, auditor or admin)');
    const categories = stringList(payload.categories, 'categories');
    const countries = stringList(payload.countries, 'countries');
    const problems = grantProblems(role, categories, countries);
    if (problems.length > 0) throw new InvalidTokenError(`the bearer token's grants are invalid: ${problems.join('; ')}`);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('the bearer token has no sub claim');
    return { id: `jwt:${payload.iss}#${payload.sub}`, roles: [role], categories, countries, via: 'jwt' };
  }

  private get maxAge(): number {
    return this.settings.maxAgeSeconds ?? DEFAULT_JWT_MAX_AGE_SECONDS;
  }

  private key(): Promise<KeyLike | JWTVerifyGetKey> {
    this.keyPromise ??=
      this.settings.jwksUrl !== undefined
        ? Promise.resolve(createRemoteJWKSet(new URL(this.settings.jwksUrl)))
        : Promise.resolve(createPublicKey(this.settings.publicKeyPem!));
    return this.keyPromise;
  }
}

function stringList(value: unknown, claim: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new InvalidTokenError(`the ${claim} claim must be a list of strings`);
  return value;
}
