import { ANY, hasRole, type Principal } from './principal';

/**
 * What a route needs. Every route names one; a route that names none is refused to everybody.
 * - `command`: a service principal granted the category; `import`: any service principal (each line is then checked
 *   against its category with `allows(command)`);
 * - `figures`: regulators (within their countries) and auditors;
 * - `log`: auditors (events, streams, provenance of everything, verify, export);
 * - `import.history`: services granted `history` by name (ANY does not imply it): their import lines may carry
 *   `imported` (the original recording time of a record brought over from an earlier system);
 * - `keys`: admins; `subjects.record`: services granted `subject`; `subjects.read`: auditors; `subjects.erase`: admins.
 */
export type Permission =
  | { readonly kind: 'command'; readonly category: string }
  | { readonly kind: 'import' }
  | { readonly kind: 'import.history' }
  | { readonly kind: 'figures' }
  | { readonly kind: 'log' }
  | { readonly kind: 'keys' }
  | { readonly kind: 'subjects.record' }
  | { readonly kind: 'subjects.read' }
  | { readonly kind: 'subjects.erase' };

/** Function-level authorisation (OWASP API5): may this principal use a route that needs `permission`? */
export function allows(principal: Principal, permission: Permission): boolean {
  switch (permission.kind) {
    case 'command':
      return hasRole(principal, 'service') && grants(principal.categories, permission.category);
    case 'import':
      return hasRole(principal, 'service') && principal.categories.length > 0;
    case 'import.history':
      // Stating when history was recorded is a power of its own: it is granted by name, never by a wildcard.
      return hasRole(principal, 'service') && principal.categories.includes('history');
    case 'figures':
      return hasRole(principal, 'auditor') || (hasRole(principal, 'regulator') && principal.countries.length > 0);
    case 'log':
    case 'subjects.read':
      return hasRole(principal, 'auditor');
    case 'keys':
    case 'subjects.erase':
      return hasRole(principal, 'admin');
    case 'subjects.record':
      return hasRole(principal, 'service') && grants(principal.categories, 'subject');
  }
}

function grants(granted: readonly string[], value: string): boolean {
  return granted.includes(ANY) || granted.includes(value);
}

/** The countries whose figure rows a principal may see: `all` for auditors (and ANY grants), else its grants. */
export function visibleCountries(principal: Principal): 'all' | readonly string[] {
  if (hasRole(principal, 'auditor') || principal.countries.includes(ANY)) return 'all';
  return [...principal.countries].sort();
}

export type CountryScopeDecision =
  { readonly ok: true; readonly countries: 'all' | readonly string[] } | { readonly ok: false; readonly outside: readonly string[] };

/**
 * Object-level authorisation of a figure query (OWASP API1): a scoped principal that names countries must name only
 * its own; one that names none is given exactly its own, so rows outside its scope are absent (not zeroed) and
 * totals are computed over the visible rows only.
 */
export function scopeCountryFilter(principal: Principal, requested: readonly string[]): CountryScopeDecision {
  const visible = visibleCountries(principal);
  if (visible === 'all') return { ok: true, countries: 'all' };
  if (requested.length === 0) return { ok: true, countries: visible };
  const outside = requested.filter((country) => !visible.includes(country));
  return outside.length > 0 ? { ok: false, outside } : { ok: true, countries: [...new Set(requested)].sort() };
}

/**
 * A caller limited to some jurisdictions (a regulator of some countries): it never learns the timing or count of
 * another jurisdiction's events, so it gets no global log positions, log sizes or the log's recording times.
 */
export function jurisdictionScoped(principal: Principal | undefined): boolean {
  // Services see the positions of what they write, admins manage keys: only a regulator reads within countries.
  return principal !== undefined && hasRole(principal, 'regulator') && visibleCountries(principal) !== 'all';
}
