import { types } from 'node:util';
import fc from 'fast-check';

/**
 * Random object graphs for the adversarial tests: every kind of object the sizer meets, wired
 * with cycles and shared subgraphs, and instrumented so that any user code the sizer runs
 * (a getter, a setter, a Proxy trap, toJSON/valueOf/toString, an overridden Map method) counts.
 */

/** Calls of user code, by what was called (`get:x`, `trap:get`, `valueOf`, ...). */
export const calls = new Map<string, number>();

export function count(what: string): void {
  calls.set(what, (calls.get(what) ?? 0) + 1);
}

export function resetCalls(): void {
  calls.clear();
}

/** Total calls, leaving out the proxy traps in `allowed` (descriptor reads, allowed where proxies cannot be told apart). */
export function userCalls(allowed: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of calls) if (!allowed.includes(k)) out[k] = v;
  return out;
}

/** Traps a sizer without `isProxy` may call (descriptor reads and prototype reads; never `get`). */
export const DESCRIPTOR_TRAPS = ['trap:getOwnPropertyDescriptor', 'trap:ownKeys', 'trap:getPrototypeOf'] as const;

const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty',
  'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'] as const;

/** A handler whose every trap counts, then forwards (or throws when `throwing`). */
export function countingHandler(throwing = false): ProxyHandler<object> {
  const h: Record<string, unknown> = {};
  for (const t of TRAPS) {
    h[t] = (...args: unknown[]) => {
      count(`trap:${t}`);
      if (throwing) throw new Error(`trap ${t} was called`);
      return (Reflect as unknown as Record<string, (...a: unknown[]) => unknown>)[t]!(...args);
    };
  }
  return h as ProxyHandler<object>;
}

/** Methods the sizer must never call, installed on prototypes and objects. */
function instrument(target: object, tag: string): void {
  const methods: Record<string | symbol, unknown> = {
    toJSON() { count(`${tag}.toJSON`); return {}; },
    valueOf() { count(`${tag}.valueOf`); return 1; },
    toString() { count(`${tag}.toString`); return 'x'; },
    [Symbol.toPrimitive]() { count(`${tag}.toPrimitive`); return 1; },
    [Symbol.iterator]() { count(`${tag}.iterator`); return [][Symbol.iterator](); },
  };
  for (const k of Reflect.ownKeys(methods)) Object.defineProperty(target, k, { value: methods[k], configurable: true, writable: true });
  Object.defineProperty(target, 'computed', { get() { count(`${tag}.get computed`); return 1; }, configurable: true });
}

export class Base {
  a: unknown = 1;
  get viaProto(): number { count('Base.get viaProto'); return 1; }
}
export class Mid extends Base {
  #secret = 'hidden';
  b: unknown = 'b';
  peek(): string { return this.#secret; }
}
export class Leaf extends Mid {
  c: unknown = 2.5;
  static get staticGetter(): number { count('Leaf.static get'); return 1; }
}
instrument(Base.prototype, 'Base');

/** A Map subclass whose every reader is overridden: the sizer must use the intrinsics. */
export class EvilMap extends Map<unknown, unknown> {
  override get size(): number { count('EvilMap.size'); return 0; }
  override forEach(): void { count('EvilMap.forEach'); }
  override entries(): MapIterator<[unknown, unknown]> { count('EvilMap.entries'); return super.entries(); }
}
export class EvilSet extends Set<unknown> {
  override get size(): number { count('EvilSet.size'); return 0; }
  override forEach(): void { count('EvilSet.forEach'); }
}
export class EvilArray extends Array<unknown> {
  override forEach(): void { count('EvilArray.forEach'); }
  override at(): unknown { count('EvilArray.at'); return undefined; }
}

export const NODE_KINDS = [
  'object', 'nullProto', 'base', 'mid', 'leaf', 'array', 'holey', 'sparse', 'map', 'evilMap', 'set', 'evilSet',
  'frozen', 'sealed', 'nonExtensible', 'proxy', 'proxyFn', 'revoked', 'throwingProxy', 'protoProxy', 'u8', 'u8big', 'f64', 'dataView',
  'date', 'regexp', 'error', 'captured', 'boxed', 'closure', 'weakMap', 'weakRef', 'promise', 'generator', 'evilArray',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const KEY_KINDS = ['prop', 'prop', 'symbol', 'index', 'getter', 'item', 'item', 'mapKey'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export type Prim = { prim: string | number | bigint | boolean | null | undefined | symbol };

export interface Edge {
  from: number;
  to: number | Prim;
  key: KeyKind;
}

export interface GraphSpec {
  nodes: NodeKind[];
  edges: Edge[];
}

const primArb: fc.Arbitrary<Prim> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, NaN, Infinity, 2 ** 31, -(2 ** 31) - 1, 0x3fffffff + 1),
  fc.bigInt(),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.string({ maxLength: 8 }).map((d) => Symbol(d)),
).map((prim) => ({ prim }));

/** A random graph: up to `maxNodes` nodes of any kind and up to 3x as many edges (objects or primitives). */
export function graphArb(maxNodes = 24): fc.Arbitrary<GraphSpec> {
  return fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc.record({
      nodes: fc.array(fc.constantFrom(...NODE_KINDS), { minLength: n, maxLength: n }),
      edges: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: n - 1 }),
          to: fc.oneof(fc.integer({ min: 0, max: n - 1 }), primArb),
          key: fc.constantFrom(...KEY_KINDS),
        }),
        { maxLength: 3 * n },
      ),
    }),
  );
}

export interface Built {
  /** The graph's objects, in spec order (node 0 is the natural root). */
  nodes: object[];
  /** Proxy targets and objects behind proxies, to fingerprint without triggering traps. */
  targets: Map<object, object>;
}

/** Formatting a captured stack reads `name` and `message` (and calls Error.prepareStackTrace). */
const capturedProto = {
  get name(): string { count('captured.get name'); return 'Captured'; },
  get message(): string { count('captured.get message'); return 'm'; },
};

function* gen(): Generator<number> {
  yield 1;
}

function makeNode(kind: NodeKind, i: number, targets: Map<object, object>): object {
  switch (kind) {
    case 'object': return { id: i };
    case 'nullProto': return Object.create(null) as object;
    case 'base': return new Base();
    case 'mid': return new Mid();
    case 'leaf': return new Leaf();
    case 'array': return [i];
    case 'holey': { const a: unknown[] = []; a[5] = i; return a; }
    case 'sparse': { const a: unknown[] = []; a[100_000 + i] = i; return a; }
    case 'map': return new Map([[i, i]]);
    case 'evilMap': return new EvilMap([[`k${i}`, i]]);
    case 'set': return new Set([i]);
    case 'evilSet': return new EvilSet([i]);
    case 'frozen': case 'sealed': case 'nonExtensible': return { id: i };
    case 'proxy': { const t = { id: i }; const p = new Proxy(t, countingHandler()); targets.set(p, t); return p; }
    case 'proxyFn': { const t = function target() { count('proxyFn called'); }; const p = new Proxy(t, countingHandler()); targets.set(p, t); return p; }
    case 'revoked': { const r = Proxy.revocable({ id: i }, countingHandler()); r.revoke(); targets.set(r.proxy, {}); return r.proxy; }
    case 'throwingProxy': { const t = { id: i }; const p = new Proxy(t, countingHandler(true)); targets.set(p, t); return p; }
    case 'protoProxy': { const t = { id: i }; const p = new Proxy(t, countingHandler(true)); targets.set(p, t); return Object.create(p) as object; }
    case 'u8': return new Uint8Array(8);
    case 'u8big': return new Uint8Array(1000);
    case 'f64': return new Float64Array(new ArrayBuffer(800), 16, 10);
    case 'dataView': return new DataView(new ArrayBuffer(32));
    case 'date': return new Date(1_700_000_000_000 + i);
    case 'regexp': return /a(b)c/g;
    case 'error': return new Error(`e${i}`);
    case 'captured': { const o = Object.create(capturedProto) as { id: number }; o.id = i; Error.captureStackTrace(o); return o; }
    case 'boxed': return i % 2 === 0 ? new Number(i + 0.5) : new String(`s${i}`);
    case 'closure': { const captured = { i }; return () => captured; }
    case 'weakMap': return new WeakMap([[{}, i]]);
    case 'weakRef': return new WeakRef({});
    case 'promise': return Promise.resolve(i);
    case 'generator': return gen();
    case 'evilArray': { const a = new EvilArray(); Array.prototype.push.call(a, i); return a; }
  }
}

/** Where an edge lands for a node: proxies get their target edited (no traps while building). */
function writable(o: object, targets: Map<object, object>): object {
  return targets.get(o) ?? o;
}

/** Builds a spec: objects, edges, then freezes/seals. Building may run traps: reset counters afterwards. */
export function buildGraph(spec: GraphSpec): Built {
  const targets = new Map<object, object>();
  const nodes = spec.nodes.map((k, i) => makeNode(k, i, targets));
  spec.edges.forEach((e, j) => {
    try {
      addEdge(e, j);
    } catch {
      // Not every object takes every key (typed arrays refuse numeric keys): the edge is left out.
    }
  });
  function addEdge(e: Edge, j: number): void {
    const from = writable(nodes[e.from]!, targets);
    const v: unknown = typeof e.to === 'number' ? nodes[e.to] : e.to.prim;
    const kind = spec.nodes[e.from]!;
    if (kind === 'revoked') return;
    const key = `p${j}`;
    if (e.key === 'item' || e.key === 'mapKey') {
      if (types.isMap(from)) {
        if (e.key === 'mapKey') Map.prototype.set.call(from, v, j);
        else Map.prototype.set.call(from, key, v);
        return;
      }
      if (types.isSet(from)) { Set.prototype.add.call(from, v); return; }
      if (types.isWeakMap(from)) { if (typeof v === 'object' && v !== null) from.set(v, j); return; }
      if (Array.isArray(from)) {
        const len = Object.getOwnPropertyDescriptor(from, 'length')!.value as number;
        Object.defineProperty(from, kind === 'holey' ? len + 2 : len, { value: v, writable: true, enumerable: true, configurable: true });
        return;
      }
    }
    switch (e.key) {
      case 'symbol': Object.defineProperty(from, Symbol(key), { value: v, writable: true, enumerable: true, configurable: true }); return;
      case 'index': Object.defineProperty(from, 1000 + j, { value: v, writable: true, enumerable: true, configurable: true }); return;
      case 'getter':
        Object.defineProperty(from, key, {
          get() { count('getter'); return v; },
          set() { count('setter'); },
          enumerable: true, configurable: true,
        });
        return;
      default:
        Object.defineProperty(from, key, { value: v, writable: true, enumerable: true, configurable: true });
    }
  }
  spec.nodes.forEach((k, i) => {
    if (k === 'frozen') Object.freeze(nodes[i]);
    if (k === 'sealed') Object.seal(nodes[i]);
    if (k === 'nonExtensible') Object.preventExtensions(nodes[i]);
  });
  return { nodes, targets };
}

/**
 * A structural fingerprint of everything reachable from `roots`, read without running user code
 * (descriptors only; proxies are not entered, their targets are): keys, descriptor kinds,
 * primitive values, object identities, prototypes, extensibility, Map/Set contents.
 */
export function fingerprint(roots: readonly unknown[], targets: Map<object, object> = new Map(), limit = 200_000): string {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const todo: object[] = [];
  const id = (v: unknown): string => {
    if ((typeof v !== 'object' || v === null) && typeof v !== 'function') {
      if (typeof v === 'symbol') return `sym(${v.description ?? ''})`;
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'string') return JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…${v.length}` : v);
      return Object.is(v, -0) ? '-0' : String(v);
    }
    let n = ids.get(v);
    if (n === undefined) {
      n = ids.size;
      ids.set(v, n);
      todo.push(v);
    }
    return `#${n}`;
  };
  for (const r of roots) id(r);
  while (todo.length > 0 && out.length < limit) {
    const o = todo.shift()!;
    if (types.isProxy(o)) {
      const t = targets.get(o);
      out.push(`${id(o)} proxy -> ${t === undefined ? '?' : id(t)}`);
      continue;
    }
    const parts: string[] = [id(o), `proto=${id(Reflect.getPrototypeOf(o))}`, `ext=${Object.isExtensible(o)}`];
    for (const k of Reflect.ownKeys(o)) {
      if (k === 'stack') { parts.push('stack'); continue; } // reading it would format a captured stack
      const d = Reflect.getOwnPropertyDescriptor(o, k)!;
      const name = typeof k === 'symbol' ? `[${k.description ?? ''}]` : k;
      if (Object.hasOwn(d, 'value')) parts.push(`${name}=${id(d.value)}${d.writable ? 'w' : ''}${d.configurable ? 'c' : ''}`);
      else parts.push(`${name}=get:${id(d.get)},set:${id(d.set)}${d.configurable ? 'c' : ''}`);
    }
    if (types.isMap(o)) Map.prototype.forEach.call(o, (v: unknown, k: unknown) => parts.push(`M(${id(k)}=>${id(v)})`));
    if (types.isSet(o)) Set.prototype.forEach.call(o, (v: unknown) => parts.push(`S(${id(v)})`));
    out.push(parts.join(' '));
  }
  return out.join('\n');
}
