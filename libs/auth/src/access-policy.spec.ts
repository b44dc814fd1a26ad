import { allows, jurisdictionScoped, scopeCountryFilter, type Permission } from './access-policy';
import { grantProblems, type Principal, type Role } from './principal';

const principal = (role: Role, grants: { categories?: string[]; countries?: string[] } = {}): Principal => ({
  id: `test:${role}`,
  roles: [role],
  categories: grants.categories ?? [],
  countries: grants.countries ?? [],
  via: 'test',
});

const PERMISSIONS: Permission[] = [
  { kind: 'command', category: 'training' },
  { kind: 'command', category: 'freeze' },
  { kind: 'import' },
  { kind: 'import.history' },
  { kind: 'figures' },
  { kind: 'log' },
  { kind: 'keys' },
  { kind: 'subjects.record' },
  { kind: 'subjects.read' },
  { kind: 'subjects.erase' },
];

describe('allows: each role gets exactly its permissions (deny by default)', () => {
  it.each([
    ['service for training', principal('service', { categories: ['training'] }), ['command:training', 'import']],
    [
      'service for everything (history not implied)',
      principal('service', { categories: ['*'] }),
      ['command:training', 'command:freeze', 'import', 'subjects.record'],
    ],
    [
      'service importing history',
      principal('service', { categories: ['training', 'history'] }),
      ['command:training', 'import', 'import.history'],
    ],
    ['regulator of MX', principal('regulator', { countries: ['MX'] }), ['figures']],
    ['auditor', principal('auditor'), ['figures', 'log', 'subjects.read']],
    ['admin', principal('admin'), ['keys', 'subjects.erase']],
    ['service with no grant', principal('service'), []],
    ['regulator with no country', principal('regulator'), []],
  ])('%s', (_, who, expected) => {
    const granted = PERMISSIONS.filter((p) => allows(who, p)).map((p) => (p.kind === 'command' ? `command:${p.category}` : p.kind));
    expect(granted).toEqual(expected);
  });
});

describe('scopeCountryFilter: object-level scope of figure queries', () => {
  const regulator = principal('regulator', { countries: ['MX', 'AR'] });
  it('gives a query without a country filter exactly the granted countries', () => {
    expect(scopeCountryFilter(regulator, [])).toEqual({ ok: true, countries: ['AR', 'MX'] });
  });
  it('keeps a filter inside the grants', () => {
    expect(scopeCountryFilter(regulator, ['MX', 'MX'])).toEqual({ ok: true, countries: ['MX'] });
  });
  it('refuses a filter naming any other country, and names it', () => {
    expect(scopeCountryFilter(regulator, ['MX', 'US'])).toEqual({ ok: false, outside: ['US'] });
  });
  it('leaves auditors unscoped', () => {
    expect(scopeCountryFilter(principal('auditor'), ['US'])).toEqual({ ok: true, countries: 'all' });
  });
});

describe('grantProblems', () => {
  it.each([
    ['service', [], [], 'needs at least one category'],
    ['service', ['payroll'], [], 'not one of'],
    ['regulator', [], [], 'needs at least one country'],
    ['regulator', [], ['mx'], 'upper-case'],
    ['auditor', ['training'], [], 'service keys only'],
    ['admin', [], ['MX'], 'regulator keys only'],
  ] as const)('%s %p %p: %s', (role, categories, countries, problem) => {
    expect(grantProblems(role, categories, countries).join('; ')).toContain(problem);
  });
  it('accepts well-formed grants', () => {
    expect(grantProblems('service', ['freeze', 'subject'], [])).toEqual([]);
    expect(grantProblems('regulator', [], ['MX', 'BR'])).toEqual([]);
  });
});

describe('jurisdictionScoped: who gets no global positions, log sizes or log times', () => {
  it('is a regulator of some countries only; admins, services, auditors and a regulator of every country are not', () => {
    expect(jurisdictionScoped(principal('regulator', { countries: ['MX'] }))).toBe(true);
    expect(jurisdictionScoped(principal('regulator', { countries: ['*'] }))).toBe(false);
    for (const role of ['admin', 'service', 'auditor'] as const) expect(jurisdictionScoped(principal(role))).toBe(false);
    expect(jurisdictionScoped(undefined)).toBe(false);
  });
});
