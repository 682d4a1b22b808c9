import type { Dump } from '../src/dump/Dump.js';
import { byCodeUnit } from '../src/stats/StatsDiff.js';

/** Classes the time-space chart draws on their own; the others are stacked as one "other N classes" band. */
export const CHART_CLASSES = 12;

/** The chart's bands: the largest classes by bytes (in name order) with their bytes per snapshot, and the rest summed. */
export interface ChartBands {
  /** Classes drawn on their own, in name order, and their bytes per snapshot. */
  names: string[];
  own: number[][];
  /** Bytes per snapshot of every other class with bytes; the number of those classes. */
  other: number[];
  otherCount: number;
}

/**
 * Picks the chart's bands: the `top` classes with the most bytes summed over the snapshots, the
 * rest folded into one band. Reads only the figures each snapshot holds, so classes with no
 * figures cost nothing and classes with no bytes get no band.
 */
export function chartBands(dump: Dump, top = CHART_CLASSES): ChartBands {
  const snaps = dump.snapshots;
  const sums = new Map<string, number>();
  for (const s of snaps) for (const name of Object.keys(s.classes)) sums.set(name, (sums.get(name) ?? 0) + s.classes[name]!.bytes);
  const ranked: string[] = [];
  for (const [name, sum] of sums) if (sum > 0) ranked.push(name);
  ranked.sort((a, b) => sums.get(b)! - sums.get(a)! || byCodeUnit(a, b));
  const names = ranked.slice(0, top).sort(byCodeUnit);
  const at = new Map(names.map((n, k) => [n, k]));
  const own = names.map(() => new Array<number>(snaps.length).fill(0));
  const other = new Array<number>(snaps.length).fill(0);
  snaps.forEach((s, i) => {
    for (const name of Object.keys(s.classes)) {
      const k = at.get(name);
      if (k !== undefined) own[k]![i] = s.classes[name]!.bytes;
      else other[i] = other[i]! + s.classes[name]!.bytes;
    }
  });
  return { names, own, other, otherCount: ranked.length - names.length };
}
