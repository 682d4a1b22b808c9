/**
 * The position of `id` among the first `count` entries of `ids` (ascending), at or after `from`,
 * or -1: a binary search. The one look-up of an instance's per-snapshot sizes, for the tracker's size columns
 * (src/tracker/SizeColumns.ts) and a dump's size tables (src/dump/dumpReader.ts) alike.
 */
export function rowOfId(ids: ArrayLike<number>, count: number, id: number, from = 0): number {
  let lo = from;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = ids[mid]!;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
