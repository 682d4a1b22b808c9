import type { Dump } from '../src/Dump.js';
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

const ZERO: ClassFigures = { active: 0, bytes: 0, average: 0, pct: 0 };

/**
 * Growth hints: the classes whose active count or bytes strictly increase across every
 * snapshot (a class absent from a snapshot counts as zero there). Needs two snapshots or more.
 */
export function findGrowth(dump: Dump, classes: readonly string[]): Growth[] {
  const snaps = dump.snapshots;
  if (snaps.length < 2) return [];
  const out: Growth[] = [];
  for (const name of classes) {
    const figs = snaps.map((s) => (Object.prototype.hasOwnProperty.call(s.classes, name) ? s.classes[name]! : ZERO));
    let count = true;
    let bytes = true;
    for (let i = 1; i < figs.length; i++) {
      if (!(figs[i]!.active > figs[i - 1]!.active)) count = false;
      if (!(figs[i]!.bytes > figs[i - 1]!.bytes)) bytes = false;
    }
    if (count || bytes) out.push({ name, count, bytes, first: figs[0]!, last: figs[figs.length - 1]! });
  }
  return out.sort((a, b) => b.last.bytes - b.first.bytes - (a.last.bytes - a.first.bytes));
}
