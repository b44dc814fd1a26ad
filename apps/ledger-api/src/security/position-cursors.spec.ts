import { randomBytes } from 'node:crypto';
import { PositionCursors } from './position-cursors';

describe('PositionCursors', () => {
  const secret = randomBytes(32);

  it('seals a position into a cursor that another instance with the same secret opens', () => {
    const cursor = new PositionCursors(secret).seal(392_384);
    expect(cursor).toMatch(/^c1\.[A-Za-z0-9_-]{48}$/);
    expect(cursor).not.toContain('392384');
    expect(new PositionCursors(Buffer.from(secret)).open(cursor)).toBe(392_384);
  });

  it('gives two cursors for one position that differ, so equal pages do not show', () => {
    const cursors = new PositionCursors(secret);
    expect(cursors.seal(7)).not.toBe(cursors.seal(7));
  });

  it('opens nothing edited, foreign or not a cursor', () => {
    const cursors = new PositionCursors(secret);
    const cursor = cursors.seal(12);
    const bytes = Buffer.from(cursor.slice(3), 'base64url');
    bytes[14] ^= 1;
    expect(cursors.open(`c1.${bytes.toString('base64url')}`)).toBeUndefined();
    expect(new PositionCursors(randomBytes(32)).open(cursor)).toBeUndefined();
    for (const other of ['12', 'c1.', 'c1.AAAA', `c2.${cursor.slice(3)}`, cursor.slice(0, -1)]) expect(cursors.open(other)).toBeUndefined();
  });
});
