import type { Platform, SnapshotProgress } from '../platform.js';
import type { Snapshot, SizingMode } from '../types.js';

/** Options of `new ClassTracker()`. */
export interface TrackerOptions {
  /** Dead instance records kept per class before the oldest fold into `folded` (default 10,000). */
  deadRecordLimit?: number;
  /** Points kept per class count history before it coarsens into buckets (default 10,000). */
  historyLimit?: number;
  /**
   * Snapshots whose per-instance sizes are kept (default 100): beyond it the oldest snapshot's
   * per-instance columns (24 bytes per instance sized) are dropped; its per-class figures stay.
   */
  snapshotLimit?: number;
  /**
   * Snapshots kept whole (default 1,000, at least `snapshotLimit`): older ones merge into at
   * most as many entries marked `coarsened` (see `coarsenSnapshots`), so memory stays bounded.
   */
  wholeSnapshots?: number;
  /** How snapshots size instances by default: `'model'` (default) or `'exact'` (Node only). */
  sizing?: SizingMode;
  /** The host adapter; the package entries pass theirs. */
  platform?: Platform;
}

/** Options of `tracker.snapshot()`. */
export interface SnapshotOptions {
  /** Resolve only once the precise platform total has arrived (browser `measureUserAgentSpecificMemory`). */
  waitForTotal?: boolean;
  /** Override the tracker's sizing mode for this snapshot. */
  sizing?: SizingMode;
  /**
   * Hears how far the snapshot got (exact mode on a large heap takes minutes): after each
   * chunk of the V8 heap snapshot parsed (`'parse'`) and each slice of instances sized (`'size'`).
   */
  onProgress?: SnapshotProgress;
}

/** Called after each snapshot with the snapshot and how long it took, in ms (`tracker.onSnapshot`). */
export type SnapshotListener = (snapshot: Snapshot, durationMs: number) => void;

export const DEFAULT_LIMIT = 10_000;
/** Snapshots whose per-instance size columns are kept by default. */
export const DEFAULT_SNAPSHOT_LIMIT = 100;
/** Checks a count option: a positive integer, or `fallback` when not given; a RangeError naming `what` otherwise. */
export function positiveInt(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

/**
 * Deepest referent tree a tracker records per instance: the tracker's own limit. Dumps may hold
 * deeper trees: their validator (src/dump/validateDump.ts) accepts up to MAX_REF_DEPTH, 200 levels.
 */
export const MAX_RESOLUTION = 100;

/** Checks a `resolution` option: a whole number from 0 to MAX_RESOLUTION (0 when not given); a RangeError otherwise. */
export function resolutionOf(value: number | undefined, what: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_RESOLUTION) {
    throw new RangeError(`${what}: resolution must be a whole number from 0 to ${MAX_RESOLUTION}, got ${String(value)}`);
  }
  return value;
}

/** A snapshot label as the dump holds it: '' when none, a number as its text; anything else is a TypeError at the call. */
export function labelOf(label: unknown, who: string): string {
  if (label === undefined) return '';
  if (typeof label === 'string') return label;
  if (typeof label === 'number') return String(label);
  throw new TypeError(`${who}: label must be a string or a number, got ${label === null ? 'null' : typeof label}`);
}

/** Checks a `name` option: a string when given (empty: the default name); a TypeError at the call otherwise. */
export function nameOption(name: unknown, who: string): void {
  if (name !== undefined && typeof name !== 'string') throw new TypeError(`${who}: options.name must be a string, got ${name === null ? 'null' : typeof name}`);
}
