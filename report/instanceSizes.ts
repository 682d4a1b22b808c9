import type { DumpReader } from '../src/dump/dumpReader.js';

/** Per-instance size columns of one class, aligned with its rows: largest size over the snapshots and the last one's. */
export interface InstanceSizes {
  max: Float64Array;
  last: Float64Array;
}

/**
 * Reads every snapshot's size of the instances at `rows` once. Per snapshot it walks whichever is
 * shorter, the snapshot's sizes rows or `rows`, so snapshots that sized none of them cost nothing.
 */
export function instanceSizes(reader: DumpReader, rows: readonly number[]): InstanceSizes {
  const n = rows.length;
  const snaps = reader.dump.snapshots.length;
  const max = new Float64Array(n);
  const last = new Float64Array(n);
  let local: Map<number, number> | undefined;
  const take = (s: number, i: number, size: number): void => {
    if (size > max[i]!) max[i] = size;
    if (s === snaps - 1) last[i] = size;
  };
  for (let s = 0; s < snaps; s++) {
    if (reader.sizedCount(s) < n) {
      // Instance row -> position in `rows`, built the first time a snapshot is walked this way.
      local ??= new Map(rows.map((row, i) => [row, i]));
      const at = local;
      reader.eachSize(s, (row, size) => {
        const i = at.get(row);
        if (i !== undefined) take(s, i, size);
      });
    } else {
      for (let i = 0; i < n; i++) {
        const v = reader.sizeIn(s, rows[i]!);
        if (v !== undefined) take(s, i, v.size);
      }
    }
  }
  return { max, last };
}
