import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Sizer, asized, preview, sizeOf } from '../../src/sizer/index.js';
import { NotSized } from '../../src/sizer/NotSized.js';
import type { RefNode } from '../../src/types.js';

const isProxy = (v: object) => types.isProxy(v);
const opts = { taggedSize: 8 as const, isProxy };
const child = (refs: RefNode[] | undefined, name: string) => refs?.find((r) => r.name === name);
/** A flat one-byte string that is not a literal (literals are shared, but the model counts them too). */
const str = (n: number, c = 'x') => Array(n).fill(c).join('');

describe('Sizer: seen-set semantics', () => {
  it('counts a leaf shared by two roots once, in the first measure() that reaches it', () => {
    const leaf = { data: Array.from({ length: 1000 }, (_, i) => i) };
    const a = { leaf };
    const b = { leaf };
    const sizer = new Sizer(opts);
    const sa = sizer.measure(a);
    const sb = sizer.measure(b);
    expect(sa.size).toBe(sizeOf(a, opts));
    expect(sb.size).toBe(sb.flat);
    expect(sa.size - sa.flat).toBe(sizeOf(leaf, opts));
    expect(sizer.total).toBe(sa.size + sb.size);
  });

  it('sizes a root already met as a referent as 0, and a root measured twice once', () => {
    const inner = { x: str(100) };
    const outer = { inner };
    const sizer = new Sizer(opts);
    expect(sizer.measure(outer).size).toBeGreaterThan(100);
    expect(sizer.measure(inner)).toEqual({ size: 0, flat: 0 });
    expect(sizer.measure(outer).size).toBe(0);
  });

  it('excludes referents for which isExcluded is true; parent + child == standalone (AC-X2)', () => {
    const c = { payload: Array.from({ length: 100 }, () => ({ v: 1.5 })) };
    const p = { name: str(30), c, self: undefined as unknown };
    p.self = p;
    const whole = sizeOf(p, opts);
    for (const order of ['parent-first', 'child-first']) {
      const sizer = new Sizer({ ...opts, isExcluded: (o) => o === c || o === p });
      const [sp, sc] = order === 'parent-first'
        ? [sizer.measure(p), sizer.measure(c)]
        : [sizer.measure(c), sizer.measure(p)].reverse();
      expect(sp!.size + sc!.size).toBe(whole);
      expect(sc!.size).toBe(sizeOf(c, opts));
    }
    const tree = new Sizer({ ...opts, isExcluded: (o) => o === c }).measure(p, 1);
    expect(child(tree.refs, '.c')).toMatchObject({ size: 0, flat: 0, refs: [] });
    expect(child(tree.refs, '.self')).toMatchObject({ size: 0 });
  });

  it('exclude() up front + measureExcluded() sizes exactly as isExcluded does, in either order', () => {
    const c = { payload: Array.from({ length: 100 }, () => ({ v: 1.5 })), back: undefined as unknown };
    const p = { name: str(30), c, self: undefined as unknown };
    p.self = p;
    c.back = p;
    for (const roots of [[p, c], [c, p]]) {
      const viaSet = new Sizer({ ...opts, isExcluded: (o) => o === c || o === p });
      const upFront = new Sizer(opts);
      for (const r of roots) upFront.exclude(r);
      for (const r of roots) {
        expect(upFront.measureExcluded(r, 2)).toEqual(viaSet.measure(r, 2));
      }
      expect(upFront.total).toBe(sizeOf(p, opts));
    }
  });

  it('terminates on cycles', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = { a };
    a.b = b;
    a.self = a;
    const m = new Map<unknown, unknown>([[a, b]]);
    a.m = m;
    expect(sizeOf(a, opts)).toBeGreaterThan(0);
  });
});

describe('Sizer: referent trees', () => {
  const make = () => {
    const sym = Symbol('tag');
    return {
      field: { deep: { deeper: str(64) } },
      list: [1, 2, 3, { x: 1 }],
      map: new Map<unknown, unknown>([['key one', { v: 1 }], [{ k: 1 }, 2]]),
      set: new Set(['a', 'bb']),
      [sym]: 1.5,
      'a b': 1,
      fn: () => 1,
    };
  };

  it('names nodes .field, [3], Map[key], Set[i], [Symbol(x)], quoted keys', () => {
    const { refs } = asized(make(), { ...opts, detail: 2 });
    const names = refs!.map((r) => r.name);
    expect(names).toEqual(['.field', '.list', '.map', '.set', "['a b']", '.fn', '[Symbol(tag)]']);
    expect(child(refs, '.list')!.refs.map((r) => r.name)).toEqual(['[0]', '[1]', '[2]', '[3]']);
    const map = child(refs, '.map')!.refs.map((r) => r.name);
    expect(map).toEqual(["Map key 'key one'", "Map['key one']", 'Map key {k: 1}', 'Map[{k: 1}]']);
    expect(child(refs, '.set')!.refs.map((r) => r.name)).toEqual(['Set[0]', 'Set[1]']);
    expect(child(refs, '[Symbol(tag)]')).toMatchObject({ size: 16, preview: '1.5' });
    expect(child(refs, '.list')!.refs[3]!.preview).toBe('{x: 1}');
  });

  it('records as many levels as asked; the deepest nodes have no refs but full sizes', () => {
    const v = make();
    const full = sizeOf(v, opts);
    for (const detail of [1, 2, 3, 5]) {
      const s = asized(v, { ...opts, detail });
      expect(s.size).toBe(full);
      let depth = 0;
      let level: RefNode[] = s.refs!;
      while (level.length > 0) {
        depth++;
        level = level.flatMap((n) => n.refs);
      }
      expect(depth).toBe(Math.min(detail, 3)); // .field .deep .deeper
      const check = (n: { size: number; flat: number; refs?: RefNode[] }): void => {
        const sum = (n.refs ?? []).reduce((t, c) => t + c.size, 0);
        if ((n.refs ?? []).length > 0) expect(n.size).toBe(n.flat + sum);
        n.refs?.forEach(check);
      };
      check(s);
    }
    const one = asized(v, { ...opts, detail: 1 });
    const field = child(one.refs, '.field')!;
    expect(field.refs).toEqual([]);
    expect(field.size).toBe(sizeOf(v.field, opts));
  });

  it('shows referents seen before as zero-size nodes', () => {
    const shared = { big: str(500) };
    const sizer = new Sizer(opts);
    sizer.measure({ shared });
    const t = sizer.measure({ again: shared, own: str(20) }, 1);
    expect(child(t.refs, '.again')).toMatchObject({ size: 0, flat: 0 });
    expect(child(t.refs, '.own')!.size).toBe(40);
  });

  it('sums siblings beyond maxRefs into one node', () => {
    const arr = Array.from({ length: 250 }, (_, i) => ({ i }));
    const s = new Sizer({ ...opts, maxRefs: 100 }).measure(arr, 1);
    expect(s.refs).toHaveLength(101);
    expect(s.refs![100]!.name).toBe('[… 150 more]');
    expect(s.size).toBe(sizeOf(arr, opts));
  });
});

describe('Sizer: never runs user code', () => {
  it('calls no getter, toJSON, valueOf, toString, toPrimitive, iterator, or overridden Map/Set method', () => {
    let calls = 0;
    const hit = () => {
      calls++;
      return 1;
    };
    class WithAccessor {
      get viaProto() { return hit(); }
    }
    class SneakyMap extends Map<unknown, unknown> {
      override forEach() { hit(); }
      override get size() { return hit(); }
      override entries() { hit(); return super.entries(); }
    }
    const obj = Object.assign(new WithAccessor(), {
      toJSON: hit, valueOf: hit, toString: hit, [Symbol.toPrimitive]: hit, [Symbol.iterator]: hit,
      map: new SneakyMap([[1, { a: 1 }]]),
      date: Object.assign(new Date(0), { getTime: hit, toISOString: hit }),
      err: new Error('boom'),
    });
    Object.defineProperty(obj, 'own', { get: hit, set: hit, enumerable: true });
    const arr: unknown[] = [1, , 3];
    Object.defineProperty(arr, 3, { get: hit, enumerable: true });
    (obj as Record<string, unknown>).arr = arr;
    const prep = Error.prepareStackTrace;
    Error.prepareStackTrace = () => { hit(); return ''; };
    try {
      expect(sizeOf(obj, opts)).toBeGreaterThan(0);
      expect(asized(obj, { ...opts, detail: 3 }).refs!.length).toBeGreaterThan(0);
      preview(obj);
      preview(obj.map);
      preview(obj.date);
      preview(obj.err);
    } finally {
      Error.prepareStackTrace = prep;
    }
    expect(calls).toBe(0);
  });

  it('calls no Proxy trap when isProxy is given, and never `get` without it', () => {
    const traps: string[] = [];
    const handler: ProxyHandler<object> = {};
    for (const t of ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply', 'construct', 'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'setPrototypeOf'] as const) {
      (handler as Record<string, unknown>)[t] = (...args: unknown[]) => {
        traps.push(t);
        return (Reflect as unknown as Record<string, (...a: unknown[]) => unknown>)[t]!(...args);
      };
    }
    const target = { a: 1, b: { c: str(10) } };
    const root = { p: new Proxy(target, handler), f: new Proxy(() => 1, handler) };
    const withProxy = asized(root, { ...opts, detail: 2 });
    expect(traps).toEqual([]);
    expect(child(withProxy.refs, '.p')!.preview).toBe('Proxy');
    asized(root, { taggedSize: 8, detail: 2 });
    expect(traps).not.toContain('get');
    expect(new Set(traps)).toEqual(new Set(traps.filter((t) => ['ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'].includes(t))));
  });

  it('survives revoked proxies with and without isProxy', () => {
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    const fn = Proxy.revocable(() => 1, {});
    revoke();
    fn.revoke();
    const root = { proxy, fn: fn.proxy, list: [proxy] };
    for (const o of [opts, { taggedSize: 8 as const }]) {
      expect(() => sizeOf(root, o)).not.toThrow();
      expect(() => asized(root, { ...o, detail: 2 })).not.toThrow();
      expect(() => sizeOf(proxy, o)).not.toThrow();
      expect(() => preview(proxy, 80, o.isProxy)).not.toThrow();
    }
    expect(preview(proxy, 80, isProxy)).toBe('Proxy');
  });
});

describe('Sizer: scale', () => {
  it('walks a million-deep linked list without overflowing the stack', () => {
    let head: { next: unknown } | null = null;
    for (let i = 0; i < 1_000_000; i++) head = { next: head };
    expect(sizeOf(head, opts)).toBe(1_000_000 * 32); // JSObject header + 1 in-object slot
  });

  it('sizes 1e6-element arrays of Smis, doubles and objects', () => {
    const smis = Array.from({ length: 1e6 }, (_, i) => i);
    const doubles = Array.from({ length: 1e6 }, (_, i) => i + 0.5);
    const objects = Array.from({ length: 1e6 }, (_, i) => ({ i }));
    const s = sizeOf(smis, opts);
    expect(s).toBeGreaterThanOrEqual(32 + 16 + 8e6);
    expect(sizeOf(doubles, opts)).toBe(s); // unboxed doubles: 8 bytes each, like Smis at taggedSize 8
    expect(sizeOf(objects, opts)).toBe(s + 1e6 * 32);
  });

  it('handles a million-key object and a sparse array', () => {
    const o: Record<string, number> = {};
    for (let i = 0; i < 1e6; i++) o[`k${i}`] = i;
    expect(sizeOf(o, opts)).toBeGreaterThan(1e6 * 24);
    const sparse: unknown[] = [];
    sparse[1e9] = { x: 1 };
    expect(sizeOf(sparse, opts)).toBeLessThan(1000);
  });
});

describe('Sizer: layout rules', () => {
  it('skips @NotSized() fields (legacy-style call, works in both decorator modes)', () => {
    const cache = Array.from({ length: 1000 }, (_, i) => ({ i }));
    class Holder {
      cache = cache;
      own = [1, 2, 3];
    }
    class Plain {
      cache = cache;
      own = [1, 2, 3];
    }
    NotSized()(Holder.prototype, 'cache');
    const h = sizeOf(new Holder(), opts);
    expect(h).toBe(sizeOf(new Plain(), opts) - sizeOf(cache, opts));
    expect(h).toBeLessThan(300);
  });

  it('counts a long string once per root, a short one once per sizer; two-byte strings take 2 bytes a char', () => {
    const s = str(100);
    expect(sizeOf(s, opts)).toBe(16 + 104);
    expect(sizeOf(str(100, 'é'), opts)).toBe(16 + 104); // é is one-byte (Latin-1)
    expect(sizeOf(str(100, '€'), opts)).toBe(16 + 200);
    // Equal strings longer than 10 characters are charged once per root (issue 9, stringSharing.test.ts):
    // within one root, an equal value is taken to be the same string.
    expect(sizeOf([s, s, str(100)], opts)).toBe(sizeOf([1, 2, 3], opts) + 120);
    expect(sizeOf([str(10), str(10), str(10)], opts)).toBe(sizeOf([1, 2, 3], opts) + 16 + 16);
    const sizer = new Sizer(opts);
    expect(sizer.measure({ a: s }).size).toBe(32 + 120);
    expect(sizer.measure({ b: str(100) }).size).toBe(32 + 120);
    expect(sizer.measure({ a: str(10) }).size).toBe(32 + 32);
    expect(sizer.measure({ b: str(10) }).size).toBe(32);
    expect(sizeOf('', opts) + sizeOf('a', opts)).toBe(0);
  });

  it('charges HeapNumbers for non-Smi numbers in slots, none in double arrays', () => {
    expect(sizeOf({ a: 1 }, opts)).toBe(32);
    expect(sizeOf({ a: 1.5 }, opts)).toBe(48);
    expect(sizeOf({ a: 2 ** 31 }, opts)).toBe(48);
    expect(sizeOf({ a: -0 }, opts)).toBe(48);
    expect(sizeOf({ a: 2 ** 30 }, { taggedSize: 4 })).toBe(16 + 12); // not a Smi with 31-bit Smis
    expect(sizeOf([1.5, 2.5], opts)).toBe(sizeOf([1, 2], opts));
    expect(sizeOf([1.5, 'x'], opts)).toBe(sizeOf([1, 'x'], opts) + 16);
  });

  it('models Map/Set hash tables, Date, typed arrays and shared ArrayBuffers', () => {
    expect(sizeOf(new Map(), opts)).toBe(32 + 152);
    expect(sizeOf(new Map(Array.from({ length: 100 }, (_, i) => [i, i])), opts)).toBe(32 + 3624);
    expect(sizeOf(new Set([1, 2, 3]), opts)).toBe(32 + 120);
    expect(sizeOf(new Date(), opts)).toBe(96 + 16);
    expect(sizeOf(new Uint8Array(1000), opts)).toBe(96 + 88 + 1000);
    expect(sizeOf(new Uint8Array(10), opts)).toBe(96 + 88 + 32);
    const buf = new ArrayBuffer(4096);
    const views = [new Uint8Array(buf, 0, 100), new Float64Array(buf, 8, 4), new DataView(buf)];
    expect(sizeOf(views, opts)).toBe(sizeOf([0, 0, 0], opts) + 96 + 96 + 80 + 88 + 4096);
  });

  it('estimates private #fields from the class source', () => {
    class Pub { a = 1; b = 2; c = 3; }
    class Priv { #a = 1; #b = 2; c = 3; get a() { return this.#a + this.#b; } }
    class Meth { #x = 1; #m() { return this.#x; } c = 3; n() { return this.#m(); } }
    expect(sizeOf(new Priv(), opts)).toBe(sizeOf(new Pub(), opts));
    expect(sizeOf(new Meth(), opts)).toBe(sizeOf(new Pub(), opts)); // #x + brand + c
  });

  it('is smaller with 4-byte tagged fields', () => {
    const v = { a: [1, 2, 3], b: { c: 'hello world' }, m: new Map([[1, 2]]) };
    expect(sizeOf(v, { taggedSize: 4 })).toBeLessThan(sizeOf(v, opts));
    expect(sizeOf({}, { taggedSize: 4 })).toBe(28);
  });

  it('uses the Chromium (V8 15) layout for 4-byte fields: Date, RegExp, buffers, dictionary keys', () => {
    const t4 = { taggedSize: 4 as const };
    expect(sizeOf(new Date(1700000000000), t4)).toBe(52); // raw double time value, no HeapNumber
    expect(sizeOf(new Date(1700000000000), opts)).toBe(96 + 16);
    const atom = new RegExp(str(12, 'q'));
    const ir = new RegExp(`${str(12, 'q')}+`);
    const withSource = (re: RegExp) => sizeOf(re, t4) - sizeOf(re.source, t4);
    expect(withSource(atom)).toBe(24 + 8 + 76);
    expect(withSource(ir)).toBe(24 + 8 + 112);
    expect(withSource(new RegExp(str(12, 'q'), 'i'))).toBe(24 + 8 + 112);
    expect(sizeOf(atom, opts) - sizeOf(atom.source, opts)).toBe(sizeOf(ir, opts) - sizeOf(ir.source, opts));
    expect(sizeOf(new ArrayBuffer(100), t4)).toBe(52 + 100);
    expect(sizeOf(new Uint8Array(32), t4)).toBe(60 + 52 + 40);
    expect(sizeOf(new DataView(new ArrayBuffer(100)), t4)).toBe(48 + 52 + 100);
    // Dictionary-mode keys are charged with 4-byte fields only, once per distinct string.
    const dict = (): Record<string, number> => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key-${i}-${str(6)}`, i]));
    const a = dict();
    const keys = Object.keys(a).reduce((n, k) => n + sizeOf(k, t4), 0);
    expect(sizeOf(a, t4)).toBe(12 + 8 + 4 * (6 + 3 * 64) + keys);
    expect(sizeOf(a, opts)).toBe(24 + 16 + 8 * (6 + 3 * 64));
    const s = new Sizer(t4);
    s.measure(a);
    expect(s.measure(dict()).size).toBe(12 + 8 + 4 * (6 + 3 * 64)); // same key values: charged to the first
    const tree = asized(a, { ...t4, detail: 1 });
    expect(tree.size).toBe(sizeOf(a, t4));
    expect(tree.flat).toBe(12 + 8 + 4 * (6 + 3 * 64));
  });

  it('counts functions as their JSFunction only', () => {
    const big = Array.from({ length: 1000 }, (_, i) => i);
    const f = () => big.length;
    expect(sizeOf(f, opts)).toBe(56);
    expect(sizeOf(function g() {}, opts)).toBe(64);
    expect(sizeOf(class K { static big = big; }, opts)).toBe(64);
  });
});

describe('preview', () => {
  it('shows values without running user code, clipped', () => {
    class Foo { a = 1; b = 'x'; }
    expect(preview('abc')).toBe("'abc'");
    expect(preview([1, 2, 3])).toBe('Array(3)');
    expect(preview(new Foo())).toBe("Foo {a: 1, b: 'x'}");
    expect(preview(new Map([[1, 2], [3, 4]]))).toBe('Map(2)');
    expect(preview(new Set([1]))).toBe('Set(1)');
    expect(preview(10n)).toBe('10n');
    expect(preview(-0)).toBe('-0');
    expect(preview(null)).toBe('null');
    expect(preview(Object.create(null))).toBe('[Object: null prototype] {}');
    expect(preview(new Uint8Array(4))).toBe('Uint8Array(4)');
    expect(preview(/a+b/g)).toBe('/a+b/');
    expect(preview(function named() {})).toBe('[Function: named]');
    expect(preview(Foo)).toBe('[class Foo]');
    const long = preview({ text: str(500) });
    expect(long.length).toBeLessThanOrEqual(80);
    expect(preview(str(500), 20).length).toBeLessThanOrEqual(20);
  });
});
