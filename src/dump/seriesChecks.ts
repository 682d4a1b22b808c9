import { checkRecord, corrupt, describe, isFiniteNum, isInt, isSize, keyPath } from './dumpChecks.js';
import { nullRecord } from './nullRecord.js';
import type { FoldedClass, HistoryPoint, Mark } from '../types.js';

/** The checks of a dump's series: count history, folded aggregates and marks (see validateDump). */

const FOLDED_FIELDS: ReadonlyArray<keyof FoldedClass> = ['count', 'lifetimeTotal', 'lifetimeMin', 'lifetimeMax', 'maxSize', 'firstBirth', 'lastDeath'];

/** A dump's `history`: per class, points `[time, count]` or `[time, count, min, max]`. */
export function checkHistory(v: unknown): Record<string, HistoryPoint[]> {
  const h = checkRecord(v, 'history');
  const out = nullRecord<HistoryPoint[]>();
  for (const name of Object.keys(h)) {
    const p = keyPath('history', name);
    const pts = h[name];
    if (!Array.isArray(pts)) corrupt(p, `expected an array of points, got ${describe(pts)}`);
    out[name] = pts.map((pt: unknown, i): HistoryPoint => {
      const pp = `${p}[${i}]`;
      if (!Array.isArray(pt) || (pt.length !== 2 && pt.length !== 4)) corrupt(pp, `expected [time, count] or [time, count, min, max], got ${describe(pt)}`);
      const nums = pt as unknown[];
      if (!isFiniteNum(nums[0])) corrupt(`${pp}[0]`, `expected a time, got ${describe(nums[0])}`);
      for (let k = 1; k < nums.length; k++) {
        if (!isInt(nums[k]) || (nums[k] as number) < 0) corrupt(`${pp}[${k}]`, `expected a non-negative count, got ${describe(nums[k])}`);
      }
      return nums.length === 2 ? [nums[0] as number, nums[1] as number] : [nums[0] as number, nums[1] as number, nums[2] as number, nums[3] as number];
    });
  }
  return out;
}

/** A dump's `folded`: per class, the aggregate of its folded dead instances. */
export function checkFolded(v: unknown): Record<string, FoldedClass> {
  const f = checkRecord(v, 'folded');
  const out = nullRecord<FoldedClass>();
  for (const name of Object.keys(f)) {
    const p = keyPath('folded', name);
    const r = checkRecord(f[name], p);
    const agg = {} as FoldedClass;
    for (const k of FOLDED_FIELDS) {
      const n = r[k];
      const ok = k === 'count' ? isInt(n) && n >= 0 : k === 'maxSize' ? isSize(n) : isFiniteNum(n);
      if (!ok) corrupt(`${p}.${k}`, `expected ${k === 'count' ? 'a non-negative integer' : 'a number'}, got ${describe(n)}`);
      agg[k] = n as number;
    }
    out[name] = agg;
  }
  return out;
}

/** A dump's `marks`: name, time, optional value and string details. */
export function checkMarks(v: unknown): Mark[] {
  if (!Array.isArray(v)) corrupt('marks', `expected an array, got ${describe(v)}`);
  return v.map((m: unknown, i): Mark => {
    const p = `marks[${i}]`;
    const r = checkRecord(m, p);
    const name = r['name'];
    if (typeof name !== 'string') corrupt(`${p}.name`, `expected a string, got ${describe(name)}`);
    const time = r['time'];
    if (!isFiniteNum(time)) corrupt(`${p}.time`, `expected a number, got ${describe(time)}`);
    const out: Mark = { name, time };
    const value = r['value'];
    if (value !== undefined) {
      if (!isFiniteNum(value)) corrupt(`${p}.value`, `expected a number, got ${describe(value)}`);
      out.value = value;
    }
    if (r['detail'] !== undefined) {
      const d = checkRecord(r['detail'], `${p}.detail`);
      const detail = nullRecord<string>();
      for (const k of Object.keys(d)) {
        const s = d[k];
        if (typeof s !== 'string') corrupt(keyPath(`${p}.detail`, k), `expected a string, got ${describe(s)}`);
        detail[k] = s;
      }
      out.detail = detail;
    }
    return out;
  });
}
