import type { Dump, DumpSnapshot } from '../src/dump/Dump.js';
import type { ClassFigures, HistoryPoint, Mark } from '../src/types.js';
import { dumpShell } from './bigDump.js';

/**
 * Valid dumps shaped to stress the report (built directly in the dump format, deterministic):
 * many sparse classes, one snapshot of very many classes, very many marks, and a realistic
 * hour of `start(1000)`. Used by test/browser/reportScale.test.ts and bench/report.bench.ts.
 */

function snapshot(id: number, time: number, classes: Record<string, ClassFigures>, trackedTotal: number): DumpSnapshot {
  return { id, label: `tick ${id}`, time, sizing: 'model', trackedTotal, total: { bytes: trackedTotal * 4, source: 'performance.memory' }, classes, sizes: { fields: ['id', 'size', 'flat'], rows: [] } };
}

/** `Name00042`: names of equal length, sorted as their numbers. */
const className = (i: number, digits: number): string => `Name${String(i).padStart(digits, '0')}`;

/**
 * `classes` names x `snapshots` snapshots, almost all empty: one snapshot in ten holds a single
 * class (k mod `classes`, bytes growing with k), the others none, so a class-by-snapshot grid
 * would be a million cells at 1,000 x 1,000 while the dump holds a hundred figures.
 */
export function sparseDump(classes: number, snapshots: number): Dump {
  const names = Array.from({ length: classes }, (_, i) => className(i, 5));
  const d = dumpShell(names);
  for (let k = 0; k < snapshots; k++) {
    const bytes = 100 + k;
    const figures: Record<string, ClassFigures> = k % 10 === 0 ? { [names[k % classes]!]: { active: 1, bytes, average: bytes, pct: 25 } } : {};
    d.snapshots.push({ ...snapshot(k + 1, 1000 * (k + 1), figures, k % 10 === 0 ? bytes : 0), label: '' });
  }
  return d;
}

/** One snapshot holding `classes` classes, class i with i + 1 instances of 64 bytes (so the largest is last by name). */
export function wideDump(classes: number): Dump {
  const names = Array.from({ length: classes }, (_, i) => className(i, 6));
  const d = dumpShell(names);
  const figures: Record<string, ClassFigures> = {};
  let total = 0;
  for (let i = 0; i < classes; i++) {
    const bytes = 64 * (i + 1);
    total += bytes;
    figures[names[i]!] = { active: i + 1, bytes, average: 64, pct: 0 };
  }
  for (const f of Object.values(figures)) f.pct = (f.bytes / (total * 4)) * 100;
  d.snapshots.push(snapshot(1, 1000, figures, total));
  return d;
}

/** Two snapshots of 3 classes and `marks` marks (`mark 0`, `mark 1`, …, 1 ms apart, each with a value and a detail). */
export function marksDump(marks: number): Dump {
  const names = ['app.A', 'app.B', 'app.C'];
  const d = dumpShell(names);
  for (let k = 0; k < 2; k++) {
    const classes: Record<string, ClassFigures> = {};
    names.forEach((n, i) => (classes[n] = { active: i + k + 1, bytes: 100 * (i + k + 1), average: 100, pct: 10 }));
    d.snapshots.push(snapshot(k + 1, 1000 + k * marks, classes, 100 * (6 + 3 * k)));
  }
  const list: Mark[] = [];
  for (let i = 0; i < marks; i++) list.push({ name: `mark ${i}`, time: i, value: i / 4, detail: { rating: i % 2 === 0 ? 'good' : 'poor' } });
  d.marks = list;
  return d;
}

/**
 * A realistic hour of `start(1000)`: `snapshots` snapshots one second apart (3,600 for an hour),
 * `classes` classes (30) of `perClass` instances each, every instance sized in every snapshot,
 * a count history per class and a mark a minute. Class c's instances grow slowly when c is even.
 */
export function hourDump(classes = 30, snapshots = 3600, perClass = 4): Dump {
  const names = Array.from({ length: classes }, (_, i) => `app.Class${String(i).padStart(2, '0')}`);
  const d = dumpShell(names);
  const n = classes * perClass;
  for (let i = 0; i < n; i++) d.instances.rows.push(i + 1, i % classes, i, null, 0, -1, `instance ${i}`);
  for (let k = 0; k < snapshots; k++) {
    const figures: Record<string, ClassFigures> = {};
    const sizeRows: number[] = [];
    const bytes = names.map(() => 0);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      const size = 64 + ((i * 31) % 200) + (c % 2 === 0 ? Math.floor(k / 60) : 0);
      sizeRows.push(1, size, 48);
      bytes[c]! += size;
    }
    const tracked = bytes.reduce((a, b) => a + b, 0);
    names.forEach((name, c) => (figures[name] = { active: perClass, bytes: bytes[c]!, average: bytes[c]! / perClass, pct: (bytes[c]! / (tracked * 4)) * 100 }));
    d.snapshots.push({ ...snapshot(k + 1, 1000 * (k + 1), figures, tracked), label: k === 0 ? 'start' : '', sizes: { fields: ['id', 'size', 'flat'], rows: sizeRows } });
  }
  for (const name of names) {
    const pts: HistoryPoint[] = [];
    for (let t = 0; t < perClass; t++) pts.push([t, t + 1]);
    d.history[name] = pts;
  }
  for (let m = 0; m < snapshots / 60; m++) d.marks.push({ name: 'INP', time: 60_000 * m + 500, value: 40 + (m % 7), detail: { rating: 'good' } });
  return d;
}

/**
 * `instances` live instances of one class and `snapshots` snapshots that each size only the
 * first three: a reader that indexed every instance in every snapshot would hold instances x
 * snapshots cells (1.4 GB at 100,000 x 3,600) for a dump of a few megabytes.
 */
export function fewSizedDump(instances: number, snapshots: number): Dump {
  const d = dumpShell(['app.Many']);
  for (let i = 0; i < instances; i++) d.instances.rows.push(i + 1, 0, i, null, 0, -1, null);
  for (let k = 0; k < snapshots; k++) {
    const s = snapshot(k + 1, 1000 * (k + 1), { 'app.Many': { active: instances, bytes: 3 * (64 + k), average: (3 * (64 + k)) / instances, pct: 1 } }, 3 * (64 + k));
    s.sizes.rows = [1, 64 + k, 48, 1, 64 + k, 48, 1, 64 + k, 48];
    d.snapshots.push(s);
  }
  return d;
}
