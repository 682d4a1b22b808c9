import type { Dump, DumpSnapshot } from '../dump/Dump.js';
import { formatBytes, formatChange, formatDelta, formatTime, truncate } from './format.js';
import { figuresOf } from '../dump/dumpReader.js';
import { DEFAULT_CLASS_LIMIT } from './formatSummary.js';
import { byCodeUnit, topN } from './topN.js';
import { SdkError } from '../SdkError.js';
import type { ClassFigures, MemoryTotal } from '../types.js';

/** The snapshot one side of a diff was taken from. */
export interface DiffSide {
  id: number;
  label: string;
  time: number;
  trackedTotal: number;
  total: MemoryTotal;
}

/** One class before and after, with the changes. Figures are zeros on a side where the class is absent. */
export interface ClassDiff {
  name: string;
  before: ClassFigures;
  after: ClassFigures;
  activeDelta: number;
  bytesDelta: number;
  averageDelta: number;
}

/** Options of `StatsDiff.format`. */
export interface DiffFormatOptions {
  /** Classes listed: all when there are at most this many, else those with the largest changes. Default 50; Infinity: all. */
  limit?: number;
}

/** Picks the last snapshot, or the last one labelled `label`; throws E_OPTION naming what is missing. */
export function pickSnapshot(dump: Dump, side: string, label?: string): DumpSnapshot {
  const snaps = dump.snapshots;
  if (snaps.length === 0) throw new SdkError('E_OPTION', `the ${side} data has no snapshots to compare`);
  if (label === undefined) return snaps[snaps.length - 1]!;
  for (let i = snaps.length - 1; i >= 0; i--) if (snaps[i]!.label === label) return snaps[i]!;
  const labels = [...new Set(snaps.map((s) => JSON.stringify(truncate(s.label, 40))))].slice(0, 10).join(', ');
  throw new SdkError('E_OPTION', `no snapshot labelled ${JSON.stringify(truncate(label, 40))} in the ${side} data (its labels: ${labels})`);
}

/**
 * Per-class before/after figures of two snapshots (usually the last of two runs), plus tracked and
 * platform totals; `format()` / `toString()` render a table like the tutorial's comparison
 * ("tracked total 34.77 MB -> 32.41 MB (-6.8%)").
 */
export class StatsDiff {
  readonly before: DiffSide;
  readonly after: DiffSide;
  /** Every class present in either snapshot, sorted by name. */
  readonly classes: readonly ClassDiff[];

  constructor(before: DumpSnapshot, after: DumpSnapshot) {
    this.before = side(before);
    this.after = side(after);
    const seen = new Set<string>(Object.keys(before.classes));
    for (const n of Object.keys(after.classes)) seen.add(n);
    const names = Array.from(seen).sort(byCodeUnit);
    this.classes = names.map((name): ClassDiff => {
      const b = figuresOf(before.classes, name);
      const a = figuresOf(after.classes, name);
      return { name, before: b, after: a, activeDelta: a.active - b.active, bytesDelta: a.bytes - b.bytes, averageDelta: a.average - b.average };
    });
  }

  /** The change of the tracked total in bytes. */
  get trackedDelta(): number {
    return this.after.trackedTotal - this.before.trackedTotal;
  }

  /**
   * A readable table: the compared snapshots, both totals, then per class active, bytes and
   * average, by name; beyond `limit` classes (default 50), the `limit` with the largest changes in
   * bytes (then in count), largest first, and a line counting the rest.
   */
  format(options: DiffFormatOptions = {}): string {
    const limit = options.limit ?? DEFAULT_CLASS_LIMIT;
    if (typeof limit !== 'number' || !(limit >= 0)) throw new SdkError('E_OPTION', `StatsDiff.format: limit must be a number >= 0 (Infinity: all), got ${String(limit)}`);
    const b = this.before;
    const a = this.after;
    const lines = [`---- DIFF ${'-'.repeat(69)}`];
    const where = (s: DiffSide): string => `${truncate(s.label === '' ? '(no label)' : s.label, 50)} (snapshot #${s.id} at ${formatTime(s.time)})`;
    lines.push(`before: ${where(b)}`, `after:  ${where(a)}`);
    lines.push(`tracked total ${arrow(formatBytes(b.trackedTotal), formatBytes(a.trackedTotal), formatChange(b.trackedTotal, a.trackedTotal))}`);
    if (b.total.source === 'none' && a.total.source === 'none') {
      lines.push('platform total: none available');
    } else {
      const src = b.total.source === a.total.source ? b.total.source : `${b.total.source} -> ${a.total.source}`;
      lines.push(`platform total ${arrow(formatBytes(b.total.bytes), formatBytes(a.total.bytes), formatChange(b.total.bytes, a.total.bytes))}  [${src}]`);
    }
    const rows: string[][] = [['class', 'active', '', '', '', 'bytes', '', '', '', 'average', '', '', '']];
    const all = this.classes;
    const shown = all.length <= limit ? all : topN(all, limit, byChange);
    for (const c of shown) {
      rows.push([
        truncate(c.name, 40),
        String(c.before.active), '->', String(c.after.active), `(${formatDelta(c.activeDelta)})`,
        formatBytes(c.before.bytes), '->', formatBytes(c.after.bytes), `(${formatChange(c.before.bytes, c.after.bytes)})`,
        formatBytes(c.before.average), '->', formatBytes(c.after.average), `(${formatChange(c.before.average, c.after.average)})`,
      ]);
    }
    if (all.length === 0) lines.push('no classes in either snapshot');
    else for (const line of alignRows(rows)) lines.push(line);
    if (shown.length < all.length) {
      const unchanged = all.reduce((n, c) => n + (c.bytesDelta === 0 && c.activeDelta === 0 ? 1 : 0), 0);
      lines.push(`  ... and ${all.length - shown.length} more classes (${unchanged} of all ${all.length} unchanged), smaller changes not shown`);
    }
    lines.push('-'.repeat(79));
    return lines.join('\n');
  }

  /** Same as `format()`: at most 50 classes. */
  toString(): string {
    return this.format();
  }
}

function side(s: DumpSnapshot): DiffSide {
  return { id: s.id, label: s.label, time: s.time, trackedTotal: s.trackedTotal, total: s.total };
}

/** Largest change in bytes first, then in count, then by name. */
function byChange(a: ClassDiff, b: ClassDiff): number {
  return Math.abs(b.bytesDelta) - Math.abs(a.bytesDelta) || Math.abs(b.activeDelta) - Math.abs(a.activeDelta) || byCodeUnit(a.name, b.name);
}

function arrow(before: string, after: string, change: string): string {
  return `${before} -> ${after} (${change})`;
}

/** Aligns cells in columns: the first (names) left, the rest right; the first row is a header of group labels. */
function alignRows(rows: string[][]): string[] {
  const body = rows.slice(1);
  // A loop, not Math.max(...column): 125,000 rows as arguments overflow the stack.
  const widths = rows[0]!.map((_, c) => {
    let w = 0;
    for (const r of body) if (r[c]!.length > w) w = r[c]!.length;
    return w;
  });
  // A group label (active, bytes, average) spans its four cells.
  for (let c = 1; c < widths.length; c += 4) {
    const span = widths[c]! + widths[c + 1]! + widths[c + 2]! + widths[c + 3]! + 3;
    const need = rows[0]![c]!.length - span;
    if (need > 0) widths[c] = widths[c]! + need;
  }
  widths[0] = Math.max(widths[0]!, rows[0]![0]!.length);
  const header = [rows[0]![0]!.padEnd(widths[0]!)];
  for (let c = 1; c < widths.length; c += 4) {
    const span = widths[c]! + widths[c + 1]! + widths[c + 2]! + widths[c + 3]! + 3;
    header.push(rows[0]![c]!.padStart(Math.ceil((span + rows[0]![c]!.length) / 2)).padEnd(span));
  }
  const out = [`  ${header.join('   ').trimEnd()}`];
  for (const r of body) {
    const cells = [r[0]!.padEnd(widths[0]!)];
    for (let c = 1; c < r.length; c += 4) {
      cells.push(`${r[c]!.padStart(widths[c]!)} ${r[c + 1]!} ${r[c + 2]!.padStart(widths[c + 2]!)} ${r[c + 3]!.padEnd(widths[c + 3]!)}`);
    }
    out.push(`  ${cells.join('   ').trimEnd()}`);
  }
  return out;
}

/** Code-unit order (re-exported from its own module for existing importers). */
export { byCodeUnit };
