/**
 * The floors that the snapshot and sizer benchmarks compare against, over the same objects in
 * the same run. Both visit every object reachable from the roots once (a `Set` seen-set, an
 * explicit stack) and sum a constant per object and per slot: no layout rules, no Map/Set
 * contents, no strings, no proxies or exotic objects told apart.
 *
 * - `getterSafeWalk`: the cheapest walk found that reads no getter and calls no trap (proxies
 *   aside, which it does not tell apart): `Object.getOwnPropertyNames` then
 *   `Object.getOwnPropertySymbols` (the keys of `Reflect.ownKeys`, in its order, which V8 lists
 *   through a hash set: 5-10x slower on small objects) + `Reflect.getOwnPropertyDescriptor`
 *   for named properties; array elements by index with `Object.hasOwn` + `__lookupGetter__`
 *   (undefined for an own data element: the read `a[i]` then runs nothing), no descriptor
 *   allocated. The floor of any sizer that must never run user code.
 * - `bareWalk`: `Object.keys` and plain property reads (arrays by index): runs getters, so no
 *   safe sizer can do it; the reference the "2x the bare walk" target is against.
 */

const HEADER = 24;
const SLOT = 8;
const lookupGetter = Reflect.get(Object.prototype, '__lookupGetter__') as (this: object, k: PropertyKey) => unknown;

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

/** Runs `slots(obj, push)` on every object reachable from `roots` once; sums HEADER per object. */
function walk(roots: readonly unknown[], slots: (o: object, push: (v: unknown) => void) => number): number {
  const seen = new Set<object>();
  const stack: object[] = [];
  const push = (v: unknown): void => {
    if (isObject(v) && !seen.has(v)) {
      seen.add(v);
      stack.push(v);
    }
  };
  for (const r of roots) push(r);
  let total = 0;
  while (stack.length > 0) total += HEADER + slots(stack.pop()!, push);
  return total;
}

/** The getter-safe floor's "size" of everything reachable from `roots` (each object counted once). */
export function getterSafeWalk(roots: readonly unknown[]): number {
  return walk(roots, (obj, push) => {
    let total = 0;
    if (Array.isArray(obj)) {
      const a = obj as unknown[];
      for (let i = 0; i < a.length; i++) {
        total += SLOT;
        if (Object.hasOwn(a, i) && lookupGetter.call(a, i) === undefined) push(a[i]);
      }
      return total;
    }
    const keys = Object.getOwnPropertyNames(obj);
    for (let i = 0; i < keys.length; i++) {
      total += SLOT;
      const d = Reflect.getOwnPropertyDescriptor(obj, keys[i]!);
      if (d !== undefined) push(d.value);
    }
    const syms = Object.getOwnPropertySymbols(obj);
    for (let i = 0; i < syms.length; i++) {
      total += SLOT;
      const d = Reflect.getOwnPropertyDescriptor(obj, syms[i]!);
      if (d !== undefined) push(d.value);
    }
    return total;
  });
}

/** The bare walk's "size" of everything reachable from `roots`: runs getters (a reference, not a safe sizer). */
export function bareWalk(roots: readonly unknown[]): number {
  return walk(roots, (obj, push) => {
    let total = 0;
    if (Array.isArray(obj)) {
      const a = obj as unknown[];
      for (let i = 0; i < a.length; i++) {
        total += SLOT;
        push(a[i]);
      }
      return total;
    }
    const o = obj as Record<string, unknown>;
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      total += SLOT;
      push(o[keys[i]!]);
    }
    return total;
  });
}
