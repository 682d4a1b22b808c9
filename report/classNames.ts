import type { Dump } from '../src/dump/Dump.js';
import { byCodeUnit } from '../src/stats/StatsDiff.js';

/** Every name a dump tracked instances under (as `Stats.trackedClasses`), sorted by code unit. */
export function classNames(dump: Dump): string[] {
  const names = new Set<string>(dump.names);
  for (const s of dump.snapshots) for (const n of Object.keys(s.classes)) names.add(n);
  for (const n of Object.keys(dump.history)) names.add(n);
  for (const n of Object.keys(dump.folded)) names.add(n);
  return [...names].sort(byCodeUnit);
}
