import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType } from 'web-vitals';
import type { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { SdkError } from '../../src/SdkError.js';
import { tracker as defaultTracker } from './sdk.js';

/** Moments `watchVitals` can take a snapshot at. */
export type VitalsMoment = 'LCP' | 'hidden';

/** Options of `watchVitals`. */
export interface WatchVitalsOptions {
  /** Snapshot at the first LCP report (label `LCP`) and/or each time the page turns hidden (label `hidden`). Default: none. */
  snapshotOn?: VitalsMoment[];
  /** The tracker the marks and snapshots go to; default: the default `tracker`. */
  tracker?: ClassTracker;
  /** Passed to web-vitals: report every change rather than final values (LCP then reports before any input). */
  reportAllChanges?: boolean;
}

const MOMENTS: readonly VitalsMoment[] = ['LCP', 'hidden'];

/**
 * Records LCP, CLS, INP, FCP and TTFB (web-vitals) as timed marks `{ rating, id, navigationType }`
 * that go into dumps, and optionally snapshots at LCP and when the page is hidden (its last
 * chance to keep data). Returns a function that stops recording.
 * @example const stop = watchVitals({ snapshotOn: ['LCP', 'hidden'] });
 */
export function watchVitals(options: WatchVitalsOptions = {}): () => void {
  const t = options.tracker ?? defaultTracker;
  const on = options.snapshotOn ?? [];
  if (!Array.isArray(on) || on.some((m) => !MOMENTS.includes(m))) {
    throw new RangeError(`watchVitals: snapshotOn must be an array of ${MOMENTS.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(on)}`);
  }
  if (typeof document !== 'object' || document === null) {
    throw new SdkError('E_PLATFORM', 'watchVitals needs a page (document): call it in the main thread of a browser page');
  }
  let stopped = false;
  let lcpSnapshotTaken = false;
  const report = (e: unknown): void => t.platform.onError?.(e);
  const snapshot = (label: VitalsMoment): void => {
    t.snapshot(label).catch(report);
  };

  const record = (metric: MetricType): void => {
    if (stopped) return;
    try {
      t.mark(metric.name, metric.value, { rating: metric.rating, id: metric.id, navigationType: metric.navigationType });
      if (metric.name === 'LCP' && on.includes('LCP') && !lcpSnapshotTaken) {
        lcpSnapshotTaken = true;
        snapshot('LCP');
      }
    } catch (e) {
      report(e);
    }
  };
  const opts = { reportAllChanges: options.reportAllChanges === true };
  onTTFB(record, opts);
  onFCP(record, opts);
  onLCP(record, opts);
  onCLS(record, opts);
  onINP(record, opts);

  // web-vitals listens on window in the capture phase, so CLS and INP are flushed before this runs.
  const onVisibility = (): void => {
    if (!stopped && document.visibilityState === 'hidden') snapshot('hidden');
  };
  if (on.includes('hidden')) document.addEventListener('visibilitychange', onVisibility);
  return () => {
    // web-vitals has no way to unsubscribe: its callbacks stay registered and do nothing.
    stopped = true;
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
