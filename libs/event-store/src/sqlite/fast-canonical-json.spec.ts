import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '../integrity';
import { fastCanonicalJson, fastSha256Hex } from './fast-canonical-json';

describe('fastCanonicalJson', () => {
  it('gives exactly the bytes of canonicalJson for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(fastCanonicalJson(value)).toBe(canonicalJson(value))), { numRuns: 2000 });
  });

  it('agrees with canonicalJson on undefined members, -0, dates and nested arrays', () => {
    const odd = { b: undefined, a: [undefined, -0, 1e21, { z: 1, y: [null, 'é\u2028"'] }], d: new Date(0), c: { '': true, 'ключ': false } };

    expect(fastCanonicalJson(odd)).toBe(canonicalJson(odd));
  });

  it('refuses non-finite numbers like canonicalJson', () => {
    expect(() => fastCanonicalJson({ a: [Number.NaN] })).toThrow(TypeError);
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(TypeError);
  });
});

describe('fastSha256Hex', () => {
  it('is the digest of sha256Hex', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => expect(fastSha256Hex(text)).toBe(sha256Hex(text))), { numRuns: 500 });
  });
});
