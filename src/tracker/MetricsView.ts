import type { ClassCounts, SnapshotListener } from './ClassTracker.js';
import type { Snapshot } from '../types.js';

/**
 * What the metrics exporters read from a tracker (any `ClassTracker` is one). Structural, so
 * `heapcensus/prometheus` and `heapcensus/otel` accept a tracker from any heapcensus entry.
 */
export interface MetricsSource {
  counts(): Map<string, ClassCounts>;
  readonly snapshots: readonly Snapshot[];
  readonly platform: { readonly name: string };
  onSnapshot(listener: SnapshotListener): () => void;
}

/** Options shared by `registerHeapcensusMetrics` and `observeHeapcensus`. */
export interface MetricsOptions {
  /** The tracker whose classes are exported. */
  tracker: MetricsSource;
  /** Classes (largest by bytes) that get series of their own; the rest sum into `__other__` (default 20, at most 100). */
  topClasses?: number;
  /** Where the once-per-class warning about minified names goes (default `console.warn`). */
  warn?: (message: string) => void;
}

/** One series' values at a collection: a top class, or `__other__` for the rest. */
export interface ClassSeries {
  /** The `heapcensus.class.name` attribute. */
  className: string;
  /** Live instances now (gauge). */
  live: number;
  /** Model bytes at the latest snapshot (gauge; 0 before the first snapshot). */
  bytes: number;
  /** Counter: instances created, counted into this series while the class was in it. */
  created: number;
  /** Counter: instances collected, counted the same way. */
  collected: number;
}

/** The one attribute (OpenTelemetry) and its Prometheus label. */
export const CLASS_ATTRIBUTE = 'heapcensus.class.name';
/** The series that sums every class outside the top set. */
export const OTHER_CLASSES = '__other__';
export const DEFAULT_TOP_CLASSES = 20;
export const MAX_TOP_CLASSES = 100;
/** Histogram bucket bounds of `heapcensus.snapshot.duration`, in seconds (snapshots take ms to seconds). */
export const SNAPSHOT_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * True for names a minifier typically leaves (`e`, `Zt`, `a$`, `_n`): at most two characters,
 * or three starting with a lower-case letter, `_` or `$`. Class names in source rarely are.
 */
export function looksMinified(name: string): boolean {
  return name.length <= 2 || (name.length === 3 && /^[a-z_$]/.test(name));
}

/** Classes already warned about, per tracker: the warning comes once per class and tracker. */
const warned = new WeakMap<object, Set<string>>();

/**
 * The per-class series the exporters publish, bounded to `topClasses + 1` per metric.
 * Counters are kept per series from increments: at each collection, each class's new
 * creations and collections since the previous one are added to the series the class is in
 * now (its own when in the top set, else `__other__`). So every series only grows, a class
 * that leaves the top set stops growing its own series and feeds `__other__` from then on,
 * and the sum over all series is the tracker's total.
 */
export class MetricsView {
  readonly topClasses: number;
  private readonly _source: MetricsSource;
  private readonly _warn: (message: string) => void;
  /** Each class's created/collected totals at the previous collection. */
  private readonly _seen = new Map<string, { created: number; collected: number }>();
  /** Each series' exported counter values. */
  private readonly _series = new Map<string, { created: number; collected: number }>();
  private _frame: ClassSeries[] | undefined;
  private readonly _readers = new Set<string>();

  constructor(options: MetricsOptions, defaultWarn: (message: string) => void) {
    const source = options?.tracker as MetricsSource | undefined;
    if (source === null || typeof source !== 'object' || typeof source.counts !== 'function' || typeof source.onSnapshot !== 'function') {
      throw new TypeError('heapcensus metrics: options.tracker must be a heapcensus ClassTracker (one with counts() and onSnapshot())');
    }
    const top = options.topClasses ?? DEFAULT_TOP_CLASSES;
    if (!Number.isInteger(top) || top < 0 || top > MAX_TOP_CLASSES) {
      throw new RangeError(`heapcensus metrics: topClasses must be a whole number from 0 to ${MAX_TOP_CLASSES}, got ${String(top)}`);
    }
    this.topClasses = top;
    this._source = source;
    this._warn = options.warn ?? defaultWarn;
  }

  /**
   * The series for `reader` (one metric of an exporter): readers share one collection until
   * one of them reads again, so the metrics of one scrape agree on the top set.
   */
  read(reader: string): ClassSeries[] {
    if (this._frame === undefined || this._readers.has(reader)) {
      this._frame = this.collect();
      this._readers.clear();
    }
    this._readers.add(reader);
    return this._frame;
  }

  /** Takes a fresh collection: the top classes by bytes (then live count, then name), then `__other__`. */
  collect(): ClassSeries[] {
    const counts = this._source.counts();
    const classes = this._source.snapshots.at(-1)?.classes;
    const browser = this._source.platform.name === 'browser';
    const ranked: Array<{ name: string; c: ClassCounts; bytes: number }> = [];
    const rest: Array<{ name: string; c: ClassCounts }> = [];
    for (const [name, c] of counts) {
      if (name === OTHER_CLASSES || (browser && !c.named && looksMinified(name))) {
        if (name !== OTHER_CLASSES) this._warnOnce(name);
        rest.push({ name, c });
      } else {
        ranked.push({ name, c, bytes: classes?.[name]?.bytes ?? 0 });
      }
    }
    ranked.sort((a, b) => b.bytes - a.bytes || b.c.alive - a.c.alive || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const out: ClassSeries[] = [];
    const other = { live: 0, bytes: 0, created: 0, collected: 0 };
    const otherTotals = this._totals(OTHER_CLASSES);
    for (let i = 0; i < ranked.length; i++) {
      const { name, c, bytes } = ranked[i]!;
      if (i < this.topClasses) {
        const t = this._totals(name);
        this._addIncrements(name, c, t);
        out.push({ className: name, live: c.alive, bytes, created: t.created, collected: t.collected });
      } else {
        this._addIncrements(name, c, otherTotals);
        other.live += c.alive;
        other.bytes += bytes;
      }
    }
    for (const { name, c } of rest) {
      this._addIncrements(name, c, otherTotals);
      other.live += c.alive;
      other.bytes += classes?.[name]?.bytes ?? 0;
    }
    out.push({ className: OTHER_CLASSES, live: other.live, bytes: other.bytes, created: otherTotals.created, collected: otherTotals.collected });
    // A tracker never drops a class from counts(): one that is gone was replaced, and counts from 0.
    if (this._seen.size > counts.size) for (const name of this._seen.keys()) if (!counts.has(name)) this._seen.delete(name);
    return out;
  }

  /** Subscribes to the tracker's snapshots with their duration in seconds; returns the unsubscribe function. */
  onSnapshot(observe: (seconds: number) => void): () => void {
    return this._source.onSnapshot((_snapshot, durationMs) => observe(durationMs / 1000));
  }

  private _totals(series: string): { created: number; collected: number } {
    let t = this._series.get(series);
    if (t === undefined) this._series.set(series, (t = { created: 0, collected: 0 }));
    return t;
  }

  /** Adds the class's creations and collections since the last collection to `into`. */
  private _addIncrements(name: string, c: ClassCounts, into: { created: number; collected: number }): void {
    let seen = this._seen.get(name);
    if (seen === undefined) this._seen.set(name, (seen = { created: 0, collected: 0 }));
    // Lower than last time: the source counts from 0 again (a new tracker).
    into.created += c.created >= seen.created ? c.created - seen.created : c.created;
    into.collected += c.collected >= seen.collected ? c.collected - seen.collected : c.collected;
    seen.created = c.created;
    seen.collected = c.collected;
  }

  private _warnOnce(name: string): void {
    let names = warned.get(this._source);
    if (names === undefined) warned.set(this._source, (names = new Set()));
    if (names.has(name)) return;
    names.add(name);
    try {
      this._warn(
        `heapcensus metrics: class name "${name}" looks minified, so it is exported under "${OTHER_CLASSES}"; ` +
          `give the class a name that survives minifiers: @Tracked({ name: 'MyClass' }) or trackClass(C, { name: 'MyClass' })`,
      );
    } catch {
      // A failing warning hook must not break a metrics collection.
    }
  }
}
