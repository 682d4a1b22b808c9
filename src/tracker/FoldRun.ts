import type { FoldedClass } from '../types.js';
import type { Platform } from '../platform.js';
import type { RecordStore } from './RecordStore.js';
import { roundTime } from './roundTime.js';
import type { SizeColumns } from './SizeColumns.js';

/** Slots a sliced removal copies between two looks at the clock. */
const REMOVE_BLOCK = 4096;

/**
 * A fold in progress: the oldest dead records of each class beyond `deadRecordLimit` are
 * aggregated into `folded` and marked in slices (`scan`), then removed: in slices too
 * (`removeSlice`, the kept records copied into new chunks, swapped in at the end), or in one pass.
 */
export class FoldRun {
  /** The next slot to look at, and the store's length when the fold began (later records are not looked at). */
  private _next = 0;
  private readonly _end: number;
  /** 1 for each slot folded. */
  private readonly _marks: Uint8Array;
  /** Per held snapshot: the size row reached (rows are in id order). */
  private readonly _cursor: Uint32Array;
  private readonly _aggs: Array<FoldedClass | undefined> = [];
  /** True once the removal began in slices (the store then holds it), and once the fold ended. */
  private _removing = false;
  done = false;

  /** `excess`: records still to fold per name slot. */
  constructor(
    readonly store: RecordStore,
    private readonly _excess: Float64Array,
    private readonly _folded: Map<string, FoldedClass>,
    private readonly _columns: SizeColumns,
    private readonly _platform: Platform,
  ) {
    this._end = store.length;
    this._marks = new Uint8Array(store.length);
    this._cursor = _columns.cursor();
  }

  /**
   * Aggregates into `folded` and marks the oldest dead records of each class over the limit
   * (slots and ids ascending), until done (true) or the clock passes `deadline` (false).
   * Records do not move meanwhile: only a fold moves them, and a fold finishes this one first.
   */
  scan(deadline: number): boolean {
    const s = this.store;
    const excess = this._excess;
    const marks = this._marks;
    const aggs = this._aggs;
    const timed = deadline !== Infinity;
    let i = this._next;
    for (; i < this._end; i++) {
      if (timed && (i & 4095) === 4095 && this._platform.now() > deadline) {
        this._next = i;
        return false;
      }
      if (s.live(i)) continue;
      const slot = s.slotAt(i);
      if (excess[slot] === 0) continue;
      excess[slot]--;
      marks[i] = 1;
      const birth = s.birth(i);
      const death = s.deathAt(i)!;
      const life = death - birth;
      // The largest size over the snapshots still held.
      const big = this._columns.largest(s.id(i), this._cursor);
      let agg = aggs[slot];
      if (agg === undefined) {
        const name = s.names[slot]!;
        agg = this._folded.get(name);
        if (agg === undefined) {
          agg = { count: 1, lifetimeTotal: roundTime(life), lifetimeMin: life, lifetimeMax: life, maxSize: big, firstBirth: birth, lastDeath: death };
          this._folded.set(name, agg);
          aggs[slot] = agg;
          continue;
        }
        aggs[slot] = agg;
      }
      agg.count++;
      agg.lifetimeTotal = roundTime(agg.lifetimeTotal + life);
      if (life < agg.lifetimeMin) agg.lifetimeMin = life;
      if (life > agg.lifetimeMax) agg.lifetimeMax = life;
      if (big > agg.maxSize) agg.maxSize = big;
      if (birth < agg.firstBirth) agg.firstBirth = birth;
      if (death > agg.lastDeath) agg.lastDeath = death;
    }
    this._next = i;
    return true;
  }

  /**
   * Removes the records the scan folded in slices, until done (true) or the clock passes
   * `deadline` (false): the store copies the kept ones aside and swaps them in at `removeFolded`.
   */
  removeSlice(deadline: number): boolean {
    if (!this._removing) {
      this._removing = true;
      this.store.beginCompact(this._keep());
    }
    while (!this.store.compactStep(REMOVE_BLOCK)) if (this._platform.now() > deadline) return false;
    return true;
  }

  /** Removes the records the scan folded: the rest of a sliced removal, or one pass over the store. */
  removeFolded(): void {
    this.done = true;
    // A compaction of the store by someone else finished a sliced removal already (then this is a no-op).
    if (this._removing) this.store.finishCompact();
    else this.store.compact(this._keep());
  }

  /** True for the slots kept: not folded (records born after the fold began included). */
  private _keep(): (i: number) => boolean {
    const marks = this._marks;
    const end = this._end;
    return (i) => i >= end || marks[i] === 0;
  }
}
