import { arrayLiteral } from './postgres-batch-writes';

describe('arrayLiteral', () => {
  it('quotes every element, escapes backslash and double quote, and writes null and undefined as NULL', () => {
    const values = ['plain', '', 'a,b', '{x}', 'say "hi"', 'back\\slash', 'NULL', ' spaced ', 'ü€😀', null, undefined, 42, 10n ** 30n, -7n];
    expect(arrayLiteral(values, (v) => v)).toBe(
      '{"plain","","a,b","{x}","say \\"hi\\"","back\\\\slash","NULL"," spaced ","ü€😀",NULL,NULL,"42","1000000000000000000000000000000","-7"}',
    );
    expect(arrayLiteral([], (v) => v)).toBe('{}');
  });
});
