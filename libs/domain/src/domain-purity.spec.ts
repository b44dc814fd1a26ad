import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The domain decides from its inputs only: time and ids come in with commands. dependency-cruiser keeps
 * imports out; this keeps ambient non-determinism (clock, randomness, environment, timers) out of the code.
 */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\bDate\s*\.\s*now\b/, 'Date.now (the clock)'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() with no argument (the clock)'],
  [/\bnew\s+Date\b(?!\s*\()/, 'new Date without arguments (the clock)'],
  [/(?<!new\s+)\bDate\s*\(\s*\)/, 'Date() (the clock, as a string)'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now (a clock)'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bcrypto\s*\.\s*random/, 'crypto randomness'],
  [/\bprocess\s*\./, 'process.* (environment, exit, timers)'],
  [/\brequire\s*\(/, 'require( (imports bypassing the dependency check)'],
  [/\bset(Timeout|Interval|Immediate)\b/, 'timers'],
];

/** The code without its comments (a comment may say "never Date.now"); strings and code keep their places. */
function codeOnly(source: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, source);
  let out = '';
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const text = scanner.getTokenText();
    const isComment = kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia;
    out += isComment ? text.replace(/[^\n]/g, ' ') : text;
  }
  return out;
}

function violations(source: string): string[] {
  const code = codeOnly(source);
  const found: string[] = [];
  code.split('\n').forEach((line, i) => {
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(line)) found.push(`line ${i + 1}: ${what}: ${line.trim()}`);
  });
  return found;
}

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

const root = __dirname;
const files = productFiles(root);

describe('domain purity', () => {
  it('finds the domain sources it checks (every category and the shared kernel)', () => {
    const names = files.map((file) => relative(root, file));
    expect(names).toEqual(
      expect.arrayContaining([
        'ledger.ts',
        'shared/validation.ts',
        'shared/money.ts',
        'training/training.decider.ts',
        'le-request/le-request.decider.ts',
        'freeze/freeze.rules.ts',
        'incident/incident.decider.ts',
      ]),
    );
    expect(names.some((name) => name.endsWith('.spec.ts'))).toBe(false);
  });

  it.each(files.map((file) => [relative(root, file), file]))('%s reads no clock, randomness, environment or timers', (_name, file) => {
    expect(violations(readFileSync(file, 'utf8'))).toEqual([]);
  });

  describe('the check itself', () => {
    it.each([
      ['const t = Date.now();'],
      ['const t = new Date();'],
      ['const t = new Date;'],
      ['const t = Date();'],
      ['const x = Math.random();'],
      ['const port = process.env.PORT;'],
      ["const fs = require('fs');"],
      ['setTimeout(() => undefined, 1);'],
      ['const t = performance.now();'],
    ])('catches %s', (source) => expect(violations(source)).toHaveLength(1));

    it.each([
      ["const t = new Date('2024-01-01');"],
      ['const t = new Date(ms).toISOString();'],
      ['const t = Date.parse(value);'],
      ['// never Date.now or process.env here\nconst a = 1;'],
      ['/* no Math.random() */ const b = 2;'],
      ['const reprocess = 1; const a = reprocess;'],
    ])('lets %s through', (source) => expect(violations(source)).toEqual([]));
  });
});
