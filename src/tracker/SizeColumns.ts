import type { SnapshotColumns } from '../dump/encodeDump.js';
import type { SizeEntry, Snapshot } from '../types.js';

/** Size columns with no rows: what a snapshot holds before its walk counted the instances. */
export function emptyColumns(n = 0): SnapshotColumns {
  return { ids: new Float64Array(n), size: new Float64Array(n), flat: new Float64Array(n), count: 0, refs: undefined };
}

/**
 * The per-instance size columns of the newest snapshots (at most `limit`): `cols[k]` belongs to
 * `snapshots[from + k]`. Beyond the limit the oldest columns go; the snapshots' class figures stay.
 */
export class SizeColumns {
  /** The columns kept, oldest first; each one's rows are in id order. */
  cols: SnapshotColumns[] = [];
  /** The position in `tracker.snapshots` of the snapshot `cols[0]` belongs to. */
  from = 0;

  constructor(readonly limit: number) {}

  /** Keeps the columns of the snapshot just taken, dropping the oldest beyond the limit. */
  add(cols: SnapshotColumns): void {
    this.cols.push(cols);
    if (this.cols.length > this.limit) {
      this.cols.shift();
      this.from++;
    }
  }

  /** Forgets every column (`tracker.clear()`). */
  clear(): void {
    this.cols = [];
    this.from = 0;
  }

  /** The sizes of record `id` in each snapshot that still holds columns (a binary search per snapshot). */
  sizesOf(id: number, snapshots: readonly Snapshot[]): SizeEntry[] {
    const out: SizeEntry[] = [];
    for (let s = 0; s < this.cols.length; s++) {
      const cols = this.cols[s]!;
      let lo = 0;
      let hi = cols.count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = cols.ids[mid]!;
        if (at === id) {
          const entry: SizeEntry = { snapshot: snapshots[this.from + s]!.id, size: cols.size[mid]!, flat: cols.flat[mid]! };
          const refs = cols.refs?.get(id);
          if (refs !== undefined) entry.refs = refs;
          out.push(entry);
          break;
        }
        if (at < id) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out;
  }

  /** A cursor for `largest`: one row position per snapshot held now. */
  cursor(): Uint32Array {
    return new Uint32Array(this.cols.length);
  }

  /**
   * The largest size of record `id` over the snapshots held, for ids asked in ascending order:
   * `cursor` keeps each snapshot's row reached, so a pass over all records reads each row once.
   * 0 when a snapshot was taken since the cursor was made (the rows it was made for are gone).
   */
  largest(id: number, cursor: Uint32Array): number {
    const cols = this.cols;
    if (cols.length !== cursor.length) return 0;
    let big = 0;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      let r = cursor[c]!;
      while (r < col.count && col.ids[r]! < id) r++;
      cursor[c] = r;
      if (r < col.count && col.ids[r] === id && col.size[r]! > big) big = col.size[r]!;
    }
    return big;
  }
}
