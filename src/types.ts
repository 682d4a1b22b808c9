/**
 * Public types of heapcensus. Everything here is plain data: it survives a dump
 * round trip unchanged, so live stats and stats read from a dump look the same.
 */

/** Where a memory total came from. `'none'` means the platform offers no figure. */
export type TotalSource =
  | 'measureUserAgentSpecificMemory'
  | 'performance.memory'
  | 'process.memoryUsage'
  | 'none';

/** One entry of `performance.measureUserAgentSpecificMemory()`'s breakdown. */
export interface MemoryBreakdownEntry {
  bytes: number;
  attribution: Array<{ url: string; scope: string; container?: { id?: string; src?: string } }>;
  types: string[];
}

/** A platform memory total: the JS heap in use, and where the figure came from. */
export interface MemoryTotal {
  /** Bytes of JS heap in use (Node `heapUsed`, browser measured or `usedJSHeapSize`); 0 with source `'none'`. */
  bytes: number;
  /** Which API produced `bytes`. */
  source: TotalSource;
  /** Node: the `process.memoryUsage()` / `v8.getHeapStatistics()` figures; browser: the precise API's entries. */
  breakdown?: Record<string, number> | MemoryBreakdownEntry[];
}

/** One stack frame of a creation trace. */
export interface TraceFrame {
  /** Function name, `''` for anonymous or top-level code. */
  fn: string;
  file: string;
  line: number;
  column: number;
}

/** One node of a referent tree: `name` like `.field`, `[3]`, `Map[key]`, `refs` its children. */
export interface RefNode {
  name: string;
  /** Bytes of this node and everything it owns that was not counted before. */
  size: number;
  /** This node's own bytes. */
  flat: number;
  refs: RefNode[];
  /** A clipped, side-effect-free preview of the value (e.g. `'abc…'`, `Array(1000)`, `Foo {a: 1}`). */
  preview?: string;
}

/** The size of one tracked instance in one snapshot. */
export interface SizeEntry {
  /** The `Snapshot.id` this size belongs to. */
  snapshot: number;
  size: number;
  flat: number;
  /** The root's child nodes, when the instance was tracked with `resolution` > 0. */
  refs?: RefNode[];
}

/** Per-class figures of one snapshot. */
export interface ClassFigures {
  /** Instances registered before the snapshot and not dead at it. */
  active: number;
  /** Bytes owned by the class's instances (each byte counted once, first owner in birth order). */
  bytes: number;
  /** `bytes / active`, 0 when none is active. */
  average: number;
  /** `bytes` as a percentage of the platform's JS heap in use, or of `trackedTotal` when there is none. */
  pct: number;
}

/** A labelled snapshot: per-class figures plus the platform total at that moment. */
export interface Snapshot {
  /** 1-based, in creation order. */
  id: number;
  label: string;
  /** Milliseconds since the tracker started. */
  time: number;
  classes: Record<string, ClassFigures>;
  /** Sum of the sizes of every tracked instance sized in this snapshot. */
  trackedTotal: number;
  /** The platform total; in browsers it may be replaced when a precise figure arrives late. */
  total: MemoryTotal;
  /** How sizes were taken: the layout model or a V8 heap snapshot. */
  sizing: SizingMode;
  /**
   * Present when this entry stands for several snapshots merged beyond the tracker's
   * `wholeSnapshots`: its own figures are those of the newest of them (a real snapshot), and
   * this says how many it stands for and the extremes of their figures.
   */
  coarsened?: CoarsenedSpan;
  /**
   * Exact snapshots where the runtime counts objects by prototype (Node's `v8.queryObjects`):
   * per tracked class, the live instances the heap holds against those the tracker knows.
   */
  heapCounts?: Record<string, HeapCount>;
}

/** A tracked class's live instances as the heap counts them (`v8.queryObjects`) and as the tracker knows them. */
export interface HeapCount {
  /**
   * Live objects whose prototype chain holds the class's prototype (its subclasses' instances
   * included), after a full GC, less the prototype objects of the tracker's own subclasses.
   */
  heap: number;
  /** Of them, the objects this tracker tracks (instances of the class or of a subclass, and tracked objects). */
  tracked: number;
  /** `heap - tracked` (never below 0): instances made before tracking began, by the untracked class, or by `Object.create`. */
  untracked: number;
}

/** The snapshots a coarsened snapshot stands for, and the extremes of their figures. */
export interface CoarsenedSpan {
  /** Snapshots merged into this entry, the newest (whose figures the entry carries) included; at least 2. */
  count: number;
  /** Id and time of the oldest of them. */
  firstId: number;
  firstTime: number;
  /** `[min, max]` over them of `trackedTotal` and of `total.bytes`. */
  trackedTotal: [min: number, max: number];
  totalBytes: [min: number, max: number];
  /** Per class, over the merged snapshots that have the class: `[activeMin, activeMax, bytesMin, bytesMax]`. */
  classes: Record<string, [activeMin: number, activeMax: number, bytesMin: number, bytesMax: number]>;
}

/** `'model'`: reflection plus V8's layout rules (fast). `'exact'`: a V8 heap snapshot (Node; slow). */
export type SizingMode = 'model' | 'exact';

/** A point of an instance-count history: `[time, countAfter]`, or after coarsening `[time, count, min, max]`. */
export type HistoryPoint = [time: number, count: number] | [time: number, count: number, min: number, max: number];

/** Aggregates of dead instance records folded away beyond `deadRecordLimit`. */
export interface FoldedClass {
  /** How many dead records were folded. */
  count: number;
  /** Sum and extremes of their lifetimes in milliseconds. */
  lifetimeTotal: number;
  lifetimeMin: number;
  lifetimeMax: number;
  /** Largest size any folded instance had in any snapshot. */
  maxSize: number;
  /** Birth time of the oldest and death time of the newest folded instance. */
  firstBirth: number;
  lastDeath: number;
}

/** A timed mark recorded with the data, for example a web-vitals metric. */
export interface Mark {
  name: string;
  /** Milliseconds since the tracker started. */
  time: number;
  value?: number;
  /** Free-form detail (e.g. `rating`), strings only. */
  detail?: Record<string, string>;
}

/** Options of `@Tracked()`, `trackClass()` and `trackObject()`. */
export interface TrackOptions {
  /** The name instances are counted under; default: the class name. */
  name?: string;
  /** Depth of the per-instance referent tree recorded at each snapshot; default 0 (sizes only). */
  resolution?: number;
  /** Hold instances strongly so they never die (default false: the tracker never keeps them alive). */
  keep?: boolean;
  /** Record the creation stack of each instance (default false). */
  trace?: boolean;
}
