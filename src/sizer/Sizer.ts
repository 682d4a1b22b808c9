import type { RefNode } from '../types.js';
import { notSizedKeys } from './NotSized.js';
import { bigintDigits } from './bigint.js';
import { intrinsics, type Intrinsics } from './intrinsics.js';
import { layoutFor, type Layout } from './Layout.js';
import { K, MAX_PROTO_CHAIN, protoKind, type Kind } from './protoKind.js';
import { privateFieldCount } from './privateFieldCount.js';
import { preview } from './preview.js';
import { arrayCapacity, isIndexKey, propertyName } from './slots.js';
import { isTwoByte } from './strings.js';

/** Options of a `Sizer`. */
export interface SizerOptions {
  /** 8: Node 20 (no pointer compression), 4: Chrome. */
  taggedSize: 4 | 8;
  /** Node passes util.types.isProxy; absent in browsers. */
  isProxy?: (v: object) => boolean;
  /** Objects met as referents (never the root of measure()) for which this returns true count 0 and are not entered: other tracked instances. */
  isExcluded?: (v: object) => boolean;
  /** Most child nodes recorded per referent-tree node; the rest are summed into one `[… n more]` node (default 100). */
  maxRefs?: number;
  /** Length of value previews in referent trees (default 80). */
  clip?: number;
}

/** The result of `Sizer.measure()`: total and own bytes, and the referent tree when asked for. */
export interface Sized {
  size: number;
  flat: number;
  refs?: RefNode[];
  preview?: string;
}

/** What the sizer knows about a prototype: the kind of its objects and their hidden slots. */
interface ProtoInfo {
  kind: Kind;
  /** In-object slots of private `#fields` (estimated from class source). */
  priv: number;
  /** `@NotSized()` keys; undefined until first asked, null when none. */
  notSized: ReadonlySet<PropertyKey> | null | undefined;
}

/** Referent naming styles; names are built only when a tree node is made. */
const PROP = 0, INDEX = 1, MAP_VALUE = 2, MAP_KEY = 3, SET_ITEM = 4, LITERAL = 5;
/** Named properties above which an object is assumed to be in dictionary mode. */
const DICTIONARY_ABOVE = 32;
/** A regexp source with no metacharacters (nor escapes): V8 compiles it as an atom. */
const ATOM_SOURCE = /^[^\\^$.*+?()[\]{}|/]*$/;
/**
 * Strings up to this length are charged once per value per snapshot: V8 shares most of them
 * (literals, JSON.parse values of up to 10 characters, cached number strings). See docs/sizing.md.
 */
export const SHARED_STRING_MAX = 10;
/** Identifier-like strings (`in-progress`, `CUSTOMER_ACCOUNT`) up to this length: mostly literals, charged once too. */
export const KEYLIKE_STRING_MAX = 32;

/** True for `[A-Za-z_$][A-Za-z0-9_$-]*` (a loop, not a RegExp: a patched `exec` would run user code). */
function keyLike(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20; // folds ASCII upper case onto lower case
    const letter = c >= 0x61 && c <= 0x7a;
    const other = s.charCodeAt(i);
    if (!letter && other !== 0x5f && other !== 0x24 && (i === 0 || !((other >= 0x30 && other <= 0x39) || other === 0x2d))) return false;
  }
  return true;
}
/** Tree nodes reached past `maxRefs` siblings are summed into the parent's last node. */
const REST = '[… more]';

/**
 * One Sizer kept for the life of the module: its hidden class is what the walk's optimized
 * code checks for, and V8 holds hidden classes weakly, so without a live instance every GC
 * between snapshots would deoptimize the walk (measured: 2-3x slower on 10k-object graphs).
 */
let shapeKeeper: Sizer | null | undefined;

/**
 * Sizes object graphs with V8's layout rules, never running user code. One Sizer is one
 * snapshot: its seen-set makes every object (and distinct string) count once, in the first
 * measure() that reaches it. Iterative: deep graphs cannot overflow the stack.
 */
export class Sizer {
  private readonly _L: Layout;
  private readonly _I: Intrinsics;
  private readonly _isProxy: ((v: object) => boolean) | undefined;
  private readonly _isExcluded: ((v: object) => boolean) | undefined;
  private readonly _maxRefs: number;
  private readonly _clip: number;
  private readonly _smiMin: number;
  private readonly _smiMax: number;
  private readonly _seen = new Set<object>();
  private readonly _prims = new Set<string | symbol>();
  /** The long strings met while sizing the current root (charged once per root), and long property keys (once per sizer). */
  private readonly _long = new Set<string>();
  private readonly _keys = new Set<string>();
  private readonly _protos = new Map<object | null, ProtoInfo>();
  private readonly _stack: object[] = [];
  private readonly _owners: RefNode[] = [];
  private readonly _depths: number[] = [];
  private readonly _rest = new Map<RefNode, number>();
  private readonly _mapCb: (v: unknown, k: unknown) => void;
  private readonly _setCb: (v: unknown) => void;
  private _total = 0;
  /** Bytes of the current measure() (fast mode). */
  private _bytes = 0;
  /** Tree mode: detail of the current measure(), depth of the object being visited, its node. */
  private _detail = 0;
  private _depth = 0;
  private _owner: RefNode | undefined;
  /** True while the visited object's referents get tree nodes. */
  private _names = false;
  private _setIndex = 0;
  /** ProtoInfo of Object.prototype, the commonest prototype, and of the last other one met. */
  private _objectInfo: ProtoInfo | undefined;
  private _lastProto: object | null | undefined;
  private _lastInfo: ProtoInfo | undefined;
  /**
   * Whether `'value' in d` tells a data descriptor (own `value`) from an accessor one: true
   * unless Object.prototype has a `value` property. No user code runs during a walk, so
   * this cannot change under it; `in` never calls getters.
   */
  private _inIsOwn = true;

  constructor(opts: SizerOptions) {
    this._L = layoutFor(opts.taggedSize === 4 ? 4 : 8);
    this._I = intrinsics();
    this._isProxy = opts.isProxy;
    this._isExcluded = opts.isExcluded;
    this._maxRefs = Math.max(1, opts.maxRefs ?? 100);
    this._clip = opts.clip ?? 80;
    // Smis: 31-bit with pointer compression, 32-bit without.
    this._smiMax = this._L.T === 4 ? 0x3fffffff : 0x7fffffff;
    this._smiMin = -this._smiMax - 1;
    this._mapCb = (v, k) => {
      this._ref(k, MAP_KEY, k);
      this._ref(v, MAP_VALUE, k);
    };
    this._setCb = (v) => this._ref(v, SET_ITEM, this._setIndex++);
    if (shapeKeeper === undefined) {
      shapeKeeper = null; // the keeper's own construction must not recurse
      shapeKeeper = new Sizer({ taggedSize: opts.taggedSize }); // holds no caller state
    }
  }

  /** True when descriptor `d` (from getOwnPropertyDescriptor) describes a data property. */
  private _isData(d: PropertyDescriptor): boolean {
    return this._inIsOwn ? 'value' in d : this._I.hasOwn(d, 'value');
  }

  /** Sum of sizes returned by measure() so far. */
  get total(): number {
    return this._total;
  }

  /**
   * Sizes root plus everything reachable from it not already seen by THIS sizer (one shared
   * seen-set across calls = one snapshot). detail>0 records a referent tree that many levels
   * deep in `refs`. The root itself is always sized unless it was already seen as a referent earlier.
   */
  measure(root: unknown, detail = 0): Sized {
    return this._measure(root, detail, false);
  }

  /**
   * Marks objects as already seen, without sizing them: met as referents they count 0 and are
   * not entered. A snapshot excludes all its tracked instances up front, then sizes each with
   * `measureExcluded` (one seen-set instead of a second set consulted for every object).
   * Returns false when `o` was already seen.
   */
  exclude(o: object): boolean {
    const before = this._seen.size;
    this._seen.add(o);
    return this._seen.size !== before;
  }

  /**
   * Forgets every object, string and prototype seen: a finished snapshot's sizer then holds
   * nothing of the program, whoever still references it (a heap snapshot would see it).
   */
  release(): void {
    this._seen.clear();
    this._prims.clear();
    this._long.clear();
    this._keys.clear();
    this._protos.clear();
    this._stack.length = 0;
    this._owners.length = 0;
    this._depths.length = 0;
    this._rest.clear();
    this._objectInfo = undefined;
    this._lastProto = undefined;
    this._lastInfo = undefined;
  }

  /** Sizes an object passed to `exclude()` as a root, as `measure()` would have sized it. */
  measureExcluded(root: object, detail = 0): Sized {
    return this._measure(root, detail, true);
  }

  private _measure(root: unknown, detail: number, excluded: boolean): Sized {
    const tree = detail > 0;
    // A long string is charged once per root: within one object graph an equal value is most
    // likely the same string passed around; across roots, a copy built for each.
    this._long.clear();
    if ((typeof root !== 'object' || root === null) && typeof root !== 'function') {
      const c = this._primCost(root);
      this._total += c;
      return tree ? { size: c, flat: c, refs: [], preview: preview(root, this._clip) } : { size: c, flat: c };
    }
    const o = root as object;
    this._inIsOwn = !('value' in this._I.protos.object);
    if (!excluded) {
      if (this._seen.has(o)) return tree ? { size: 0, flat: 0, refs: [], preview: this._preview(o) } : { size: 0, flat: 0 };
      this._seen.add(o);
    }
    return tree ? this._measureTree(o, detail) : this._measureFast(o);
  }

  private _measureFast(root: object): Sized {
    this._bytes = 0;
    this._owner = undefined;
    this._names = false;
    const flat = this._visit(root);
    let bytes = flat;
    const stack = this._stack;
    while (stack.length > 0) bytes += this._visit(stack.pop()!);
    const size = bytes + this._bytes;
    this._total += size;
    return { size, flat };
  }

  private _measureTree(root: object, detail: number): Sized {
    const top: RefNode = { name: '', size: 0, flat: 0, refs: [], preview: this._preview(root) };
    this._detail = detail;
    this._enter(top, 0);
    top.flat = this._visit(root);
    top.size += top.flat;
    const { _stack: stack, _owners: owners, _depths: depths } = this;
    while (stack.length > 0) {
      const o = stack.pop()!;
      const owner = owners.pop()!;
      const depth = depths.pop()!;
      this._enter(owner, depth);
      const flat = this._visit(o);
      if (depth <= detail) owner.flat += flat; // the node made for this object (or a rest node)
      owner.size += flat;
    }
    this._owner = undefined;
    this._names = false;
    this._finishTree(top);
    this._total += top.size;
    return { size: top.size, flat: top.flat, refs: top.refs, preview: top.preview ?? '' };
  }

  private _enter(owner: RefNode, depth: number): void {
    this._owner = owner;
    this._depth = depth;
    this._names = depth < this._detail;
  }

  /** Adds children's sizes into their parents (reverse pre-order) and names the rest nodes. */
  private _finishTree(top: RefNode): void {
    const order: RefNode[] = [];
    const todo: RefNode[] = [top];
    while (todo.length > 0) {
      const n = todo.pop()!;
      order.push(n);
      for (const c of n.refs) todo.push(c);
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      for (const c of n.refs) n.size += c.size;
      const more = this._rest.get(n);
      if (more !== undefined) n.name = `[… ${more} more]`;
    }
    this._rest.clear();
  }

  private _preview(v: unknown): string {
    return preview(v, this._clip, this._isProxy);
  }

  /** Bytes a primitive costs where it is stored: strings and symbols once per sizer, non-Smi numbers boxed. */
  private _primCost(v: unknown): number {
    switch (typeof v) {
      case 'string': return this._str(v);
      case 'number': return this._isSmi(v) ? 0 : this._L.heapNumber;
      case 'bigint': return this._bigint(v);
      case 'symbol':
        if (this._prims.has(v)) return 0;
        this._prims.add(v);
        return this._L.symbol;
      default: return 0; // undefined, null, booleans: immortal oddballs
    }
  }

  private _isSmi(v: number): boolean {
    return (v | 0) === v && v >= this._smiMin && v <= this._smiMax && (v !== 0 || 1 / v > 0);
  }

  /**
   * A string in a slot. Values cannot tell equal strings apart, so the rule is a bet on V8
   * (issue 9): short, identifier-like and property-key strings are mostly shared (literals,
   * internalized) and are charged once per snapshot; others are mostly built at run time, one
   * heap object for each root that holds them, and are charged once in each root (tracked
   * instance, or `sizeOf` value) that reaches them.
   */
  private _str(s: string): number {
    const n = s.length;
    if (n <= SHARED_STRING_MAX || (n <= KEYLIKE_STRING_MAX && keyLike(s)) || this._keys.has(s)) return this._strOnce(s);
    const long = this._long;
    const before = long.size;
    long.add(s);
    return long.size === before ? 0 : this._strBytes(s);
  }

  /** A property key: internalized by V8, shared by every object that has it, charged once. */
  private _key(k: string | symbol): number {
    if (typeof k !== 'string') return this._primCost(k);
    if (k.length > SHARED_STRING_MAX) this._keys.add(k);
    return this._strOnce(k);
  }

  /** Charges `s` once per snapshot: 0 when this sizer has met an equal string already. */
  private _strOnce(s: string): number {
    const n = s.length;
    // '' and one-byte single characters are V8 roots (the single-character string table).
    if (n === 0 || (n === 1 && s.charCodeAt(0) < 256)) return 0;
    const prims = this._prims;
    const before = prims.size;
    prims.add(s);
    if (prims.size === before) return 0;
    return this._strBytes(s);
  }

  /** Bytes of a sequential string holding `s` (never flattening a rope: see `isTwoByte`). */
  private _strBytes(s: string): number {
    return this._L.string(s.length, isTwoByte(s));
  }

  private _bigint(v: bigint): number {
    return this._L.bigint(bigintDigits(v, this._I));
  }

  /** Adds `bytes` to what the current root owns, outside any node's flat size and with no node of its own. */
  private _charge(bytes: number): void {
    if (this._owner !== undefined) this._owner.size += bytes;
    else this._bytes += bytes;
  }

  /** A referent in a slot: primitives are charged here, objects queued once. */
  private _ref(v: unknown, style: number, key: unknown): void {
    if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
      const o = v as object;
      const seen = this._seen;
      const before = seen.size;
      seen.add(o); // one hash lookup: the size tells whether it was there
      if (seen.size === before || (this._isExcluded !== undefined && this._isExcluded(o) && seen.delete(o))) {
        if (this._names) this._node(style, key, o, 0);
        return;
      }
      this._stack.push(o);
      if (this._owner !== undefined) {
        this._owners.push(this._names ? this._node(style, key, o, 0) : this._owner);
        this._depths.push(this._depth + 1);
      }
      return;
    }
    const c = typeof v === 'string' ? this._str(v) : typeof v === 'number' ? (this._isSmi(v) ? 0 : this._L.heapNumber) : this._primCost(v);
    if (this._names) {
      if (style !== MAP_KEY || c > 0) this._node(style, key, v, c);
    } else if (this._owner !== undefined) this._owner.size += c;
    else this._bytes += c;
  }

  /** Makes a child node of the current owner (or adds to its rest node past `maxRefs`). */
  private _node(style: number, key: unknown, v: unknown, bytes: number): RefNode {
    const parent = this._owner!;
    const refs = parent.refs;
    if (refs.length >= this._maxRefs) {
      let rest = refs[this._maxRefs];
      if (rest === undefined) {
        rest = { name: REST, size: 0, flat: 0, refs: [] };
        refs.push(rest);
      }
      this._rest.set(rest, (this._rest.get(rest) ?? 0) + 1);
      rest.size += bytes;
      return rest;
    }
    const node: RefNode = { name: this._name(style, key), size: bytes, flat: bytes, refs: [], preview: this._preview(v) };
    refs.push(node);
    return node;
  }

  private _name(style: number, key: unknown): string {
    switch (style) {
      case PROP: return propertyName(key as PropertyKey);
      case INDEX: return `[${String(key)}]`;
      case MAP_VALUE: return `Map[${preview(key, 40, this._isProxy)}]`;
      case MAP_KEY: return `Map key ${preview(key, 40, this._isProxy)}`;
      case SET_ITEM: return `Set[${String(key)}]`;
      default: return String(key);
    }
  }

  /** Own bytes of `o`; queues its referents. Errors (revoked proxies, exotic objects) make it opaque. */
  private _visit(o: object): number {
    const L = this._L;
    try {
      if (this._isProxy?.(o)) return L.proxy;
      if (typeof o === 'function') return this._I.hasOwn(o, 'prototype') ? L.funcWithPrototype : L.func;
      if (this._I.isArray(o)) return this._array(o);
      const proto = this._I.getProto(o);
      const info = proto === this._I.protos.object ? (this._objectInfo ??= this._protoInfo(proto))
        : proto === this._lastProto ? this._lastInfo! : this._protoInfo(proto);
      if (info.kind === K.ordinary || info.kind === K.error) return this._ordinary(o, proto, info);
      try {
        return this._exotic(o, info.kind);
      } catch {
        // The brand check failed: an ordinary object inheriting from a built-in prototype.
        return this._ordinary(o, proto, info);
      }
    } catch {
      return L.opaque;
    }
  }

  private _protoInfo(proto: object | null): ProtoInfo {
    let info = this._protos.get(proto);
    if (info === undefined) {
      info = { kind: protoKind(proto, this._I, this._isProxy), priv: this._privateSlots(proto), notSized: undefined };
      this._protos.set(proto, info);
    }
    if (proto !== this._I.protos.object) {
      this._lastProto = proto;
      this._lastInfo = info;
    }
    return info;
  }

  /** Plain objects and class instances: header, in-object or dictionary properties, elements. */
  private _ordinary(o: object, proto: object | null, info: ProtoInfo): number {
    const { _I: I, _L: L } = this;
    const keys = I.ownKeys(o);
    const n = keys.length;
    let ns = info.notSized;
    if (ns === undefined) ns = info.notSized = notSizedKeys(o) ?? null;
    const error = info.kind === K.error;
    let first = 0;
    while (first < n && isIndexKey(keys[first]!)) first++;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      // Reading a captured stack formats it, running Error.prepareStackTrace and name/message
      // getters: on errors and on any object given one by Error.captureStackTrace(obj).
      if (k === 'stack') continue;
      // Long property keys are internalized: equal string values may well be the same object.
      if (i >= first && typeof k === 'string' && k.length > SHARED_STRING_MAX) this._keys.add(k);
      const d = I.getDesc(o, k);
      if (d === undefined) continue;
      if (this._isData(d)) {
        if (ns === null || !ns.has(k)) this._ref(d.value, i < first ? INDEX : PROP, k);
      }
      // Accessors: the slot is counted below; the functions are shared via the hidden class.
    }
    const named = n - first + info.priv;
    let flat = L.object + (error ? L.errorStack : 0);
    if (proto === null || named > DICTIONARY_ABOVE) {
      flat += L.nameDictionary(named);
      // The dictionary holds the key strings (a fast object's keys live in its hidden class).
      if (L.dictionaryKeysOwned) for (let i = first; i < n; i++) this._charge(this._key(keys[i]!));
    } else flat += (named === 0 && proto === I.protos.object ? 4 : named) * L.T;
    if (first > 0) {
      const top = Number(keys[first - 1]) + 1;
      flat += top > 2 * first + 16 ? L.numberDictionary(first) : L.fixedArray(arrayCapacity(top));
    }
    return flat;
  }

  private _privateSlots(proto: object | null): number {
    let slots = 0;
    const I = this._I;
    let depth = 0;
    for (let p = proto; p !== null && p !== I.protos.object; p = I.getProto(p)) {
      if (this._isProxy?.(p) || ++depth > MAX_PROTO_CHAIN) break;
      const d = I.getDesc(p, 'constructor');
      const c: unknown = d !== undefined && this._isData(d) ? d.value : undefined;
      if (typeof c !== 'function' || (this._isProxy?.(c) ?? false)) continue;
      slots += privateFieldCount(I.fnToString(c));
    }
    return slots;
  }

  /** Arrays: JSArray header plus an elements store whose kind follows the values. */
  private _array(a: unknown[]): number {
    const { _I: I, _L: L } = this;
    const ld = I.getDesc(a, 'length');
    const len = ld !== undefined && typeof ld.value === 'number' ? ld.value : 0;
    if (len > 65536 && this._sparse(a, len)) return this._sparseArray(a);
    const names = this._names;
    // Tree nodes are made as values are met, so their kind is settled first (few arrays).
    const unboxed = names && this._unboxed(a, len);
    let tagged = false; // a non-number value (or an accessor) makes the store tagged
    let anyDouble = false;
    let boxed = 0; // HeapNumbers needed if the store is tagged
    for (let i = 0; i < len; i++) {
      const d = I.getDesc(a, i);
      if (d === undefined) continue; // hole
      if (!this._isData(d)) {
        tagged = true;
        continue;
      }
      const v: unknown = d.value;
      if (typeof v !== 'number') {
        tagged = true;
        this._ref(v, INDEX, i);
      } else if (this._isSmi(v)) {
        if (names) this._node(INDEX, i, v, 0);
      } else {
        anyDouble = true;
        if (names) this._node(INDEX, i, v, unboxed ? 0 : L.heapNumber);
        else boxed += L.heapNumber;
      }
    }
    // Named properties of arrays are looked for only on RegExp match results (`index`,
    // `input`, `groups`): listing every array's keys would cost as much as its elements.
    if (len > 0 && I.hasOwn(a, 'index')) this._arrayNamed(a);
    const cap = arrayCapacity(len);
    // PACKED_DOUBLE / HOLEY_DOUBLE elements hold unboxed doubles: no HeapNumbers.
    if (!tagged && anyDouble) return L.array + L.doubleArray(cap);
    if (boxed > 0) {
      if (this._owner !== undefined) this._owner.size += boxed;
      else this._bytes += boxed;
    }
    return L.array + (cap === 0 ? 0 : L.fixedArray(cap));
  }

  /** True when every element is a number and one is not a Smi (a double elements kind). */
  private _unboxed(a: unknown[], len: number): boolean {
    let anyDouble = false;
    for (let i = 0; i < len; i++) {
      const d = this._I.getDesc(a, i);
      if (d === undefined) continue;
      if (!this._I.hasOwn(d, 'value') || typeof d.value !== 'number') return false;
      if (!this._isSmi(d.value)) anyDouble = true;
    }
    return anyDouble;
  }

  /** Named own properties of an array (e.g. `index`, `input` of a RegExp match). */
  private _arrayNamed(a: unknown[]): void {
    const I = this._I;
    const keys = I.ownKeys(a);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k === 'length' || isIndexKey(k)) break;
      if (k === 'stack') continue; // a captured stack: see _ordinary
      const d = I.getDesc(a, k);
      if (d !== undefined && this._isData(d)) this._ref(d.value, PROP, k);
    }
  }

  /** True when a long array is mostly holes (sampled), so its elements are a dictionary. */
  private _sparse(a: unknown[], len: number): boolean {
    const hasOwn = this._I.hasOwn;
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

  private _sparseArray(a: unknown[]): number {
    const { _I: I, _L: L } = this;
    const keys = I.ownKeys(a);
    let count = 0;
    for (const k of keys) {
      if (!isIndexKey(k)) continue;
      count++;
      const d = I.getDesc(a, k);
      if (d !== undefined && this._isData(d)) this._ref(d.value, INDEX, k);
    }
    return L.array + L.numberDictionary(count);
  }

  /** Built-ins with internal slots, brand-checked through intrinsic getters. */
  private _exotic(o: object, kind: Kind): number {
    const { _I: I, _L: L } = this;
    switch (kind) {
      case K.map: {
        const n = I.mapSize(o);
        I.mapForEach(o, this._mapCb);
        return L.collection + L.orderedHashTable(n, 3);
      }
      case K.set: {
        const n = I.setSize(o);
        this._setIndex = 0;
        I.setForEach(o, this._setCb);
        return L.collection + L.orderedHashTable(n, 2);
      }
      case K.date: return L.date + (!L.dateValueBoxed || this._isSmi(I.dateGetTime(o)) ? 0 : L.heapNumber);
      case K.regexp: {
        const source = I.regexpSource(o);
        this._ref(source, LITERAL, '.source');
        // V8 matches a plain string (no metacharacters, no i or y flag) as an atom.
        return ATOM_SOURCE.test(source) && !I.regexpIgnoreCase(o) && !I.regexpSticky(o) ? L.regexpAtom : L.regexp;
      }
      case K.arrayBuffer: return L.arrayBuffer + I.abByteLength(o);
      case K.sharedArrayBuffer: return L.arrayBuffer + (I.sabByteLength?.(o) ?? 0);
      case K.typedArray: {
        const bytes = I.taByteLength(o);
        // Views of <= 64 bytes made without a buffer keep their bytes on the V8 heap; reading
        // `.buffer` would move them off-heap, so such views are charged their own buffer.
        if (bytes <= 64 && I.taByteOffset(o) === 0) return L.typedArray + L.arrayBuffer + L.byteArray(bytes);
        this._ref(I.taBuffer(o), LITERAL, '.buffer');
        return L.typedArray;
      }
      case K.dataView: this._ref(I.dvBuffer(o), LITERAL, '.buffer'); return L.dataView;
      case K.number: return L.wrapper + (this._isSmi(I.numberValueOf(o)) ? 0 : L.heapNumber);
      case K.string: this._ref(I.stringValueOf(o), LITERAL, '[[PrimitiveValue]]'); return L.wrapper;
      case K.boolean: I.booleanValueOf(o); return L.wrapper;
      case K.bigint: this._ref(I.bigintValueOf(o), LITERAL, '[[PrimitiveValue]]'); return L.wrapper;
      case K.symbol: this._ref(I.symbolValueOf(o), LITERAL, '[[PrimitiveValue]]'); return L.wrapper;
      case K.weak: return L.collection + L.fixedArray(3 + 4 * 2);
      case K.weakRef: return L.weakRef;
      case K.finalizationRegistry: return L.finalizationRegistry;
      case K.promise: return L.promise;
      default: return L.opaque;
    }
  }
}
