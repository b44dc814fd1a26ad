import { withinBytes } from './page-bytes';

describe('withinBytes (the byte cap of a page)', () => {
  const item = (n: number) => ({ n, text: 'x'.repeat(100) });

  it('keeps the longest prefix whose JSON fits, and at least one item so a page always moves on', () => {
    const items = [item(1), item(2), item(3)];
    const one = Buffer.byteLength(JSON.stringify(item(1))) + 1;
    expect(withinBytes(items, 3 * one)).toEqual(items);
    expect(withinBytes(items, 2 * one + 5)).toEqual(items.slice(0, 2));
    expect(withinBytes(items, 1)).toEqual(items.slice(0, 1));
    expect(withinBytes([], 1)).toEqual([]);
  });
});
