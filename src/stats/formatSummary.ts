import type { Dump, DumpSnapshot } from '../dump/Dump.js';
import { byCodeUnit, topN } from './topN.js';
import { fitLeft, fitRight, formatBytesPadded, formatPct, truncate, truncateLeft } from './format.js';
import type { ClassFigures, TotalSource } from '../types.js';

/** Width of every summary line, as in Pympler's `print_summary`. */
export const SUMMARY_WIDTH = 79;

const SOURCE_TEXT: Record<TotalSource, string> = {
  'process.memoryUsage': 'JS heap in use, process.memoryUsage().heapUsed; pct is of it',
  'performance.memory': 'JS heap in use, performance.memory.usedJSHeapSize; pct is of it',
  measureUserAgentSpecificMemory: 'performance.measureUserAgentSpecificMemory(); pct is of it',
  none: 'none from the platform (0 B); pct is of the tracked total',
};

/** Why an attached class has no figures: JavaScript cannot patch a class in place (issue 9). */
export const NEVER_REGISTERED = 'no instance registered';
/** What to do about it: only the class trackClass returns registers instances. */
export const USE_RETURNED_CLASS = 'create instances from the class trackClass returned';

/**
 * The attached classes (`dump.attached`) that never registered an instance: no record,
 * history, fold or snapshot figure under their name. Sorted as `attached` is.
 */
export function neverRegistered(dump: Dump): string[] {
  const seen = new Set<string>(dump.names);
  for (const n of Object.keys(dump.history)) seen.add(n);
  for (const n of Object.keys(dump.folded)) seen.add(n);
  for (const s of dump.snapshots) for (const n of Object.keys(s.classes)) seen.add(n);
  return (dump.attached ?? []).filter((n) => !seen.has(n));
}

/** A pct cell: 4 characters and `%`, as Pympler's `%4d%%` but with one decimal below 10. */
export function pctCell(pct: number): string {
  return `${fitRight(formatPct(pct), 4)}%`;
}

/** Classes listed per snapshot (and per diff) unless told otherwise: the largest, then "and N more". */
export const DEFAULT_CLASS_LIMIT = 50;

/**
 * Pympler's `print_summary` layout: per snapshot a header (label, `active`, the platform total,
 * `average`, `pct`), then per class active / bytes / average / pct, every line 79 characters.
 * With at most `limit` (and 50) tracked classes, each snapshot lists all of them by name (zeros
 * where absent); with more, only the classes the snapshot has figures for, the `limit` largest by
 * bytes, then a line counting the rest. Work and output follow what the dump holds and what is shown.
 * Footnotes name the attached classes that never registered an instance, and why, and where the
 * totals came from.
 */
export function formatSummary(dump: Dump, classNames: readonly string[], limit = DEFAULT_CLASS_LIMIT): string {
  const lines = [`---- SUMMARY ${'-'.repeat(SUMMARY_WIDTH - 13)}`];
  const row = (name: string, c: ClassFigures | undefined): string =>
    `  ${fitLeft(name, 33)} ${fitRight(String(c?.active ?? 0), 11)} ${fitRight(formatBytesPadded(c?.bytes ?? 0), 12)} ${fitRight(formatBytesPadded(c?.average ?? 0), 12)} ${pctCell(c?.pct ?? 0)}`;
  for (const s of dump.snapshots) {
    const label = s.label === '' ? `snapshot #${s.id}` : s.label;
    lines.push(`${fitLeft(label, 35)} ${fitRight('active', 11)} ${fitRight(formatBytesPadded(s.total.bytes), 12)} ${fitRight('average', 12)} ${fitRight('pct', 5)}`);
    lines.push(...snapshotNotes(s, limit));
    // Zero rows for absent classes only while there are few classes: with --all and 20,000 names,
    // 20,000 snapshots would be 400 million lines of zeros.
    if (classNames.length <= Math.min(limit, DEFAULT_CLASS_LIMIT)) {
      for (const name of classNames) lines.push(row(name, ownFigures(s.classes, name)));
      continue;
    }
    // Many classes: read only the figures this snapshot has (a sparse snapshot costs nothing).
    const present = Object.keys(s.classes);
    const shown = largest(present, s.classes, limit);
    for (const name of shown) lines.push(row(name, s.classes[name]));
    const rest = classNames.length - shown.length;
    if (rest > 0) {
      const why = present.length > shown.length ? `${present.length - shown.length} more with figures, ` : '';
      lines.push(fitLeft(`  ... and ${rest} more classes (${why}${rest - (present.length - shown.length)} with none)`, SUMMARY_WIDTH));
    }
  }
  if (dump.snapshots.length === 0) lines.push(fitLeft('(no snapshots)', SUMMARY_WIDTH));
  lines.push('-'.repeat(SUMMARY_WIDTH));
  const never = neverRegistered(dump);
  for (const name of never) lines.push(fitLeft(`${truncateLeft(name, SUMMARY_WIDTH - NEVER_REGISTERED.length - 2)}: ${NEVER_REGISTERED}`, SUMMARY_WIDTH));
  if (never.length > 0) lines.push(fitLeft(`  (${USE_RETURNED_CLASS})`, SUMMARY_WIDTH));
  // Name each source once, with the snapshots that used it when they differ.
  const bySource = new Map<TotalSource, number[]>();
  for (const s of dump.snapshots) {
    const ids = bySource.get(s.total.source);
    if (ids === undefined) bySource.set(s.total.source, [s.id]);
    else ids.push(s.id);
  }
  for (const [source, ids] of bySource) {
    const which = bySource.size === 1 ? 'total' : `total of #${ids.join(', #')}`;
    lines.push(fitLeft(truncate(`${which}: ${SOURCE_TEXT[source]}`, SUMMARY_WIDTH), SUMMARY_WIDTH));
  }
  return lines.join('\n');
}

/**
 * Lines under a snapshot's header: that it stands for several snapshots merged (`coarsened`),
 * and the tracked classes of which the heap holds instances the tracker does not know
 * (`heapCounts`, exact mode), the `limit` with most first.
 */
function snapshotNotes(s: DumpSnapshot, limit: number): string[] {
  const out: string[] = [];
  if (s.coarsened !== undefined) out.push(fitLeft(`  (the last of ${s.coarsened.count} snapshots merged, from #${s.coarsened.firstId})`, SUMMARY_WIDTH));
  if (s.heapCounts === undefined) return out;
  const counts = s.heapCounts;
  const names = Object.keys(counts).filter((n) => counts[n]!.untracked > 0);
  const shown = topN(names, Math.min(limit, DEFAULT_CLASS_LIMIT), (a, b) => counts[b]!.untracked - counts[a]!.untracked || byCodeUnit(a, b));
  for (const n of shown) out.push(fitLeft(`  heap has ${counts[n]!.untracked} untracked ${truncateLeft(n, 33)} (v8.queryObjects)`, SUMMARY_WIDTH));
  if (names.length > shown.length) out.push(fitLeft(`  ... and ${names.length - shown.length} more classes with untracked instances`, SUMMARY_WIDTH));
  return out;
}

/** The figures of `name` in `classes` when it has its own (a name like `__proto__` is plain data). */
export function ownFigures(classes: Record<string, ClassFigures>, name: string): ClassFigures | undefined {
  return Object.prototype.hasOwnProperty.call(classes, name) ? classes[name] : undefined;
}

/**
 * The `limit` names with the most bytes (then most active, then by name), largest first; in name
 * order when all fit. Partial selection: a bounded insertion list, not a sort of every name.
 */
function largest(names: string[], classes: Record<string, ClassFigures>, limit: number): string[] {
  if (names.length <= limit) return names.sort(byCodeUnit);
  const cmp = (a: string, b: string): number => classes[b]!.bytes - classes[a]!.bytes || classes[b]!.active - classes[a]!.active || byCodeUnit(a, b);
  return topN(names, limit, cmp);
}
