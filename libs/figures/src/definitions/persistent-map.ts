/**
 * A persistent (immutable) map from strings, for a definition whose one entity holds many records: `set` returns a
 * new map sharing all but one path of a hash array mapped trie with the old one, so an update costs O(log n) and
 * never copies the whole map, while every earlier map stays as it was (apply stays pure). It remembers the order
 * keys were first set in, as a plain object built by spreading would: `toObject` gives that object back, so a state
 * kept in these maps serializes to the same JSON. Keys are never removed.
 */

const BITS = 5;
const MASK = (1 << BITS) - 1;

interface Entry<V> {
  readonly key: string;
  readonly value: V;
  /** When the key was first set: 0 for the first key, and so on (keys are never removed). */
  readonly order: number;
}
/** Entries whose keys share one hash (usually one entry). */
interface Leaf<V> {
  readonly hash: number;
  readonly entries: readonly Entry<V>[];
}
/** Children by the next BITS bits of the hash: `bitmap` marks which are there, in bit order. */
interface Branch<V> {
  readonly bitmap: number;
  readonly children: readonly Trie<V>[];
}
type Trie<V> = Leaf<V> | Branch<V>;

const isLeaf = <V>(node: Trie<V>): node is Leaf<V> => 'entries' in node;

/** FNV-1a over UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function popcount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function find<V>(node: Trie<V> | undefined, hash: number, key: string): Entry<V> | undefined {
  for (let shift = 0; node; shift += BITS) {
    if (isLeaf(node)) return node.hash === hash ? node.entries.find((entry) => entry.key === key) : undefined;
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

/** The trie with `entry` in place of the entry of its key, or added. Two hashes differ within 32 bits, so a leaf
 *  is split at a shift of at most 30 (its BITS bits then are the last two). */
function put<V>(node: Trie<V> | undefined, hash: number, entry: Entry<V>, shift: number): Trie<V> {
  if (!node) return { hash, entries: [entry] };
  if (isLeaf(node)) {
    if (node.hash === hash) {
      const at = node.entries.findIndex((e) => e.key === entry.key);
      return { hash, entries: at < 0 ? [...node.entries, entry] : node.entries.map((e, i) => (i === at ? entry : e)) };
    }
    const split: Branch<V> = { bitmap: 1 << ((node.hash >>> shift) & MASK), children: [node] };
    return put(split, hash, entry, shift);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  const children = node.children.slice();
  if ((node.bitmap & bit) === 0) {
    children.splice(index, 0, { hash, entries: [entry] });
    return { bitmap: node.bitmap | bit, children };
  }
  children[index] = put(node.children[index], hash, entry, shift + BITS);
  return { bitmap: node.bitmap, children };
}

function collect<V>(node: Trie<V> | undefined, into: Entry<V>[]): void {
  if (!node) return;
  if (isLeaf(node)) for (const entry of node.entries) into[entry.order] = entry;
  else for (const child of node.children) collect(child, into);
}

export class PersistentMap<V> {
  private constructor(
    private readonly root: Trie<V> | undefined,
    /** How many keys the map has. */
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(undefined, 0);
  }

  /** The map of an object's own enumerable properties, in their order. */
  static fromObject<V>(object: Readonly<Record<string, V>>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const key of Object.keys(object)) map = map.set(key, object[key]);
    return map;
  }

  get(key: string): V | undefined {
    return find(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return find(this.root, hashOf(key), key) !== undefined;
  }

  /** A map with `key` set to `value`: in its place if the key was there, else after the others. */
  set(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key);
    const existing = find(this.root, hash, key);
    if (existing?.value === value) return this;
    const entry: Entry<V> = { key, value, order: existing?.order ?? this.size };
    return new PersistentMap(put(this.root, hash, entry, 0), existing ? this.size : this.size + 1);
  }

  /** [key, value] pairs in the order the keys were first set. */
  entries(): [string, V][] {
    const all: Entry<V>[] = new Array<Entry<V>>(this.size);
    collect(this.root, all);
    return all.map((entry) => [entry.key, entry.value]);
  }

  /** A plain object with the keys set in the order they were first set (what spreading each update would give). */
  toObject(): Record<string, V> {
    return Object.fromEntries(this.entries());
  }
}
