/**
 * The first `n` of `items` in the order of `cmp`, without sorting them all: one pass keeping the
 * best n in a sorted list (O(items x log n) comparisons, plus moves within the n kept).
 */
export function topN<T>(items: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
  if (n >= items.length) return [...items].sort(cmp);
  const kept: T[] = [];
  if (n <= 0) return kept;
  for (const item of items) {
    if (kept.length === n && cmp(item, kept[n - 1]!) >= 0) continue;
    // Binary search for the insertion point (after equals: stable).
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(item, kept[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    kept.splice(lo, 0, item);
    if (kept.length > n) kept.pop();
  }
  return kept;
}

export { byCodeUnit } from '../dump/byCodeUnit.js';
