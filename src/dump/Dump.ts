import type { CoarsenedSpan, FoldedClass, HeapCount, HistoryPoint, Mark, MemoryTotal, SizingMode, ClassFigures } from '../types.js';

/** The dump format's identifier, the value of `Dump.format`. */
export const DUMP_FORMAT = 'heapcensus-dump';
/** The newest dump version this build writes and reads. */
export const DUMP_VERSION = 1;

/** A referent-tree node in a dump: `[name, size, flat, children, preview?]`. */
export type RefTuple = [name: string, size: number, flat: number, refs: RefTuple[], preview?: string];

/** A trace frame in a dump: `[fn, file, line, column]`. */
export type FrameTuple = [fn: string, file: string, line: number, column: number];

/**
 * A columnar table: `rows` is flat, `fields.length` values per row. Readers look a
 * column's offset up in `fields`, so columns may be added in later versions.
 */
export interface Table<F extends string = string> {
  fields: F[];
  rows: Array<number | string | null>;
}

/** The per-instance table's columns. `name` and `trace` index `Dump.names` / `Dump.traces` (-1: none). */
export type InstanceField = 'id' | 'name' | 'birth' | 'death' | 'resolution' | 'trace' | 'preview';

/**
 * One snapshot in a dump. `sizes` has one row per instance sized in it; its `id` column
 * is delta-encoded (each value is the difference to the previous row's id).
 */
export interface DumpSnapshot {
  id: number;
  label: string;
  time: number;
  sizing: SizingMode;
  trackedTotal: number;
  total: MemoryTotal;
  classes: Record<string, ClassFigures>;
  sizes: Table<'id' | 'size' | 'flat'>;
  /** Referent trees of instances tracked with `resolution` > 0, keyed by instance id. */
  refs?: Record<string, RefTuple[]>;
  /**
   * True when the tracker had dropped this snapshot's per-instance sizes (older than its
   * `snapshotLimit`): `sizes` is then empty and `refs` absent, while `classes` stays exact.
   */
  sizesDropped?: true;
  /**
   * Present when this entry stands for several snapshots merged beyond the tracker's
   * `wholeSnapshots`: the figures above are its newest snapshot's; `sizesDropped` is then true.
   */
  coarsened?: CoarsenedSpan;
  /** Exact snapshots on runtimes with `v8.queryObjects`: per tracked class, the heap's count against the tracked one. */
  heapCounts?: Record<string, HeapCount>;
}

/**
 * The versioned JSON dump written by `toDump()` / `writeDump()` and read by `loadDump()`.
 * Documented in docs/dump-format.md; `dump.schema.json` ships with the package.
 */
export interface Dump {
  format: typeof DUMP_FORMAT;
  version: number;
  /** ISO 8601 time the dump was made. */
  created: string;
  platform: { name: 'node' | 'browser'; taggedSize: 4 | 8; runtime?: string };
  /** Wall-clock time (ms since the epoch) at which the tracker started; all other times are relative to it. */
  startTime: number;
  /** Tracking names, referenced by index from `instances`. */
  names: string[];
  /** Distinct creation traces, innermost frame last, referenced by index from `instances`. */
  traces: FrameTuple[][];
  instances: Table<InstanceField>;
  snapshots: DumpSnapshot[];
  history: Record<string, HistoryPoint[]>;
  folded: Record<string, FoldedClass>;
  marks: Mark[];
  /**
   * Names of the classes attached (`trackClass`, `@Tracked()`) when the dump was made, sorted.
   * Optional: older dumps lack it. A name here with no instance, history or fold never registered one.
   */
  attached?: string[];
  /**
   * Why instances were still alive, when a leak check recorded it: instance id (decimal) -> the
   * steps of its shortest retainer path from a GC root, root first, the instance last. Optional.
   */
  retainers?: Record<string, string[]>;
}
