import type { RefNode } from '../types.js';
import { bigintDigits } from './bigint.js';
import { intrinsics, type Intrinsics } from './intrinsics.js';
import { layoutFor, type Layout } from './Layout.js';
import { preview } from './preview.js';
import { MAP_KEY, refName, REST } from './refTree.js';
import { SeenSet, type SeenLike } from './SeenSet.js';
import { StringCharges } from './StringCharges.js';

/** Options of a `Sizer`. */
export interface SizerOptions {
  /** 8: Node 20 (no pointer compression), 4: Chrome. */
  taggedSize: 4 | 8;
  /** V8's version as major x 10 + minor (`Platform.v8Version`), where known: picks the layout figures of that version. */
  v8Version?: number;
  /** Node passes util.types.isProxy; absent in browsers. */
  isProxy?: (v: object) => boolean;
  /** Objects met as referents (never the root of measure()) for which this returns true count 0 and are not entered: other tracked instances. */
  isExcluded?: (v: object) => boolean;
  /** Most child nodes recorded per referent-tree node; the rest are summed into one `[… n more]` node (default 100). */
  maxRefs?: number;
  /** Length of value previews in referent trees (default 80). */
  clip?: number;
  /** Entries per shard of the seen-set (default: one Set); SHARD_MAX in sliced snapshots (see SeenSet). */
  seenShard?: number;
}

/**
 * Where the sizer's walk puts what it finds in slots (the base of `Sizer`): the seen-set and
 * the stack of objects to visit, string charges, primitive costs, and the referent tree nodes
 * of tree mode. One class hierarchy, so the walk's code sees one hidden class.
 */
export class SlotSink {
  protected readonly _L: Layout;
  protected readonly _I: Intrinsics;
  protected readonly _isProxy: ((v: object) => boolean) | undefined;
  protected readonly _isExcluded: ((v: object) => boolean) | undefined;
  protected readonly _maxRefs: number;
  protected readonly _clip: number;
  protected readonly _smiMin: number;
  protected readonly _smiMax: number;
  /**
   * Objects seen: a plain Set (the walk's calls stay monomorphic), or a SeenSet in shards when
   * `seenShard` is set (no insertion then rehashes more than half a shard at once).
   */
  protected readonly _seen: SeenLike;
  protected readonly _strings: StringCharges;
  protected readonly _stack: object[] = [];
  protected readonly _owners: RefNode[] = [];
  protected readonly _depths: number[] = [];
  protected readonly _rest = new Map<RefNode, number>();
  /** Bytes of the current measure() (fast mode). */
  protected _bytes = 0;
  /** Tree mode: detail of the current measure(), depth of the object being visited, its node. */
  protected _detail = 0;
  protected _depth = 0;
  protected _owner: RefNode | undefined;
  /** True while the visited object's referents get tree nodes. */
  protected _names = false;
  /**
   * Whether `'value' in d` tells a data descriptor (own `value`) from an accessor one: true
   * unless Object.prototype has a `value` property. No user code runs during a walk, so
   * this cannot change under it; `in` never calls getters.
   */
  protected _inIsOwn = true;

  constructor(opts: SizerOptions) {
    this._L = layoutFor(opts.taggedSize === 4 ? 4 : 8, opts.v8Version);
    this._I = intrinsics();
    this._seen = opts.seenShard === undefined ? new Set<object>() : new SeenSet(opts.seenShard);
    this._strings = new StringCharges(this._L);
    this._isProxy = opts.isProxy;
    this._isExcluded = opts.isExcluded;
    this._maxRefs = Math.max(1, opts.maxRefs ?? 100);
    this._clip = opts.clip ?? 80;
    // Smis: 31-bit with pointer compression, 32-bit without.
    this._smiMax = this._L.T === 4 ? 0x3fffffff : 0x7fffffff;
    this._smiMin = -this._smiMax - 1;
  }

  /** True when descriptor `d` (from getOwnPropertyDescriptor) describes a data property. */
  protected _isData(d: PropertyDescriptor): boolean {
    return this._inIsOwn ? 'value' in d : this._I.hasOwn(d, 'value');
  }

  protected _enter(owner: RefNode, depth: number): void {
    this._owner = owner;
    this._depth = depth;
    this._names = depth < this._detail;
  }

  protected _preview(v: unknown): string {
    return preview(v, this._clip, this._isProxy);
  }

  /** Bytes a primitive costs where it is stored: strings and symbols once per sizer, non-Smi numbers boxed. */
  protected _primCost(v: unknown): number {
    switch (typeof v) {
      case 'string': return this._strings.str(v);
      case 'number': return this._isSmi(v) ? 0 : this._L.heapNumber;
      case 'bigint': return this._bigint(v);
      case 'symbol': return this._strings.symbol(v, this._L.symbol);
      default: return 0; // undefined, null, booleans: immortal oddballs
    }
  }

  protected _isSmi(v: number): boolean {
    return (v | 0) === v && v >= this._smiMin && v <= this._smiMax && (v !== 0 || 1 / v > 0);
  }

  protected _bigint(v: bigint): number {
    return this._L.bigint(bigintDigits(v, this._I));
  }

  /** Adds `bytes` to what the current root owns, outside any node's flat size and with no node of its own. */
  protected _charge(bytes: number): void {
    if (this._owner !== undefined) this._owner.size += bytes;
    else this._bytes += bytes;
  }

  /** A referent in a slot: primitives are charged here, objects queued once. */
  protected _ref(v: unknown, style: number, key: unknown): void {
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
    const c = typeof v === 'string' ? this._strings.str(v) : typeof v === 'number' ? (this._isSmi(v) ? 0 : this._L.heapNumber) : this._primCost(v);
    if (this._names) {
      if (style !== MAP_KEY || c > 0) this._node(style, key, v, c);
    } else if (this._owner !== undefined) this._owner.size += c;
    else this._bytes += c;
  }

  /** Makes a child node of the current owner (or adds to its rest node past `maxRefs`). */
  protected _node(style: number, key: unknown, v: unknown, bytes: number): RefNode {
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
    const node: RefNode = { name: refName(style, key, this._isProxy), size: bytes, flat: bytes, refs: [], preview: this._preview(v) };
    refs.push(node);
    return node;
  }
}
