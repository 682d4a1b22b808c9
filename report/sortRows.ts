/** Rows up to this many sort by packed keys (the row in the low 21 bits of a double). */
const PACK_ROWS = 2 ** 21;
/** Keys below this (non-negative integers: byte counts) pack with the row exactly (2^31 x 2^21 = 2^52). */
const PACK_KEY = 2 ** 31;

/**
 * Sorts `idx` (positions into `keys`) by key, descending or ascending, ties in position order
 * (stable). Non-negative integer keys below 2^31 (sizes) sort as packed doubles with the typed
 * array's numeric sort, no comparator call per pair; other keys (times, ids) with a comparator.
 */
export function sortByKey(idx: number[], keys: Float64Array, desc: boolean): number[] {
  const n = idx.length;
  let packable = n < PACK_ROWS;
  for (let p = 0; packable && p < n; p++) {
    const k = keys[idx[p]!]!;
    packable = k >= 0 && k < PACK_KEY && Number.isInteger(k);
  }
  if (!packable || idx.some((i) => i >= PACK_ROWS)) {
    const dir = desc ? -1 : 1;
    return idx.sort((a, b) => (keys[a]! < keys[b]! ? -dir : keys[a]! > keys[b]! ? dir : a - b));
  }
  const packed = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const i = idx[p]!;
    const k = keys[i]!;
    packed[p] = (desc ? PACK_KEY - 1 - k : k) * PACK_ROWS + i;
  }
  packed.sort();
  for (let p = 0; p < n; p++) idx[p] = packed[p]! % PACK_ROWS;
  return idx;
}
