/**
 * The bare-traversal floor that the snapshot and sizer benchmarks compare against: the
 * least work any reflective sizer must do. Visits every object reachable from the roots
 * once (a `Set` seen-set, an explicit stack), reads each own slot with
 * `Reflect.ownKeys` + `Object.getOwnPropertyDescriptor`, and sums a constant per slot.
 * No layout rules, no Map/Set contents, no strings, no proxies or exotic objects told apart.
 */

const HEADER = 24;
const SLOT = 8;

/** The floor's "size" of everything reachable from `roots` (each object counted once). */
export function bareTraversal(roots: readonly unknown[]): number {
  const seen = new Set<object>();
  const stack: object[] = [];
  let total = 0;
  for (const r of roots) {
    if (((typeof r === 'object' && r !== null) || typeof r === 'function') && !seen.has(r)) {
      seen.add(r);
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const obj = stack.pop()!;
    total += HEADER;
    const keys = Reflect.ownKeys(obj);
    for (let i = 0; i < keys.length; i++) {
      total += SLOT;
      const d = Object.getOwnPropertyDescriptor(obj, keys[i]!);
      if (d === undefined) continue;
      const v: unknown = d.value;
      if (((typeof v === 'object' && v !== null) || typeof v === 'function') && !seen.has(v)) {
        seen.add(v);
        stack.push(v);
      }
    }
  }
  return total;
}
