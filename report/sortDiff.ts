import { byCodeUnit, type ClassDiff } from '../src/stats/StatsDiff.js';

/** A column of the compare table the user can sort by; `change` is the default: largest change first. */
export type DiffKey =
  | 'change'
  | 'name'
  | 'activeBefore'
  | 'activeAfter'
  | 'activeDelta'
  | 'bytesBefore'
  | 'bytesAfter'
  | 'bytesDelta'
  | 'bytesChange'
  | 'averageBefore'
  | 'averageAfter'
  | 'averageDelta'
  | 'averageChange';

/** A relative change as a number to sort by: new classes (from zero) above any finite growth. */
const ratio = (before: number, after: number): number => (before === 0 ? (after === 0 ? 0 : Infinity) : (after - before) / Math.abs(before));

/** The value of a column for one class (`name` and `change` sort otherwise). */
function valueOf(c: ClassDiff, key: Exclude<DiffKey, 'name' | 'change'>): number {
  switch (key) {
    case 'activeBefore':
      return c.before.active;
    case 'activeAfter':
      return c.after.active;
    case 'activeDelta':
      return c.activeDelta;
    case 'bytesBefore':
      return c.before.bytes;
    case 'bytesAfter':
      return c.after.bytes;
    case 'bytesDelta':
      return c.bytesDelta;
    case 'bytesChange':
      return ratio(c.before.bytes, c.after.bytes);
    case 'averageBefore':
      return c.before.average;
    case 'averageAfter':
      return c.after.average;
    case 'averageDelta':
      return c.averageDelta;
    case 'averageChange':
      return ratio(c.before.average, c.after.average);
  }
}

/**
 * Orders a diff's classes by `key` (descending unless `desc` is false; names ascending unless
 * `desc`); `change`: the largest change first (|bytes delta|, then |count delta|). Ties by name.
 */
export function sortDiff(classes: readonly ClassDiff[], key: DiffKey = 'change', desc = true): ClassDiff[] {
  const dir = desc ? 1 : -1;
  if (key === 'change') {
    return [...classes].sort(
      (a, b) => dir * (Math.abs(b.bytesDelta) - Math.abs(a.bytesDelta) || Math.abs(b.activeDelta) - Math.abs(a.activeDelta)) || byCodeUnit(a.name, b.name),
    );
  }
  if (key === 'name') return [...classes].sort((a, b) => -dir * byCodeUnit(a.name, b.name) || 0);
  const keys = new Map(classes.map((c) => [c, valueOf(c, key)]));
  return [...classes].sort((a, b) => {
    const x = keys.get(a)!;
    const y = keys.get(b)!;
    return (x < y ? dir : x > y ? -dir : 0) || byCodeUnit(a.name, b.name);
  });
}
