import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'c1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Page cursors that carry a log position without showing it, for callers limited to some jurisdictions: a
 * position counts every jurisdiction's events before it. AES-256-GCM under a key derived from the ledger's
 * key-hash secret (the same on every instance, so a cursor from one is good on another), with a random IV: two
 * cursors for one position differ, and a cursor cannot be forged or edited into another position.
 */
export class PositionCursors {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    this.key = createHmac('sha256', secret).update('cooperation-ledger page cursor v1').digest();
  }

  seal(position: number): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const plain = Buffer.alloc(8);
    plain.writeBigUInt64BE(BigInt(position));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return PREFIX + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The position a cursor of this ledger carries; undefined for anything else (edited, foreign, not a cursor). */
  open(cursor: string): number | undefined {
    if (!cursor.startsWith(PREFIX)) return undefined;
    const bytes = Buffer.from(cursor.slice(PREFIX.length), 'base64url');
    if (bytes.length !== IV_BYTES + 8 + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES + 8));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, IV_BYTES + 8)), decipher.final()]);
      const position = plain.readBigUInt64BE();
      return position <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(position) : undefined;
    } catch {
      return undefined;
    }
  }
}

export const POSITION_CURSORS = Symbol('POSITION_CURSORS');
