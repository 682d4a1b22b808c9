import type { HistoryPoint } from '../types.js';

/**
 * A bounded instance-count time series for one tracking name: one point per birth and
 * per death until `limit` points are held, then adjacent pairs merge into buckets that
 * keep the count at the bucket's end and the min and max within it (older = coarser).
 */
export class CountHistory {
  private _time: Float64Array;
  private _count: Int32Array;
  private _min: Int32Array;
  private _max: Int32Array;
  private _length = 0;
  private _coarse = false;
  private readonly _limit: number;

  constructor(limit: number) {
    this._limit = Math.max(2, limit);
    const cap = Math.min(this._limit, 16);
    this._time = new Float64Array(cap);
    this._count = new Int32Array(cap);
    this._min = new Int32Array(cap);
    this._max = new Int32Array(cap);
  }

  /** Number of points held. */
  get length(): number {
    return this._length;
  }

  /** The count after the newest point (0 when empty). */
  get last(): number {
    return this._length === 0 ? 0 : this._count[this._length - 1]!;
  }

  /** Appends `[time, count]`, coarsening first when the limit is reached. */
  push(time: number, count: number): void {
    // Not `this._time[this._append(count)] = ...`: the array is read before `_append` may
    // replace it, and the time would land in the discarded copy (issue 9).
    const i = this._append(count);
    this._time[i] = time;
  }

  /** @internal `push(time[0], count)`, with the time read from a cell so that it is never boxed. */
  pushAt(time: Float64Array, count: number): void {
    const i = this._append(count);
    this._time[i] = time[0]!;
  }

  /** Makes room for one point holding `count`; returns its index (the caller writes its time). */
  private _append(count: number): number {
    if (this._length === this._limit) this._halve();
    if (this._length === this._time.length) this._grow();
    const i = this._length++;
    this._count[i] = count;
    this._min[i] = count;
    this._max[i] = count;
    return i;
  }

  /** The points as plain tuples: `[time, count]`, or `[time, count, min, max]` once coarsened. */
  points(): HistoryPoint[] {
    const out: HistoryPoint[] = new Array(this._length);
    for (let i = 0; i < this._length; i++) {
      const c = this._count[i]!;
      const lo = this._min[i]!;
      const hi = this._max[i]!;
      out[i] = this._coarse && (lo !== c || hi !== c) ? [this._time[i]!, c, lo, hi] : [this._time[i]!, c];
    }
    return out;
  }

  private _grow(): void {
    const cap = Math.min(this._limit, this._time.length * 2);
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this._time = grow(this._time, (n) => new Float64Array(n));
    this._count = grow(this._count, (n) => new Int32Array(n));
    this._min = grow(this._min, (n) => new Int32Array(n));
    this._max = grow(this._max, (n) => new Int32Array(n));
  }

  /** Merges points pairwise: the bucket ends at the later point and spans both min/max. */
  private _halve(): void {
    const n = this._length;
    let w = 0;
    for (let r = 0; r < n; r += 2, w++) {
      const a = r;
      const b = r + 1 < n ? r + 1 : r;
      this._time[w] = this._time[b]!;
      this._count[w] = this._count[b]!;
      this._min[w] = Math.min(this._min[a]!, this._min[b]!);
      this._max[w] = Math.max(this._max[a]!, this._max[b]!);
    }
    this._length = w;
    this._coarse = true;
  }
}
