/** Characters per chunk `jsonChunks` aims at (a chunk may run over by one array slice or leaf value). */
export const JSON_CHUNK = 1 << 20;

/** Array elements serialized in one `JSON.stringify` call when none of them is an object. */
const SLICE = 8192;

/**
 * `JSON.stringify(value)` as a sequence of strings of about `chunk` characters, whose
 * concatenation is exactly that text: a dump can be written or compressed as it is serialized,
 * never held whole as one string. Arrays and plain objects are walked (large arrays of
 * primitives in slices); any other value (one with `toJSON`, a class instance, a boxed
 * primitive) is handed to `JSON.stringify` whole. Throws as JSON.stringify does on a cycle or a
 * BigInt; `undefined` (or a function, a symbol) as the value itself yields nothing.
 */
export function* jsonChunks(value: unknown, chunk = JSON_CHUNK): Generator<string, void, undefined> {
  let buf = '';
  const ancestors = new Set<object>();
  // A generator per level would cost a resumption per leaf: the walk pushes text into `buf`
  // and the generator yields between top-level steps of an explicit stack instead.
  type Frame = { kind: 'array'; a: readonly unknown[]; i: number } | { kind: 'object'; o: Record<string, unknown>; keys: string[]; i: number; first: boolean };
  const stack: Frame[] = [];
  const open = (v: object): void => {
    if (ancestors.has(v)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(v);
    if (Array.isArray(v)) {
      buf += '[';
      stack.push({ kind: 'array', a: v as unknown[], i: 0 });
    } else {
      buf += '{';
      stack.push({ kind: 'object', o: v as Record<string, unknown>, keys: Object.keys(v), i: 0, first: true });
    }
  };
  if (!walkable(value)) {
    const s = JSON.stringify(value);
    if (s !== undefined) yield s;
    return;
  }
  open(value);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.kind === 'array') {
      const a = f.a;
      if (f.i >= a.length) {
        buf += ']';
        ancestors.delete(a);
        stack.pop();
      } else {
        const end = Math.min(a.length, f.i + SLICE);
        if (f.i > 0) buf += ',';
        if (!hasObject(a, f.i, end)) {
          // `undefined`, functions and symbols in the slice become null, as in the whole array.
          const s = JSON.stringify(f.i === 0 && end === a.length ? a : a.slice(f.i, end));
          buf += s.slice(1, -1);
          f.i = end;
        } else {
          const v = a[f.i++];
          if (walkable(v)) open(v);
          else buf += JSON.stringify(v) ?? 'null';
        }
      }
    } else if (f.i >= f.keys.length) {
      buf += '}';
      ancestors.delete(f.o);
      stack.pop();
    } else {
      const key = f.keys[f.i++]!;
      const v = f.o[key];
      if (walkable(v)) {
        buf += `${f.first ? '' : ','}${JSON.stringify(key)}:`;
        f.first = false;
        open(v);
      } else {
        const s = JSON.stringify(v);
        if (s !== undefined) {
          buf += `${f.first ? '' : ','}${JSON.stringify(key)}:${s}`;
          f.first = false;
        }
      }
    }
    if (buf.length >= chunk) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

/** An array or a plain object (prototype Object.prototype or none) without `toJSON`: walked by `jsonChunks`. */
function walkable(v: unknown): v is object {
  if (v === null || typeof v !== 'object') return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True when an element of `a` from `from` to `end` (exclusive) is a non-null object. */
function hasObject(a: readonly unknown[], from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const v = a[i];
    if (v !== null && typeof v === 'object') return true;
  }
  return false;
}
