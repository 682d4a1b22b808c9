/**
 * V8's object layout as byte counts, for one tagged-field width. Figures for 8-byte tagged
 * fields were calibrated against Node 20 (V8 11.3) heap snapshots, figures for 4-byte tagged
 * fields against Chromium 156 (V8 15.6, pointer compression and the V8 sandbox on), the
 * browsers heapcensus meets with that width; see docs/sizing.md.
 */
export interface Layout {
  /** Width of a tagged field (4 with pointer compression, 8 without). */
  readonly T: 4 | 8;
  /** Rounds a byte count up to V8's object alignment (the tagged width). */
  align(bytes: number): number;
  /** A boxed double (HeapNumber): map + 8-byte value. */
  readonly heapNumber: number;
  /** JSObject header: map, properties, elements. */
  readonly object: number;
  /** JSArray header: JSObject + length. */
  readonly array: number;
  /** JSFunction without / with a prototype slot. */
  readonly func: number;
  readonly funcWithPrototype: number;
  /** JSMap / JSSet / JSWeakMap / JSWeakSet: JSObject + table. */
  readonly collection: number;
  /** JSDate, with its cached date fields. */
  readonly date: number;
  /** Whether a Date's time value is a HeapNumber (V8 11) rather than a raw double field (V8 15). */
  readonly dateValueBoxed: boolean;
  /** JSRegExp plus its data, for a pattern V8 compiles as an irregexp (before its first exec). */
  readonly regexp: number;
  /** JSRegExp plus its data, for a plain-string pattern that V8 matches as an atom. */
  readonly regexpAtom: number;
  /**
   * Whether a dictionary-mode object owns its key strings. In Chromium (V8 15) snapshots a
   * run-time key held only by a dictionary is its own; in Node 20 (V8 11) snapshots keys are
   * reachable through the string table, so they are shared.
   */
  readonly dictionaryKeysOwned: boolean;
  readonly arrayBuffer: number;
  readonly typedArray: number;
  readonly dataView: number;
  readonly promise: number;
  readonly weakRef: number;
  readonly finalizationRegistry: number;
  /** JSPrimitiveWrapper (`new Number(1)`): JSObject + value. */
  readonly wrapper: number;
  /** A Proxy, opaque: map, target, handler (+ hash). */
  readonly proxy: number;
  /** What an object the sizer cannot classify is charged (a JSObject header plus a few slots). */
  readonly opaque: number;
  /** An Error's captured structured stack (estimate: 10 call sites). */
  readonly errorStack: number;
  readonly symbol: number;
  /** Sequential string: map, hash, length, then 1 or 2 bytes per char. */
  string(length: number, twoByte: boolean): number;
  /** BigInt with `digits` 64-bit digits. */
  bigint(digits: number): number;
  /** FixedArray of `n` tagged slots (elements, PropertyArray use the same header). */
  fixedArray(n: number): number;
  /** FixedDoubleArray of `n` unboxed doubles. */
  doubleArray(n: number): number;
  /** ByteArray holding an on-heap typed array's `n` bytes. */
  byteArray(n: number): number;
  /** NameDictionary (dictionary-mode properties) holding `n` entries. */
  nameDictionary(n: number): number;
  /** NumberDictionary (dictionary-mode elements) holding `n` entries. */
  numberDictionary(n: number): number;
  /** OrderedHashMap (entry 3 slots) or OrderedHashSet (2 slots) holding `n` entries. */
  orderedHashTable(n: number, entrySlots: 2 | 3): number;
}

const layouts = new Map<string, Layout>();

/**
 * The V8 version from which (T = 4) the regexp data is 36 bytes larger: Chromium 150 (V8 15.0)
 * measured atom data 40 and irregexp data 76 bytes, Chromium 156 (V8 15.6) 76 and 112. Versions
 * between were not measured; an unknown version gets the newest figures.
 */
export const LARGER_REGEXP_DATA_FROM = 156;

/** Smallest power of two >= n. */
const pow2 = (n: number): number => (n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n)));

/** HashTable::ComputeCapacity: a power of two with 50% slack, at least 4. */
const hashCapacity = (n: number): number => Math.max(4, pow2(n + (n >> 1)));

/** The layout for a tagged width and V8 version (created on first use, then shared). */
export function layoutFor(T: 4 | 8, v8Version?: number): Layout {
  const oldRegexp = T === 4 && v8Version !== undefined && v8Version < LARGER_REGEXP_DATA_FROM;
  const cacheKey = `${T}:${oldRegexp}`;
  const hit = layouts.get(cacheKey);
  if (hit) return hit;
  const regexpData = oldRegexp ? 0 : 36;
  const align = (b: number) => Math.ceil(b / T) * T;
  const fixedArray = (n: number) => 2 * T + n * T;
  const l: Layout = {
    T,
    align,
    heapNumber: T + 8,
    object: 3 * T,
    array: 4 * T,
    func: 7 * T,
    funcWithPrototype: 8 * T,
    collection: 4 * T,
    // V8 15 (T = 4, Chromium) keeps a Date's time value as a raw double next to its cached
    // fields, has the regexp data in trusted space behind an 8-byte wrapper (atom 76 bytes,
    // irregexp 112; 36 fewer before LARGER_REGEXP_DATA_FROM), and fewer raw fields in buffers
    // and views (the sandbox's 4-byte offsets).
    date: T === 4 ? 52 : 12 * T,
    dateValueBoxed: T !== 4,
    regexp: T === 4 ? 6 * T + 8 + 76 + regexpData : 7 * T + fixedArray(4),
    regexpAtom: T === 4 ? 6 * T + 8 + 40 + regexpData : 7 * T + fixedArray(4),
    dictionaryKeysOwned: T === 4,
    // Raw fields (byte length, max length, backing-store pointer, extension, bit field,
    // embedder slots) do not shrink to T.
    arrayBuffer: T === 4 ? 3 * T + 40 : 3 * T + 64,
    typedArray: T === 4 ? 3 * T + 48 : 3 * T + 72,
    dataView: T === 4 ? 3 * T + 36 : 3 * T + 56,
    promise: T === 4 ? 5 * T : 6 * T,
    weakRef: 4 * T,
    finalizationRegistry: 10 * T,
    wrapper: 4 * T,
    proxy: 4 * T,
    opaque: 4 * T,
    errorStack: fixedArray(10) + 10 * 7 * T,
    symbol: align(T + 8 + T),
    string: (n, two) => align(T + 8 + (two ? 2 * n : n)),
    bigint: (d) => align(T + 4) + 8 * d,
    fixedArray,
    doubleArray: (n) => 2 * T + 8 * n,
    byteArray: (n) => align(2 * T + n),
    nameDictionary: (n) => fixedArray(6 + 3 * hashCapacity(n)),
    numberDictionary: (n) => fixedArray(4 + 3 * hashCapacity(n)),
    orderedHashTable: (n, e) => {
      const cap = Math.max(4, pow2(n));
      return fixedArray(3 + cap / 2 + cap * e);
    },
  };
  layouts.set(cacheKey, l);
  return l;
}
