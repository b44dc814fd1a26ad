/**
 * Deepest JSON nesting accepted in a request body or import line. The deepest command (a correction of a training's
 * agencies) nests 4 levels; parsers, validators and transformers recurse once per level, so thousands of levels
 * can exhaust the stack before any rule looks at the content.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when `json` nests objects and arrays deeper than `maxDepth`: one pass over the bytes, skipping strings, with
 * no parse (so it runs before the parser, whose recursion it guards). Malformed JSON is left to the parser.
 */
export function nestsDeeperThan(json: Uint8Array | string, maxDepth = MAX_JSON_DEPTH): boolean {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
  }
  return false;
}
