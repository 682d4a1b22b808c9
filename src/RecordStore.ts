import type { TraceFrame } from './types.js';

/** The fields of one instance record, as dumps and `TrackedObject` expose them. */
export interface RecordRow {
  readonly id: number;
  readonly name: string;
  readonly birth: number;
  readonly death: number | undefined;
  readonly resolution: number;
  readonly trace: readonly TraceFrame[] | undefined;
  readonly preview: string | undefined;
}

const KEEP = 0x80;
const RESOLUTION = 0x7f;

type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

function resized<T extends Column>(a: T, cap: number, make: new (n: number) => T): T {
  const b = new make(cap);
  b.set(a.subarray(0, Math.min(a.length, cap)));
  return b;
}

/**
 * The tracker's instance records, one slot per instance in id (= birth) order, kept in
 * columns: a WeakRef (or the instance itself, with `keep`) plus typed arrays for id, birth,
 * name and flags, so a live record costs about 60 bytes. Rare fields (deaths, traces,
 * previews) live in maps keyed by id. Records leave only by `compact` (folding) or `clear`.
 */
export class RecordStore {
  /** Number of records. */
  length = 0;
  /** Names by name index. */
  readonly names: string[] = [];
  /** WeakRef, or the instance itself when kept; undefined once dead. */
  private _refs: Array<WeakRef<object> | object | undefined> = [];
  private _ids: Uint32Array | Float64Array = new Uint32Array(64);
  private _births = new Float64Array(64);
  private _names: Uint16Array | Uint32Array = new Uint16Array(64);
  private _flags = new Uint8Array(64);
  private readonly _nameIndex = new Map<string, number>();
  private readonly _deaths = new Map<number, number>();
  private readonly _traces = new Map<number, readonly TraceFrame[]>();
  private readonly _previews = new Map<number, string>();
  private _cleared = false;

  /** Appends a record (ids must increase) born at `birth[0]`. */
  push(obj: object, id: number, birth: Float64Array, slot: number, resolution: number, keep: boolean, trace: readonly TraceFrame[] | undefined): void {
    const i = this.length;
    if (i === this._births.length) this._grow(i * 2);
    if (id > 0xffffffff && this._ids instanceof Uint32Array) this._ids = Float64Array.from(this._ids);
    this._refs.push(keep ? obj : new WeakRef(obj));
    this._ids[i] = id;
    this._births[i] = birth[0]!;
    this._names[i] = slot;
    this._flags[i] = resolution | (keep ? KEEP : 0);
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
      if (n > 0xffff && this._names instanceof Uint16Array) this._names = Uint32Array.from(this._names);
    }
    return n;
  }

  /** The name slot of record `i`. */
  slotAt(i: number): number {
    return this._names[i]!;
  }

  /** The slot of record `id`, or -1 when it is not (or no longer) here. */
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.length - 1;
    const ids = this._ids;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  id(i: number): number {
    return this._ids[i]!;
  }

  birth(i: number): number {
    return this._births[i]!;
  }

  name(i: number): string {
    return this.names[this._names[i]!]!;
  }

  resolution(i: number): number {
    return this._flags[i]! & RESOLUTION;
  }

  setResolution(i: number, resolution: number): void {
    this._flags[i] = (this._flags[i]! & KEEP) | resolution;
  }

  /** True while the record is neither dead nor forgotten. */
  live(i: number): boolean {
    return this._refs[i] !== undefined;
  }

  /** The instance, or undefined once it has been collected (or the record is dead). */
  deref(i: number): object | undefined {
    const r = this._refs[i];
    if (r === undefined) return undefined;
    return (this._flags[i]! & KEEP) !== 0 ? r : (r as WeakRef<object>).deref();
  }

  /** True for a live record whose instance is held weakly. */
  weak(i: number): boolean {
    return this._refs[i] !== undefined && (this._flags[i]! & KEEP) === 0;
  }

  /** Marks record `i` dead at `time`, dropping its reference. */
  die(i: number, time: number): void {
    this._refs[i] = undefined;
    this._deaths.set(this._ids[i]!, time);
  }

  death(id: number): number | undefined {
    return this._deaths.get(id);
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
    const id = this._ids[i]!;
    return {
      id,
      name: this.name(i),
      birth: this._births[i]!,
      death: this._deaths.get(id),
      resolution: this.resolution(i),
      trace: this._traces.get(id),
      preview: this._previews.get(id),
    };
  }

  /** Keeps only the records for which `keep(i)` is true, in order. */
  compact(keep: (i: number) => boolean): void {
    let w = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep(i)) {
        const id = this._ids[i]!;
        this._deaths.delete(id);
        this._traces.delete(id);
        this._previews.delete(id);
        continue;
      }
      if (w !== i) {
        this._refs[w] = this._refs[i];
        this._ids[w] = this._ids[i]!;
        this._births[w] = this._births[i]!;
        this._names[w] = this._names[i]!;
        this._flags[w] = this._flags[i]!;
      }
      w++;
    }
    this._refs.length = w;
    this.length = w;
    if (w * 4 < this._births.length && this._births.length > 64) this._grow(Math.max(64, w * 2));
  }

  /** Forgets every record; views of them read as forgotten from now on. */
  clear(): void {
    this._cleared = true;
    this._refs = [];
    this.length = 0;
    this._deaths.clear();
    this._traces.clear();
    this._previews.clear();
    this._grow(64);
  }

  private _grow(cap: number): void {
    this._ids = this._ids instanceof Uint32Array ? resized(this._ids, cap, Uint32Array) : resized(this._ids, cap, Float64Array);
    this._births = resized(this._births, cap, Float64Array);
    this._names = this._names instanceof Uint16Array ? resized(this._names, cap, Uint16Array) : resized(this._names, cap, Uint32Array);
    this._flags = resized(this._flags, cap, Uint8Array);
  }
}
