import type { RefNode } from '../types.js';
import { notSizedKeys } from './NotSized.js';
import { K, protoKind, type Kind } from './protoKind.js';
import { privateSlots } from './privateFieldCount.js';
import { finishTree, INDEX, LITERAL, MAP_KEY, MAP_VALUE, PROP, SET_ITEM } from './refTree.js';
import { arrayCapacity, isIndexKey } from './slots.js';
import { ArrayWalk, PENDING } from './ArrayWalk.js';
import type { SizerOptions } from './SlotSink.js';
import { SHARED_STRING_MAX } from './StringCharges.js';

export { KEYLIKE_STRING_MAX, SHARED_STRING_MAX } from './StringCharges.js';
export type { SizerOptions } from './SlotSink.js';

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

/** Named properties above which an object is assumed to be in dictionary mode. */
const DICTIONARY_ABOVE = 32;
/** A regexp source with no metacharacters (nor escapes): V8 compiles it as an atom. */
const ATOM_SOURCE = /^[^\\^$.*+?()[\]{}|/]*$/;
/** The clock of an unsliced walk (its deadline is Infinity). */
const NO_CLOCK = (): number => 0;

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
export class Sizer extends ArrayWalk {
  private readonly _protos = new Map<object | null, ProtoInfo>();
  private readonly _mapCb: (v: unknown, k: unknown) => void;
  private readonly _setCb: (v: unknown) => void;
  private _total = 0;
  private _setIndex = 0;
  /** ProtoInfo of Object.prototype, the commonest prototype, and of the last other one met. */
  private _objectInfo: ProtoInfo | undefined;
  private _lastProto: object | null | undefined;
  private _lastInfo: ProtoInfo | undefined;
  /** The walk: its root until visited, the root's flat bytes (PENDING until known) and the sum so far (no tree), the tree's top node. */
  private _root: object | undefined;
  private _flat = 0;
  private _sum = 0;
  private _top: RefNode | undefined;
  /** The tree node and depth of the array in `_cursor` (tree mode). */
  private _cursorOwner: RefNode | undefined;
  private _cursorDepth = 0;
  /** The last finished walk: its size, its root's flat bytes, its tree (tree mode). */
  private _outSize = 0;
  private _outFlat = 0;
  private _outTop: RefNode | undefined;

  constructor(opts: SizerOptions) {
    super(opts);
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
    this._strings.clear();
    this._protos.clear();
    this._stack.length = 0;
    this._owners.length = 0;
    this._depths.length = 0;
    this._rest.clear();
    this._objectInfo = undefined;
    this._lastProto = undefined;
    this._lastInfo = undefined;
    this._cursor = undefined;
    this._sliced = false;
    this._root = undefined;
    this._top = undefined;
    this._outTop = undefined;
  }

  /**
   * Starts sizing `root` (passed to `exclude()`) in steps, as `measureExcluded(root, detail)`
   * sizes it: `step()` then walks until done or past a deadline, long arrays included.
   */
  beginExcluded(root: object, detail = 0): void {
    this._strings.newRoot();
    this._inIsOwn = !('value' in this._I.protos.object);
    this._begin(root, detail, true);
  }

  /**
   * Continues the sizing begun by `beginExcluded()`: its result once done, or undefined when
   * `now()` passed `deadline` first (read every 1,024 objects and every step of a long array).
   */
  step(deadline: number, now: () => number): Sized | undefined {
    return this._walk(deadline, now) ? this._result() : undefined;
  }

  /** Sizes an object passed to `exclude()` as a root, as `measure()` would have sized it. */
  measureExcluded(root: object, detail = 0): Sized {
    return this._measure(root, detail, true);
  }

  /**
   * `measureExcluded(root).size` with no result object (a snapshot sizes every instance);
   * the root's flat bytes are then in `flat`.
   */
  sizeExcluded(root: object): number {
    this._strings.newRoot();
    this._inIsOwn = !('value' in this._I.protos.object);
    this._begin(root, 0, false);
    this._walk(Infinity, NO_CLOCK);
    return this._outSize;
  }

  /** The root's flat bytes in the last sizing done (`sizeExcluded`). */
  get flat(): number {
    return this._outFlat;
  }

  private _measure(root: unknown, detail: number, excluded: boolean): Sized {
    const tree = detail > 0;
    // A long string is charged once per root: within one object graph an equal value is most
    // likely the same string passed around; across roots, a copy built for each.
    this._strings.newRoot();
    if ((typeof root !== 'object' || root === null) && typeof root !== 'function') {
      const c = this._primCost(root);
      this._total += c;
      return tree ? { size: c, flat: c, refs: [], preview: this._preview(root) } : { size: c, flat: c };
    }
    const o = root as object;
    this._inIsOwn = !('value' in this._I.protos.object);
    if (!excluded) {
      if (this._seen.has(o)) return tree ? { size: 0, flat: 0, refs: [], preview: this._preview(o) } : { size: 0, flat: 0 };
      this._seen.add(o);
    }
    this._begin(o, detail, false);
    this._walk(Infinity, NO_CLOCK);
    return this._result();
  }

  /** The result of the walk just finished, as a `Sized`. */
  private _result(): Sized {
    const top = this._outTop;
    if (top === undefined) return { size: this._outSize, flat: this._outFlat };
    this._outTop = undefined;
    return { size: top.size, flat: top.flat, refs: top.refs, preview: top.preview ?? '' };
  }

  /** Sets up the walk from `root`: a referent tree `detail` levels deep when > 0; long arrays in steps when `sliced`. */
  private _begin(root: object, detail: number, sliced: boolean): void {
    this._detail = detail;
    this._sliced = sliced;
    this._cursor = undefined;
    this._bytes = 0;
    this._root = root;
    this._flat = PENDING;
    this._sum = 0;
    this._top = detail > 0 ? { name: '', size: 0, flat: 0, refs: [], preview: this._preview(root) } : undefined;
    this._owner = this._top;
    this._depth = 0;
    this._names = detail > 0;
  }

  /** Visits the root, then what it queued, until done (true: the result in `_out*`) or `now()` passes `deadline` (false). */
  private _walk(deadline: number, now: () => number): boolean {
    const top = this._top;
    const root = this._root;
    if (root !== undefined) {
      this._root = undefined;
      this._place(this._visit(root), top, 0);
    }
    const { _stack: stack, _owners: owners, _depths: depths } = this;
    let objects = 0;
    for (;;) {
      if (this._cursor !== undefined) {
        const owner = this._cursorOwner;
        const depth = this._cursorDepth;
        if (owner !== undefined) this._enter(owner, depth);
        this._place(this._arrayStep(), owner, depth);
        if (this._cursor !== undefined && now() > deadline) return false;
      } else if (stack.length > 0) {
        const o = stack.pop()!;
        let owner: RefNode | undefined;
        let depth = 0;
        if (top !== undefined) {
          owner = owners.pop()!;
          depth = depths.pop()!;
          this._enter(owner, depth);
        }
        this._place(this._visit(o), owner, depth);
        if ((++objects & 1023) === 0 && now() > deadline) return false;
      } else break;
    }
    this._sliced = false;
    if (top === undefined) {
      const size = this._sum + this._bytes;
      this._total += size;
      this._outSize = size;
      this._outFlat = this._flat;
      return true;
    }
    this._top = undefined;
    this._owner = undefined;
    this._names = false;
    finishTree(top, this._rest);
    this._total += top.size;
    this._outSize = top.size;
    this._outFlat = top.flat;
    this._outTop = top;
    return true;
  }

  /**
   * Adds an object's flat bytes to the walk: to its node in tree mode (the root's, or a rest
   * node), else to the sum (the first is the root's). PENDING: an array left to `_arrayStep`.
   */
  private _place(flat: number, owner: RefNode | undefined, depth: number): void {
    if (flat === PENDING) {
      this._cursorOwner = owner;
      this._cursorDepth = depth;
    } else if (owner !== undefined) {
      if (depth <= this._detail) owner.flat += flat;
      owner.size += flat;
    } else {
      if (this._flat === PENDING) this._flat = flat;
      this._sum += flat;
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
      info = { kind: protoKind(proto, this._I, this._isProxy), priv: privateSlots(proto, this._I, this._isProxy), notSized: undefined };
      this._protos.set(proto, info);
    }
    if (proto !== this._I.protos.object) {
      this._lastProto = proto;
      this._lastInfo = info;
    }
    return info;
  }

  /**
   * Plain objects and class instances: header, in-object or dictionary properties, elements.
   * Where proxies are told apart (so `o` is none), keys are listed as `getOwnPropertyNames`
   * then `getOwnPropertySymbols` (the order of `Reflect.ownKeys`, which V8 builds through a
   * hash set: 5-10x slower on small objects); elsewhere a Proxy's ownKeys trap must run once at most.
   */
  private _ordinary(o: object, proto: object | null, info: ProtoInfo): number {
    const { _I: I, _L: L } = this;
    let keys: Array<string | symbol>;
    let syms: symbol[] | undefined;
    if (this._isProxy !== undefined) {
      keys = I.ownNames(o);
      syms = I.ownSymbols(o);
    } else keys = I.ownKeys(o);
    const n = keys.length;
    const m = syms === undefined ? 0 : syms.length;
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
      if (i >= first && typeof k === 'string' && k.length > SHARED_STRING_MAX) this._strings.noteKey(k);
      this._slot(o, k, i < first ? INDEX : PROP, ns);
    }
    for (let i = 0; i < m; i++) this._slot(o, syms![i]!, PROP, ns);
    const named = n - first + m + info.priv;
    let flat = L.object + (error ? L.errorStack : 0);
    if (proto === null || named > DICTIONARY_ABOVE) {
      flat += L.nameDictionary(named);
      // The dictionary holds the key strings (a fast object's keys live in its hidden class).
      if (L.dictionaryKeysOwned) {
        for (let i = first; i < n; i++) {
          const k = keys[i]!;
          this._charge(typeof k === 'string' ? this._strings.key(k) : this._primCost(k));
        }
        for (let i = 0; i < m; i++) this._charge(this._primCost(syms![i]!));
      }
    } else flat += (named === 0 && proto === I.protos.object ? 4 : named) * L.T;
    if (first > 0) {
      const top = Number(keys[first - 1]) + 1;
      flat += top > 2 * first + 16 ? L.numberDictionary(first) : L.fixedArray(arrayCapacity(top));
    }
    return flat;
  }

  /** Property `k` of `o`: a data property's value is a referent (unless `@NotSized`); an accessor's functions are shared via the hidden class. */
  private _slot(o: object, k: string | symbol, style: number, ns: ReadonlySet<PropertyKey> | null): void {
    const d = this._I.getDesc(o, k);
    if (d !== undefined && this._isData(d) && (ns === null || !ns.has(k))) this._ref(d.value, style, k);
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
