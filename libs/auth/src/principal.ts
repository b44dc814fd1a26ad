/** The four roles of the ledger; a route allows some of them and nothing else (deny by default). */
export const ROLES = ['service', 'regulator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Grants that cover every value (e.g. a service key for every category). Never given to regulators' countries by default. */
export const ANY = '*';

/**
 * Command categories a service key can be granted: the ledger's four, plus `subject` (recording personal details)
 * and `history` (importing records from an earlier system with their original recording times; never implied by ANY).
 */
export const GRANTABLE_CATEGORIES = ['training', 'request', 'freeze', 'incident', 'subject', 'history'] as const;
export type GrantableCategory = (typeof GRANTABLE_CATEGORIES)[number];

/** Who is calling, as established by an API key or a signed JWT. */
export interface Principal {
  /** Recorded as the actor of every event the principal appends, e.g. `apikey:3f9c0a1b2c3d4e5f` or `jwt:<issuer>#<subject>`. */
  readonly id: string;
  readonly roles: readonly Role[];
  /** Service grants: command categories, or ANY. */
  readonly categories: readonly string[];
  /** Regulator grants: ISO 3166-1 alpha-2 countries, or ANY. */
  readonly countries: readonly string[];
  readonly via: 'api-key' | 'jwt' | 'test' | 'nats';
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

const COUNTRY = /^[A-Z]{2}$/;

/** Checks the grants a key or token asks for; returns one message per problem. */
export function grantProblems(role: Role, categories: readonly string[], countries: readonly string[]): string[] {
  const problems: string[] = [];
  for (const category of categories) {
    if (category !== ANY && !(GRANTABLE_CATEGORIES as readonly string[]).includes(category)) {
      problems.push(`category ${JSON.stringify(category)} is not one of ${GRANTABLE_CATEGORIES.join(', ')} or ${ANY}`);
    }
  }
  for (const country of countries) {
    if (country !== ANY && !COUNTRY.test(country))
      problems.push(`country ${JSON.stringify(country)} is not an upper-case ISO 3166-1 alpha-2 code`);
  }
  if (role === 'service' && categories.length === 0) problems.push('a service key needs at least one category');
  if (role !== 'service' && categories.length > 0) problems.push(`categories are granted to service keys only, not ${role}`);
  if (role === 'regulator' && countries.length === 0) problems.push('a regulator key needs at least one country');
  if (role !== 'regulator' && countries.length > 0) problems.push(`countries are granted to regulator keys only, not ${role}`);
  return problems;
}
