import { byCodeUnit, type ClassDiff } from '../src/stats/StatsDiff.js';

/** Orders a diff's classes by the largest change first: |bytes delta|, then |count delta|, then name. */
export function sortDiff(classes: readonly ClassDiff[]): ClassDiff[] {
  return [...classes].sort(
    (a, b) => Math.abs(b.bytesDelta) - Math.abs(a.bytesDelta) || Math.abs(b.activeDelta) - Math.abs(a.activeDelta) || byCodeUnit(a.name, b.name),
  );
}
