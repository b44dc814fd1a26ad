import fc from 'fast-check';
import { canonical, decimal, isDecimalString, MAX_ASSET_DECIMALS, MAX_USD_DECIMALS, rounded, sum } from '@ledger/domain';

const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
const fraction = (maxDecimals: number) => fc.array(digit, { maxLength: maxDecimals }).map((digits) => digits.join(''));
/** Plain decimal strings as clients send them: possibly trailing zeros, up to `maxDecimals` places. */
const decimalString = (maxDecimals = MAX_ASSET_DECIMALS) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 30n - 1n }), fraction(maxDecimals))
    .map(([whole, frac]) => (frac ? `${whole}.${frac}` : `${whole}`));

/** Independent model: the value in units of 1e-18 as a bigint. */
const units = (value: string): bigint => {
  const [whole, frac = ''] = value.split('.');
  return BigInt(whole + frac.padEnd(MAX_ASSET_DECIMALS, '0'));
};

describe('money (properties)', () => {
  it('sum is exact and does not depend on the order of its terms', () => {
    fc.assert(
      fc.property(
        fc
          .array(decimalString(), { maxLength: 30 })
          .chain((values) =>
            fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length })),
          ),
        ([values, shuffled]) => {
          const total = canonical(sum(values));
          expect(canonical(sum(shuffled))).toBe(total);
          expect(canonical([...values].reverse().reduce((acc, v) => acc.plus(v), decimal(0)))).toBe(total);
          expect(units(total)).toBe(values.reduce((acc, v) => acc + units(v), 0n));
        },
      ),
    );
  });

  it('canonical is idempotent, keeps the value, and is plain: no exponent, no trailing zeros', () => {
    fc.assert(
      fc.property(decimalString(), (value) => {
        const once = canonical(value);
        expect(canonical(once)).toBe(once);
        expect(units(once)).toBe(units(value));
        expect(once).not.toMatch(/[eE]/);
        expect(once).not.toMatch(/\.\d*0$|\.$/);
        expect(isDecimalString(once, MAX_ASSET_DECIMALS)).toBe(true);
      }),
    );
  });

  it('canonical writes zero as "0" whatever its spelling', () => {
    for (const zero of ['0', '0.0', '0.000000000000000000', '-0']) expect(canonical(zero)).toBe('0');
  });

  it('isDecimalString accepts every plain decimal within its precision', () => {
    fc.assert(fc.property(decimalString(MAX_USD_DECIMALS), (value) => expect(isDecimalString(value, MAX_USD_DECIMALS)).toBe(true)));
  });

  it('isDecimalString refuses numbers written with an exponent, as JavaScript prints small and large floats', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => /e/i.test(String(n))),
        (n) => {
          expect(isDecimalString(String(n), MAX_ASSET_DECIMALS)).toBe(false);
        },
      ),
    );
    for (const value of ['1e3', '1E3', '1.5e-7', '2e+21']) expect(isDecimalString(value, MAX_ASSET_DECIMALS)).toBe(false);
  });

  it('isDecimalString refuses floats and other non-strings, even when they hold a fine value', () => {
    fc.assert(fc.property(fc.double(), (n) => expect(isDecimalString(n, MAX_ASSET_DECIMALS)).toBe(false)));
    for (const value of [null, undefined, 1n, {}, ['1']]) expect(isDecimalString(value, MAX_ASSET_DECIMALS)).toBe(false);
  });

  it('isDecimalString refuses negative values', () => {
    fc.assert(fc.property(decimalString(), (value) => expect(isDecimalString(`-${value}`, MAX_ASSET_DECIMALS)).toBe(false)));
  });

  it('isDecimalString refuses more decimals than allowed, and accepts exactly the maximum', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 20 }),
        fc.array(digit, { minLength: 21, maxLength: 21 }),
        (whole, maxDecimals, digits) => {
          const exact = `${whole}.${digits.slice(0, Math.max(1, maxDecimals)).join('')}`;
          const tooMany = `${whole}.${digits.slice(0, maxDecimals + 1).join('')}`;
          expect(isDecimalString(tooMany, maxDecimals)).toBe(false);
          if (maxDecimals >= 1) expect(isDecimalString(exact, maxDecimals)).toBe(true);
        },
      ),
    );
  });

  it('isDecimalString refuses leading zeros, signs, spaces and bare dots', () => {
    for (const value of ['01', '+1', ' 1', '1 ', '.5', '5.', '1,5', '', 'NaN', 'Infinity', '0x10'])
      expect(isDecimalString(value, MAX_ASSET_DECIMALS)).toBe(false);
  });

  it('rounds half to even at the requested place', () => {
    expect(rounded('0.125', 2)).toBe('0.12');
    expect(rounded('0.135', 2)).toBe('0.14');
    expect(rounded('2.50', 0)).toBe('2');
    expect(rounded('1.000000005', MAX_USD_DECIMALS)).toBe('1');
  });
});
