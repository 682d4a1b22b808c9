/**
 * Slot helpers of the sizer: array-index keys, referent names, elements capacity.
 */

/** True for an array-index key (`'0'`, `'42'`; not `'01'`, `'-1'`, `'4294967295'`). */
export function isIndexKey(k: string | symbol): boolean {
  if (typeof k !== 'string') return false;
  const n = k.length;
  if (n === 0 || n > 10) return false;
  const c0 = k.charCodeAt(0);
  if (c0 < 0x30 || c0 > 0x39 || (c0 === 0x30 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = k.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return n < 10 || Number(k) < 4294967295;
}

/** A referent name for a property key: `.field`, `['a b']`, `[3]`, `[Symbol(x)]`. */
export function propertyName(k: PropertyKey): string {
  if (typeof k === 'symbol') return `[${String(k)}]`;
  const s = String(k);
  if (isIndexKey(s)) return `[${s}]`;
  let ident = s.length > 0;
  for (let i = 0; i < s.length && ident; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24 || c > 0x7f;
    ident = letter || (i > 0 && c >= 0x30 && c <= 0x39);
  }
  if (ident) return `.${s}`;
  let q = '';
  for (let i = 0; i < s.length && i < 40; i++) {
    const c = s[i]!;
    q += c === "'" || c === '\\' ? `\\${c}` : c === '\n' ? '\\n' : c;
  }
  return `['${q}${s.length > 40 ? '…' : ''}']`;
}

/** Arrays up to this length are assumed exact-size (literals, tuples, `split`/`map` results). */
const LITERAL_SIZED = 16;

/**
 * Capacity V8 gives an elements store of `length`: reflection cannot tell an exact-size array
 * (literal, `map`, `slice`, `JSON.parse`) from one grown by `push` (each growth to
 * n + n/2 + 16). Short arrays are taken as exact; longer ones, which are often built
 * incrementally, get the midpoint of the two (docs/sizing.md).
 */
export function arrayCapacity(length: number): number {
  if (length <= LITERAL_SIZED) return Math.max(0, length);
  let grown = 0;
  while (grown < length) {
    const need = grown + 1;
    grown = need + (need >> 1) + 16;
  }
  return Math.round((length + grown) / 2);
}

/** True when a long array is mostly holes (sampled), so its elements are a dictionary. */
export function isSparse(a: unknown[], len: number, hasOwn: (o: object, k: PropertyKey) => boolean): boolean {
  let present = 0;
  for (let s = 0; s < 64; s++) if (hasOwn(a, Math.floor((s * len) / 64))) present++;
  if (present < 16) return true;
  // Sampling can be fooled (elements at just the sampled indices of a 2^32-1 length), and the
  // element walk is O(length): count holes until they cannot dominate (dense: about length/17
  // checks) or clearly do (a bounded multiple of the elements present).
  let holes = 0;
  present = 0;
  for (let i = 0; i < len; i++) {
    if (hasOwn(a, i)) {
      if (holes + (len - i - 1) <= 16 * ++present + 65536) return false;
    } else if (++holes > 16 * present + 65536) {
      return true;
    }
  }
  return false;
}
