import { nullRecord } from '../dump/nullRecord.js';
import type { CoarsenedSpan, Snapshot } from '../types.js';

/** Snapshots kept whole by default; older ones merge into at most as many entries (docs/reliability.md). */
export const DEFAULT_WHOLE_SNAPSHOTS = 1_000;

/**
 * Bounds a tracker's snapshot list after each push: the newest `whole` snapshots stay as they
 * were taken; older ones merge into at most `whole` entries of equal span (in snapshots), each
 * carrying the figures of its newest snapshot and, in `coarsened`, how many it stands for and
 * the extremes of their figures. When those entries are full, adjacent pairs merge (the span
 * doubles), so a day of periodic snapshots stays evenly covered. Returns how many entries left
 * the list (all of them older than the `whole` newest), for callers that index into it.
 */
export function coarsenSnapshots(list: Snapshot[], whole: number): number {
  const old = list.length - whole; // entries older than the whole window
  if (old < 2) return 0;
  const span = spanOf(list[0]!); // every older entry but the newest spans this many snapshots
  let removed = 0;
  const open = old - 2; // the bucket being filled, just before the snapshot that left the window
  if (spanOf(list[open]!) < span) {
    list[open] = merge(list[open]!, list[open + 1]!);
    list.splice(open + 1, 1);
    removed = 1;
  }
  const oldNow = old - removed;
  if (oldNow <= whole) return removed;
  // Full: merge adjacent pairs of older entries (an odd last one stays as it is).
  let w = 0;
  for (let r = 0; r < oldNow; r += 2) list[w++] = r + 1 < oldNow ? merge(list[r]!, list[r + 1]!) : list[r]!;
  list.splice(w, oldNow - w);
  return removed + oldNow - w;
}

/** How many snapshots an entry stands for. */
function spanOf(s: Snapshot): number {
  return s.coarsened?.count ?? 1;
}

/** One entry for `a` followed by `b`: `b`'s own figures, the span and extremes of both. */
function merge(a: Snapshot, b: Snapshot): Snapshot {
  // `a`'s span is reused when it was made here; a snapshot as taken is never changed (callers hold it).
  const span = a.coarsened ?? spanFrom(a);
  span.count += spanOf(b);
  widen(span.trackedTotal, b.coarsened?.trackedTotal ?? [b.trackedTotal, b.trackedTotal]);
  widen(span.totalBytes, b.coarsened?.totalBytes ?? [b.total.bytes, b.total.bytes]);
  for (const [name, f] of Object.entries(b.classes)) {
    const r = b.coarsened?.classes[name] ?? [f.active, f.active, f.bytes, f.bytes];
    const have = span.classes[name];
    if (have === undefined) span.classes[name] = [r[0], r[1], r[2], r[3]];
    else {
      if (r[0] < have[0]) have[0] = r[0];
      if (r[1] > have[1]) have[1] = r[1];
      if (r[2] < have[2]) have[2] = r[2];
      if (r[3] > have[3]) have[3] = r[3];
    }
  }
  return { ...b, coarsened: span };
}

/** A fresh span holding one snapshot as taken. */
function spanFrom(s: Snapshot): CoarsenedSpan {
  const classes = nullRecord<CoarsenedSpan['classes'][string]>();
  for (const [name, f] of Object.entries(s.classes)) classes[name] = [f.active, f.active, f.bytes, f.bytes];
  return {
    count: 1,
    firstId: s.id,
    firstTime: s.time,
    trackedTotal: [s.trackedTotal, s.trackedTotal],
    totalBytes: [s.total.bytes, s.total.bytes],
    classes,
  };
}

function widen(have: [number, number], r: readonly [number, number]): void {
  if (r[0] < have[0]) have[0] = r[0];
  if (r[1] > have[1]) have[1] = r[1];
}
