import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '../content-hash';
import { fastCanonicalJson, fastSha256Hex } from './fast-canonical-json';

describe('fastCanonicalJson', () => {
  it('gives exactly the bytes of canonicalJson for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expect(fastCanonicalJson(value)).toBe(canonicalJson(value))),
      { numRuns: 2000 },
    );
  });

  it('agrees with canonicalJson on undefined members, -0, dates and nested arrays', () => {
    const odd = { b: undefined, a: [undefined, -0, 1e21, { z: 1, y: [null, 'é\u2028"'] }], d: new Date(0), c: { '': true, ключ: false } };

    expect(fastCanonicalJson(odd)).toBe(canonicalJson(odd));
  });

  it('agrees past the bound of its member-name cache (data keyed by ids)', () => {
    const keyedByIds = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`id-${(i * 7919) % 6000}\u00e9"${i}`, { n: i }]));

    expect(fastCanonicalJson(keyedByIds)).toBe(canonicalJson(keyedByIds));
    expect(fastCanonicalJson(keyedByIds)).toBe(canonicalJson(keyedByIds));
  });

  it('refuses non-finite numbers like canonicalJson', () => {
    expect(() => fastCanonicalJson({ a: [Number.NaN] })).toThrow(TypeError);
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(TypeError);
  });
});

describe('fastSha256Hex', () => {
  it('is the digest of sha256Hex', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => expect(fastSha256Hex(text)).toBe(sha256Hex(text))),
      { numRuns: 500 },
    );
  });
});
