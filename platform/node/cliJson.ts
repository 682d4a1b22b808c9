/**
 * What the CLI computes from dumps besides text: the `--json` documents of summary, stats and
 * diff (stable keys; see docs/cli.md), and the growth `diff --fail-on-growth` checks.
 */
import type { Stats } from '../../src/stats/Stats.js';
import type { StatsDiff } from '../../src/stats/StatsDiff.js';

/** One class (or, with `name` null, the tracked total) whose bytes grew past the threshold. */
export interface Growth {
  name: string | null;
  before: number;
  after: number;
  /** Percent growth; null when the class was absent (0 bytes) before. */
  pct: number | null;
}

/**
 * The classes (and the tracked total) whose bytes grew by more than `pct` percent and by at least
 * `floor` bytes. A class absent before counts as infinite growth (then only the floor decides).
 */
export function growthOver(diff: StatsDiff, pct: number, floor: number): Growth[] {
  const check = (name: string | null, before: number, after: number): Growth[] => {
    const delta = after - before;
    if (delta < floor || delta <= 0) return [];
    const grew = before > 0 ? (delta / before) * 100 : null;
    return grew === null || grew > pct ? [{ name, before, after, pct: grew }] : [];
  };
  return [
    ...diff.classes.flatMap((c) => check(c.name, c.before.bytes, c.after.bytes)),
    ...check(null, diff.before.trackedTotal, diff.after.trackedTotal),
  ];
}

/** `summary --json`: every snapshot with its totals and per-class figures (classes sorted by name). */
export function summaryJson(stats: Stats): object {
  return {
    snapshots: stats.dump.snapshots.map((s) => ({
      id: s.id,
      label: s.label,
      time: s.time,
      sizing: s.sizing,
      trackedTotal: s.trackedTotal,
      total: { bytes: s.total.bytes, source: s.total.source },
      classes: Object.fromEntries(Object.keys(s.classes).sort().map((n) => [n, figures(s.classes[n]!)])),
    })),
  };
}

/** One class's figures in a fixed key order. */
function figures(f: { active: number; bytes: number; average: number; pct: number }): object {
  return { active: f.active, bytes: f.bytes, average: f.average, pct: f.pct };
}

/** `stats --json`: the listed instances with their sizes per snapshot, and how many matched. */
export function statsJson(stats: Stats, options: { className?: string | undefined; limit?: number | undefined }): object {
  const { shown, matched, names } = stats.select(options);
  const snaps = stats.dump.snapshots;
  return {
    classes: names,
    matched,
    shown: shown.length,
    instances: shown.map((inst) => ({
      id: inst.id,
      name: inst.name,
      birth: inst.birth,
      death: inst.death ?? null,
      preview: inst.preview ?? null,
      trace: inst.trace.map((f) => ({ fn: f.fn, file: f.file, line: f.line, column: f.column })),
      sizes: snaps.flatMap((s, i) => {
        const sz = stats.reader.sizeIn(i, inst.row);
        return sz === undefined ? [] : [{ snapshot: s.id, label: s.label, size: sz.size, flat: sz.flat }];
      }),
    })),
    folded: Object.fromEntries(Object.entries(stats.dump.folded).filter(([n, f]) => f.count > 0 && names.includes(n)).map(([n, f]) => [n, f.count])),
  };
}

/** `diff --json`: both sides, the tracked-total change and every class before and after. */
export function diffJson(diff: StatsDiff): object {
  const side = (s: StatsDiff['before']) => ({ id: s.id, label: s.label, time: s.time, trackedTotal: s.trackedTotal, total: { bytes: s.total.bytes, source: s.total.source } });
  return {
    before: side(diff.before),
    after: side(diff.after),
    trackedDelta: diff.trackedDelta,
    classes: diff.classes.map((c) => ({ name: c.name, before: figures(c.before), after: figures(c.after), activeDelta: c.activeDelta, bytesDelta: c.bytesDelta, averageDelta: c.averageDelta })),
  };
}
