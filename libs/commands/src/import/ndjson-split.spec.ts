import { splitLines } from './ndjson-import';

async function collect(chunks: Iterable<Buffer | string>, max: number) {
  const out: unknown[] = [];
  for await (const piece of splitLines(
    (async function* () {
      yield* chunks;
    })(),
    max,
  ))
    out.push(piece);
  return out;
}

describe('splitLines: NDJSON bytes into lines with a byte cap per line', () => {
  it('joins a line cut anywhere across chunks, multi-byte characters included', async () => {
    const text = Buffer.from('{"city":"São Paulo"}\n{"b":2}\r\n\nlast');
    for (let cut = 1; cut < text.length; cut++) {
      const pieces = await collect([text.subarray(0, cut), text.subarray(cut)], 100);
      expect(pieces).toEqual([
        { tooLong: false, text: '{"city":"São Paulo"}', bytes: 22 },
        { tooLong: false, text: '{"b":2}\r', bytes: 9 },
        { tooLong: false, text: '', bytes: 1 },
        { tooLong: false, text: 'last', bytes: 4 },
      ]);
    }
  });

  it('refuses a line as soon as it passes the cap and reads no further chunk', async () => {
    let chunksRead = 0;
    async function* endless() {
      for (;;) {
        chunksRead++;
        yield Buffer.alloc(1000, 0x61);
      }
    }
    const pieces: unknown[] = [];
    for await (const piece of splitLines(endless(), 4500)) pieces.push(piece);
    expect(pieces).toEqual([{ tooLong: true, bytes: 5000 }]);
    expect(chunksRead).toBe(5);
  });

  it('a line of exactly the cap passes; one byte more does not', async () => {
    expect(await collect(['abcd\nx'], 4)).toEqual([
      { tooLong: false, text: 'abcd', bytes: 5 },
      { tooLong: false, text: 'x', bytes: 1 },
    ]);
    expect(await collect(['ab', 'cde\nx'], 4)).toEqual([{ tooLong: true, bytes: 6 }]);
  });
});
