import { PersistentMap } from './persistent-map';

describe('PersistentMap', () => {
  it('keeps every earlier map as it was', () => {
    const empty = PersistentMap.empty<number>();
    const one = empty.set('a', 1);
    const two = one.set('b', 2);
    const changed = two.set('a', 3);
    expect([empty.size, one.size, two.size, changed.size]).toEqual([0, 1, 2, 2]);
    expect([one.get('a'), one.get('b'), two.get('a'), changed.get('a'), changed.get('b')]).toEqual([1, undefined, 1, 3, 2]);
    expect(two.set('b', 2)).toBe(two);
  });

  it('gives back the object spreading each update would build, in the same key order', () => {
    let map = PersistentMap.empty<number>();
    let object: Record<string, number> = {};
    // Enough keys for branches several levels deep; numeric keys, which an object orders first, and prototype names.
    const keys = [...Array.from({ length: 3000 }, (_, i) => `incident-${(i * 7919) % 3001}`), '12', '3', 'constructor', 'toString'];
    keys.forEach((key, i) => {
      map = map.set(key, i);
      object = { ...object, [key]: i };
      if (i % 5 === 0) {
        const again = keys[(i * 31) % (i + 1)];
        map = map.set(again, -i);
        object = { ...object, [again]: -i };
      }
    });
    expect(JSON.stringify(map.toObject())).toBe(JSON.stringify(object));
    expect(map.size).toBe(Object.keys(object).length);
    expect(JSON.stringify(PersistentMap.fromObject(object).toObject())).toBe(JSON.stringify(object));
    for (const key of Object.keys(object)) expect(map.get(key)).toBe(object[key]);
    expect([map.has('missing'), map.get('hasOwnProperty')]).toEqual([false, undefined]);
  });
});
