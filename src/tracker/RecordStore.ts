import type { RecordRow } from '../dump/encodeDump.js';
import type { TraceFrame } from '../types.js';

export type { RecordRow } from '../dump/encodeDump.js';

const KEEP = 0x80;
const RESOLUTION = 0x7f;
/** Records per chunk: columns grow a chunk at a time, so at most one chunk is spare. */
const SHIFT = 12;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
const FIRST = 64;

/** A copy of `a` with room for `cap` values, of the same type. */
function resized<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/**
 * One block of record slots. The first chunk starts small and doubles up to CHUNK, so a
 * tracker of a few instances stays small; later chunks are allocated whole. Ids and name
 * slots start narrow (Uint32, Uint16) and widen per chunk when a value needs it.
 */
class Chunk {
  refs: Array<WeakRef<object> | object | undefined>;
  ids: Uint32Array | Float64Array;
  births: Float64Array;
  names: Uint16Array | Uint32Array;
  flags: Uint8Array;
  /** Death times (NaN while alive), allocated at the chunk's first death: live-only chunks pay nothing. */
  deaths: Float64Array | undefined;

  constructor(cap: number, wideIds: boolean, wideNames: boolean) {
    this.refs = new Array<WeakRef<object> | object | undefined>(cap);
    this.ids = wideIds ? new Float64Array(cap) : new Uint32Array(cap);
    this.births = new Float64Array(cap);
    this.names = wideNames ? new Uint32Array(cap) : new Uint16Array(cap);
    this.flags = new Uint8Array(cap);
  }

  get cap(): number {
    return this.births.length;
  }

  grow(cap: number): void {
    const refs = new Array<WeakRef<object> | object | undefined>(cap);
    for (let i = 0; i < this.refs.length; i++) refs[i] = this.refs[i];
    this.refs = refs;
    this.ids = resized(this.ids, cap);
    this.births = resized(this.births, cap);
    this.names = resized(this.names, cap);
    this.flags = resized(this.flags, cap);
    if (this.deaths !== undefined) {
      const deaths = new Float64Array(cap).fill(NaN);
      deaths.set(this.deaths);
      this.deaths = deaths;
    }
  }

  /** Sets the death time at `off` (NaN: none). */
  setDeath(off: number, time: number): void {
    if (this.deaths === undefined) {
      if (Number.isNaN(time)) return;
      this.deaths = new Float64Array(this.cap).fill(NaN);
    }
    this.deaths[off] = time;
  }

  death(off: number): number {
    return this.deaths === undefined ? NaN : this.deaths[off]!;
  }

  setId(off: number, id: number): void {
    if (id > 0xffffffff && this.ids instanceof Uint32Array) this.ids = Float64Array.from(this.ids);
    this.ids[off] = id;
  }

  setName(off: number, slot: number): void {
    if (slot > 0xffff && this.names instanceof Uint16Array) this.names = Uint32Array.from(this.names);
    this.names[off] = slot;
  }

  /** Copies the record at `from`'s offset `fo` to offset `off` (compactions, at once or in steps). */
  copyFrom(off: number, from: Chunk, fo: number): void {
    this.refs[off] = from.refs[fo];
    this.setId(off, from.ids[fo]!);
    this.births[off] = from.births[fo]!;
    this.setName(off, from.names[fo]!);
    this.flags[off] = from.flags[fo]!;
    if (from.deaths !== undefined || this.deaths !== undefined) this.setDeath(off, from.death(fo));
  }
}

/** A compaction in steps: the kept records are copied into new chunks while the old ones are still read. */
interface SideCompaction {
  readonly keep: (i: number) => boolean;
  readonly chunks: Chunk[];
  /** The new slot of each old slot copied so far (-1: removed), for slots below `end`. */
  readonly map: Int32Array;
  /** The store's length when it began: later records are copied by `finishCompact`. */
  readonly end: number;
  /** The next old slot to look at, and the next new slot. */
  r: number;
  w: number;
}

/**
 * The tracker's instance records, one slot per instance in id (= birth) order, kept in
 * columns: a WeakRef (or the instance itself, with `keep`) plus typed arrays for id, birth,
 * name and flags, in chunks of 4,096, so a live record costs about 57 bytes. Death times
 * are a column too, allocated for a chunk at its first death (a Map entry and a boxed time
 * per death made a million deaths take seconds). Rare fields (traces, previews) live in maps
 * keyed by id. Records leave only by `compact` (folding) or `clear`.
 */
export class RecordStore {
  /** Number of records. */
  length = 0;
  /** Bumped whenever records move (compact, clear): slot numbers taken before are stale. */
  epoch = 0;
  /** Names by name slot. */
  readonly names: string[] = [];
  private _chunks: Chunk[] = [];
  private _wideIds = false;
  private readonly _nameIndex = new Map<string, number>();
  private readonly _traces = new Map<number, readonly TraceFrame[]>();
  private readonly _previews = new Map<number, string>();
  private _cleared = false;
  /** A compaction under way in steps (`beginCompact`), if any. */
  private _side: SideCompaction | undefined;

  /** Appends a record (ids must increase) born at `birth[0]`. */
  push(obj: object, id: number, birth: Float64Array, slot: number, resolution: number, keep: boolean, trace: readonly TraceFrame[] | undefined): void {
    const i = this.length;
    const off = i & MASK;
    let c = this._chunks[i >>> SHIFT];
    if (c === undefined) {
      c = new Chunk(i === 0 ? FIRST : CHUNK, this._wideIds, this.names.length > 0xffff);
      this._chunks.push(c);
    } else if (off === c.cap) {
      c.grow(c.cap * 2);
    }
    if (id > 0xffffffff) this._wideIds = true;
    c.refs[off] = keep ? obj : new WeakRef(obj);
    c.setId(off, id);
    c.births[off] = birth[0]!;
    c.setName(off, slot);
    c.flags[off] = resolution | (keep ? KEEP : 0);
    // A slot past the end after compaction may still hold an old death time.
    if (c.deaths !== undefined) c.deaths[off] = NaN;
    if (trace !== undefined) this._traces.set(id, trace);
    this.length = i + 1;
  }

  /** The name slot of `name` (an index into `names`), added when new. */
  slot(name: string): number {
    let n = this._nameIndex.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this._nameIndex.set(name, n);
    }
    return n;
  }

  /** The name slot of record `i`. */
  slotAt(i: number): number {
    return this._chunks[i >>> SHIFT]!.names[i & MASK]!;
  }

  /** The slot of record `id`, or -1 when it is not (or no longer) here. */
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.id(mid);
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The first slot whose id is greater than `id` (`length` when none). */
  firstAfter(id: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.id(mid) <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  id(i: number): number {
    return this._chunks[i >>> SHIFT]!.ids[i & MASK]!;
  }

  birth(i: number): number {
    return this._chunks[i >>> SHIFT]!.births[i & MASK]!;
  }

  name(i: number): string {
    return this.names[this.slotAt(i)]!;
  }

  /** `view(i)` of every record, by name, in slot (birth) order; every name has an entry (`tracker.index`). */
  byName<T>(view: (i: number) => T): Map<string, T[]> {
    const out = new Map<string, T[]>();
    for (const name of this.names) out.set(name, []);
    for (let i = 0; i < this.length; i++) out.get(this.name(i))!.push(view(i));
    return out;
  }

  resolution(i: number): number {
    return this._chunks[i >>> SHIFT]!.flags[i & MASK]! & RESOLUTION;
  }

  setResolution(i: number, resolution: number): void {
    const c = this._chunks[i >>> SHIFT]!;
    const off = i & MASK;
    c.flags[off] = (c.flags[off]! & KEEP) | resolution;
    const j = this._copiedTo(i);
    if (j >= 0) {
      const wc = this._side!.chunks[j >>> SHIFT]!;
      wc.flags[j & MASK] = (wc.flags[j & MASK]! & KEEP) | resolution;
    }
  }

  /** True while the record is neither dead nor forgotten. */
  live(i: number): boolean {
    return this._chunks[i >>> SHIFT]!.refs[i & MASK] !== undefined;
  }

  /** The instance, or undefined once it has been collected (or the record is dead). */
  deref(i: number): object | undefined {
    const c = this._chunks[i >>> SHIFT]!;
    const off = i & MASK;
    const r = c.refs[off];
    if (r === undefined) return undefined;
    return (c.flags[off]! & KEEP) !== 0 ? r : (r as WeakRef<object>).deref();
  }

  /** True for a live record whose instance is held weakly. */
  weak(i: number): boolean {
    const c = this._chunks[i >>> SHIFT]!;
    const off = i & MASK;
    return c.refs[off] !== undefined && (c.flags[off]! & KEEP) === 0;
  }

  /** Marks record `i` dead at `time`, dropping its reference. */
  die(i: number, time: number): void {
    const c = this._chunks[i >>> SHIFT]!;
    c.refs[i & MASK] = undefined;
    c.setDeath(i & MASK, time);
    // A compaction in steps copied this record already: its copy dies too.
    const j = this._copiedTo(i);
    if (j >= 0) {
      const wc = this._side!.chunks[j >>> SHIFT]!;
      wc.refs[j & MASK] = undefined;
      wc.setDeath(j & MASK, time);
    }
  }

  /** The death time of record `id`, or undefined while it lives (or once it is gone). */
  death(id: number): number | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.deathAt(i);
  }

  /** The death time of the record in slot `i`, or undefined while it lives. */
  deathAt(i: number): number | undefined {
    const t = this._chunks[i >>> SHIFT]!.death(i & MASK);
    return Number.isNaN(t) ? undefined : t;
  }

  trace(id: number): readonly TraceFrame[] | undefined {
    return this._traces.get(id);
  }

  preview(id: number): string | undefined {
    return this._previews.get(id);
  }

  setPreview(id: number, text: string): void {
    if (!this._cleared) this._previews.set(id, text);
  }

  /** True once `clear()` forgot every record. */
  get cleared(): boolean {
    return this._cleared;
  }

  /** The record in slot `i` as a plain row. */
  row(i: number): RecordRow {
    const id = this.id(i);
    return {
      id,
      name: this.name(i),
      birth: this.birth(i),
      death: this.deathAt(i),
      resolution: this.resolution(i),
      trace: this._traces.get(id),
      preview: this._previews.get(id),
    };
  }

  /** Every record as a plain row, in slot order (for `encodeDump`). */
  rows(): RecordRow[] {
    const out = new Array<RecordRow>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }

  /**
   * Keeps only the records for which `keep(i)` is true (called once per slot, in order, before
   * any slot from `i` on has moved), in order; frees emptied chunks. One pass, no temporary
   * arrays (fresh large typed arrays cost page faults on first touch).
   */
  compact(keep: (i: number) => boolean): void {
    this.finishCompact();
    this.epoch++;
    const len = this.length;
    const maps = this._traces.size > 0 || this._previews.size > 0;
    let w = 0;
    for (let r = 0; r < len; r++) {
      const rc = this._chunks[r >>> SHIFT]!;
      const ro = r & MASK;
      if (!keep(r)) {
        if (maps) {
          const id = rc.ids[ro]!;
          this._traces.delete(id);
          this._previews.delete(id);
        }
        continue;
      }
      if (w !== r) {
        this._chunks[w >>> SHIFT]!.copyFrom(w & MASK, rc, ro);
      }
      w++;
    }
    this.length = w;
    this._chunks.length = (w + MASK) >>> SHIFT;
    // Slots past the end must not hold on to instances.
    const last = this._chunks[(w - 1) >>> SHIFT];
    if (w > 0 && last !== undefined) last.refs.fill(undefined, ((w - 1) & MASK) + 1);
  }

  /**
   * Starts what `compact(keep)` does, in steps (`compactStep`) that copy the kept records into
   * new chunks: until `finishCompact` swaps them in, the records stay where they are, readable
   * and writable (a death or resolution set meanwhile reaches the copy too). Any other change
   * of the layout (`compact`, `clear`) finishes it first. `keep` is called once per slot, in order.
   */
  beginCompact(keep: (i: number) => boolean): void {
    this.finishCompact();
    this._side = { keep, chunks: [], map: new Int32Array(this.length).fill(-1), end: this.length, r: 0, w: 0 };
  }

  /** Copies the next `slots` slots of the compaction begun; true once only `finishCompact` remains (or none runs). */
  compactStep(slots: number): boolean {
    const c = this._side;
    if (c === undefined) return true;
    const stop = Math.min(c.end, c.r + slots);
    while (c.r < stop) this._copy(c);
    return c.r >= c.end;
  }

  /** Ends the compaction begun, if any: copies the rest (records born meanwhile too) and swaps the chunks in. */
  finishCompact(): void {
    const c = this._side;
    if (c === undefined) return;
    while (c.r < this.length) this._copy(c);
    this._side = undefined;
    this.epoch++;
    this._chunks = c.chunks;
    this.length = c.w;
  }

  /** True while a compaction begun by `beginCompact` is under way. */
  get compacting(): boolean {
    return this._side !== undefined;
  }

  /** Copies old slot `c.r` into the new chunks if kept (else forgets its trace and preview). */
  private _copy(c: SideCompaction): void {
    const r = c.r++;
    const rc = this._chunks[r >>> SHIFT]!;
    const ro = r & MASK;
    if (!c.keep(r)) {
      const id = rc.ids[ro]!;
      this._traces.delete(id);
      this._previews.delete(id);
      return;
    }
    const w = c.w++;
    let wc = c.chunks[w >>> SHIFT];
    if (wc === undefined) c.chunks.push((wc = new Chunk(CHUNK, this._wideIds, this.names.length > 0xffff)));
    wc.copyFrom(w & MASK, rc, ro);
    if (r < c.end) c.map[r] = w;
  }

  /** The slot in the new chunks of old slot `i` once a compaction in steps copied it, else -1. */
  private _copiedTo(i: number): number {
    const c = this._side;
    return c === undefined || i >= c.r || i >= c.end ? -1 : c.map[i]!;
  }

  /** Removes the records in slots `at[0..n)` (ascending), keeping the others in order. */
  remove(at: ArrayLike<number>, n: number): void {
    let k = 0;
    this.compact((i) => {
      if (k < n && at[k] === i) {
        k++;
        return false;
      }
      return true;
    });
  }

  /** Forgets every record; views of them read as forgotten from now on. */
  clear(): void {
    this._side = undefined;
    this.epoch++;
    this._cleared = true;
    this._chunks = [];
    this.length = 0;
    this._traces.clear();
    this._previews.clear();
  }
}
