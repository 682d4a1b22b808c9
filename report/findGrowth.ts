import type { Dump } from '../src/dump/Dump.js';
import { figuresOf } from '../src/dump/dumpReader.js';
import { byCodeUnit } from '../src/stats/StatsDiff.js';
import type { ClassFigures } from '../src/types.js';

/** A class whose count or bytes rose from every snapshot to the next. */
export interface Growth {
  name: string;
  /** The instance count rose at every step. */
  count: boolean;
  /** The bytes rose at every step. */
  bytes: boolean;
  first: ClassFigures;
  last: ClassFigures;
}

/**
 * Growth hints: the classes whose active count or bytes strictly increase across every
 * snapshot (a class absent from a snapshot counts as zero there), largest byte growth first.
 * Needs two snapshots or more. Only classes in the last snapshot can grow, and each is followed
 * back only while it keeps growing, so the work is bounded by the figures the dump holds.
 */
export function findGrowth(dump: Dump): Growth[] {
  const snaps = dump.snapshots;
  if (snaps.length < 2) return [];
  const fig = (i: number, name: string): ClassFigures => figuresOf(snaps[i]!.classes, name);
  const out: Growth[] = [];
  for (const name of Object.keys(snaps[snaps.length - 1]!.classes)) {
    let count = true;
    let bytes = true;
    let after = fig(snaps.length - 1, name);
    for (let i = snaps.length - 2; i >= 0 && (count || bytes); i--) {
      const f = fig(i, name);
      if (!(after.active > f.active)) count = false;
      if (!(after.bytes > f.bytes)) bytes = false;
      after = f;
    }
    if (count || bytes) out.push({ name, count, bytes, first: fig(0, name), last: fig(snaps.length - 1, name) });
  }
  return out.sort((a, b) => b.last.bytes - b.first.bytes - (a.last.bytes - a.first.bytes) || byCodeUnit(a.name, b.name));
}
