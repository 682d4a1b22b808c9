import type { Dump } from '../dump/Dump.js';
import { coarsenSnapshots, DEFAULT_WHOLE_SNAPSHOTS } from './coarsenSnapshots.js';
import { encodeDump, type SnapshotColumns } from '../dump/encodeDump.js';
import type { Platform } from '../platform.js';
import { SdkError } from '../SdkError.js';
import { Stats, trustedStats, type StatsOptions } from '../stats/Stats.js';
import type { FoldedClass, HistoryPoint, Mark, MemoryTotal, SizeEntry, SizingMode, Snapshot, TrackOptions } from '../types.js';
import { captureTrace } from './captureTrace.js';
import type { ClassState } from './classState.js';
import { Lifecycle, type ClassCounts } from './Lifecycle.js';
import type { RecordStore } from './RecordStore.js';
import { SizeColumns } from './SizeColumns.js';
import { makeMark } from './makeMark.js';
import { PeriodicSnapshots } from './PeriodicSnapshots.js';
import { SnapshotListeners } from './SnapshotListeners.js';
import { SnapshotRun, setTotal } from './SnapshotRun.js';
import { TrackedClasses } from './TrackedClasses.js';
import { SLICE_MS, type SweepScheduler } from './SweepScheduler.js';
import type { SizeSource, TrackedObject } from './TrackedObject.js';
import { classNameOf } from './classNameOf.js';
import {
  DEFAULT_LIMIT, DEFAULT_SNAPSHOT_LIMIT, labelOf, nameOption, positiveInt, resolutionOf,
  type SnapshotListener, type SnapshotOptions, type TrackerOptions,
} from './TrackerOptions.js';

export type { ClassCounts } from './Lifecycle.js';
export type { SnapshotListener, SnapshotOptions, TrackerOptions } from './TrackerOptions.js';

/** Retainer paths a tracker keeps for its dumps (see `recordRetainers`). */
const RETAINERS_KEPT = 1000;

/**
 * The construction hook of every tracked class of every tracker. One function, not a closure
 * per class: the call in the shared wrapper constructor then has a single target and inlines.
 */
function onConstruct(instance: object, newTarget: Function, state: ClassState): void {
  (state.tracker as ClassTracker)._construct(instance, newTarget, state);
}

/**
 * Tracks instances of classes (and single objects), takes labelled snapshots that size
 * them, and keeps per-class counts over time. The tracker never keeps an instance
 * alive unless it was tracked with `keep`.
 * @example const t = new ClassTracker(); const Doc = t.trackClass(RawDoc); await t.snapshot('after load');
 */
export class ClassTracker implements SizeSource {
  /** Snapshots in creation order. */
  readonly snapshots: Snapshot[] = [];
  /** Dead-instance aggregates per name, for records folded beyond `deadRecordLimit`. */
  readonly folded: Map<string, FoldedClass>;
  /** Timed marks (web-vitals and user marks), written into dumps. */
  readonly marks: Mark[] = [];
  /** Wall-clock start (ms since the epoch); every other time is relative to `platform.now()` at start. */
  readonly startTime: number;
  /** The host adapter this tracker uses. */
  readonly platform: Platform;
  /** The default sizing mode. */
  readonly sizing: SizingMode;
  /** Dead records kept per class before folding. */
  readonly deadRecordLimit: number;
  /** History points kept per class before coarsening. */
  readonly historyLimit: number;
  /** Snapshots whose per-instance sizes are kept. */
  readonly snapshotLimit: number;
  /** Snapshots kept whole before older ones merge (`TrackerOptions.wholeSnapshots`). */
  readonly wholeSnapshots: number;

  /** Births, counts, deaths and folds of the records (src/tracker/Lifecycle.ts). */
  private readonly _life: Lifecycle;
  /** Per-instance size columns of the newest snapshots (at most `snapshotLimit`). */
  private readonly _columns: SizeColumns;
  private _nextSnapshot = 1;
  /** The periodic snapshots' timer. */
  private readonly _periodic: PeriodicSnapshots;
  private _queue: Promise<unknown> = Promise.resolve();
  /** The classes tracked, and which of them registers a new instance. */
  private readonly _classes = new TrackedClasses(this, onConstruct);
  /** Names given explicitly (see `ClassCounts.named`). */
  private readonly _named = new Set<string>();
  /** Who hears of each snapshot (`onSnapshot`). */
  private readonly _listeners = new SnapshotListeners((e) => this._report(e));
  /** Retainer paths recorded by leak checks (id -> steps), written into dumps; the newest RETAINERS_KEPT. */
  private readonly _retainers = new Map<number, readonly string[]>();

  constructor(options: TrackerOptions = {}) {
    const platform = options.platform;
    if (platform === undefined) {
      throw new SdkError('E_PLATFORM', 'ClassTracker needs a platform: import it from "heapcensus" (or "heapcensus/node", "heapcensus/browser")');
    }
    this.platform = platform;
    this.sizing = options.sizing ?? 'model';
    if (this.sizing !== 'model' && this.sizing !== 'exact') throw new RangeError(`sizing must be 'model' or 'exact', got ${String(this.sizing)}`);
    this.deadRecordLimit = positiveInt(options.deadRecordLimit, DEFAULT_LIMIT, 'deadRecordLimit');
    this.historyLimit = positiveInt(options.historyLimit, DEFAULT_LIMIT, 'historyLimit');
    this.snapshotLimit = positiveInt(options.snapshotLimit, DEFAULT_SNAPSHOT_LIMIT, 'snapshotLimit');
    this.wholeSnapshots = Math.max(this.snapshotLimit, positiveInt(options.wholeSnapshots, DEFAULT_WHOLE_SNAPSHOTS, 'wholeSnapshots'));
    this._columns = new SizeColumns(this.snapshotLimit);
    this._life = new Lifecycle({
      platform,
      deadRecordLimit: this.deadRecordLimit,
      historyLimit: this.historyLimit,
      columns: this._columns,
      sizes: this,
      reused: (names) => this._classes.markReused(names),
      report: (e) => this._report(e),
    });
    this.folded = this._life.folded;
    this._periodic = new PeriodicSnapshots(platform, () => void this.snapshot().catch((e: unknown) => this._report(e)));
    this.startTime = Date.now();
  }

  /** Milliseconds since this tracker started. */
  now(): number {
    return this._life.now();
  }

  /**
   * Instances registered under each name: live ones and dead ones not yet folded, in birth
   * order. Built afresh from the columnar store on each read: keep it rather than re-read it.
   */
  get index(): Map<string, TrackedObject[]> {
    const life = this._life;
    life.settle();
    return life.store.byName((i) => life.view(i));
  }

  /** Per-name count history: one `[time, countAfter]` per birth and death, coarsened beyond `historyLimit`. */
  get history(): Map<string, HistoryPoint[]> {
    return this._life.historyPoints();
  }

  /** The record of a tracked object, or undefined. */
  find(obj: object): TrackedObject | undefined {
    return this._life.find(obj);
  }

  /**
   * Tracks the instances of the returned class created from now on: a subclass of `Ctor` with
   * the same name, statics and `instanceof`, to use in its place (`Ctor` itself cannot be
   * patched: `new Ctor()` registers nothing). Calling it again updates the options.
   */
  trackClass<C extends abstract new (...args: never[]) => object>(Ctor: C, options: TrackOptions = {}): C {
    return this._classes.track(Ctor, options, this._named);
  }

  /** Stops tracking new instances of a class (the tracked class or the class it wraps); existing records stay. */
  detachClass(Ctor: abstract new (...args: never[]) => object): void {
    this._classes.detach(Ctor);
  }

  /** Detaches every tracked class. */
  detachAllClasses(): void {
    this._classes.detachAll();
  }

  /**
   * Tracks one object (a TypeError for primitives). Tracking an object that is already
   * tracked changes nothing. Returns its record.
   */
  trackObject(obj: object, options: TrackOptions = {}): TrackedObject {
    if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) {
      throw new TypeError(`trackObject expects an object, got ${obj === null ? 'null' : typeof obj}`);
    }
    nameOption(options.name, 'trackObject');
    const resolution = resolutionOf(options.resolution, 'trackObject');
    const existing = this.find(obj);
    if (existing !== undefined) return existing;
    const name = typeof options.name === 'string' && options.name !== '' ? options.name : classNameOf(obj, this.platform);
    if (name === options.name) this._named.add(name);
    const trace = options.trace === true ? captureTrace(this.trackObject) : undefined;
    const life = this._life;
    const id = life.register(obj, name, resolution, options.keep === true, trace, true);
    return life.view(life.store.length - 1, id);
  }

  /** Changes the referent-tree depth recorded for a tracked object from the next snapshot on. */
  trackChange(obj: object, options: { resolution: number }): void {
    const record = typeof obj === 'object' || typeof obj === 'function' ? this.find(obj) : undefined;
    if (record === undefined) throw new SdkError('E_NOT_TRACKED', 'trackChange: the object is not tracked by this tracker; call trackObject first');
    const resolution = resolutionOf(options.resolution, 'trackChange');
    const s = this._life.store;
    s.setResolution(s.indexOf(record.id), resolution);
  }

  /** Detaches every class and forgets every record (snapshots and history stay; each history ends at 0). */
  detachAll(): void {
    this.detachAllClasses();
    this._life.forget();
  }

  /**
   * Detaches and forgets everything, snapshots, history, folded aggregates and marks included;
   * only the created/collected totals of `counts()` go on, as counters do.
   */
  clear(): void {
    this.stopPeriodicSnapshots();
    this.detachAll();
    this.snapshots.length = 0;
    this._columns.clear();
    this._life.forgetPast();
    this.marks.length = 0;
    this._retainers.clear();
  }

  /**
   * Keeps retainer paths (instance id -> the path's steps from a GC root, the instance last) for
   * the dumps: `findLeaks({ retainers: true })` records the paths it found. Ids not in a dump are
   * left out of it; the newest 1,000 paths are kept.
   */
  recordRetainers(paths: ReadonlyMap<number, readonly string[]>): void {
    for (const [id, steps] of paths) {
      this._retainers.delete(id);
      this._retainers.set(id, [...steps]);
    }
    for (const id of this._retainers.keys()) {
      if (this._retainers.size <= RETAINERS_KEPT) break;
      this._retainers.delete(id);
    }
  }

  /** Detaches every class and stops periodic snapshots; the data stays readable. */
  close(): void {
    this.stopPeriodicSnapshots();
    this.detachAllClasses();
  }

  /**
   * Records now the deaths of the instances collected so far, and resolves in a later task. A GC
   * collects an instance only after the task that created or last read it (its registration, a
   * sweep, snapshot or read) ended; so after dropping: `await tracker.sweep(); gc(); tracker.sweep()`.
   */
  sweep(): Promise<void> {
    return this._life.sweeps.sweepThenYield();
  }

  /**
   * Per-class live counts `{ alive, created, collected, named }`, without sizing anything: after
   * the sweep due (if any), it takes time in the number of classes, so a metrics scrape every
   * few seconds costs next to nothing. Sizes come from snapshots (`snapshots.at(-1)`).
   */
  counts(): Map<string, ClassCounts> {
    return this._life.counts(this._named);
  }

  /**
   * Calls `listener(snapshot, durationMs)` after each snapshot this tracker takes (errors it
   * throws go to the platform's `onError`); returns the function that removes it.
   */
  onSnapshot(listener: SnapshotListener): () => void {
    return this._listeners.add(listener);
  }

  /**
   * Records a timed mark (e.g. a web-vitals metric) that goes into dumps. Checked here, so that
   * nothing a dump cannot hold gets in: `name` a string, `value` a finite number (TypeError /
   * RangeError), `detail` an object of string values (TypeError naming the key).
   */
  mark(name: string, value?: number, detail?: Record<string, string>): Mark {
    const m = makeMark(name, value, detail, () => this.now());
    this.marks.push(m);
    return m;
  }

  /** Takes a snapshot now, synchronously, in one go. */
  snapshotSync(label?: string | number): Snapshot {
    if (this.sizing === 'exact') throw new SdkError('E_OPTION', "snapshotSync cannot take exact sizes (a heap snapshot is asynchronous); use await tracker.snapshot()");
    const text = labelOf(label, 'snapshotSync');
    const run = new SnapshotRun(this._life, this.platform, 'model');
    run.walkAndFold();
    this._sizeSlice(run, Infinity);
    return this._finish(run, text);
  }

  /**
   * Takes a labelled snapshot. Snapshots queue rather than interleave; in browsers a large
   * one is sliced so the page stays responsive. `waitForTotal` waits for a late precise total.
   */
  snapshot(label?: string | number, options: SnapshotOptions = {}): Promise<Snapshot> {
    const sizing = options.sizing ?? this.sizing;
    if (sizing !== 'model' && sizing !== 'exact') return Promise.reject(new RangeError(`sizing must be 'model' or 'exact', got ${String(sizing)}`));
    let text: string;
    try {
      text = labelOf(label, 'snapshot');
    } catch (e) {
      return Promise.reject(e);
    }
    const result = this._queue.then(async () => {
      const run = new SnapshotRun(this._life, this.platform, sizing);
      const yieldToHost = this.platform.yieldToHost?.bind(this.platform);
      if (yieldToHost === undefined) run.walkAndFold();
      else await run.walkAndFoldSliced(yieldToHost);
      const progress = options.onProgress;
      const sized = (): void => progress?.('size', run.next, run.ids.length);
      if (sizing === 'exact') {
        await run.sizeExact(progress, this._classes.states(), (e) => this._report(e));
      } else if (yieldToHost === undefined) {
        this._sizeSlice(run, Infinity);
      } else {
        while (!this._sizeSlice(run, this.platform.now() + SLICE_MS)) {
          sized();
          await yieldToHost();
        }
      }
      sized();
      const snap = this._finish(run, text);
      const late = this.platform.preciseTotal?.();
      if (late !== undefined) {
        const applied = late.then((total) => setTotal(snap, total)).catch((e: unknown) => this._report(e));
        if (options.waitForTotal === true) await applied;
      }
      return snap;
    });
    this._queue = result.catch(() => undefined);
    return result;
  }

  /** Takes a snapshot every `ms` milliseconds (or changes the interval); the timer never keeps a Node process alive. */
  startPeriodicSnapshots(ms: number): void {
    this._periodic.start(ms);
  }

  /** Stops periodic snapshots (no-op when none run). */
  stopPeriodicSnapshots(): void {
    this._periodic.stop();
  }

  /** The periodic snapshot interval in ms, or undefined when not running. */
  get periodicInterval(): number | undefined {
    return this._periodic.ms;
  }

  /** Statistics over this tracker's data (a fresh view each call). */
  stats(options?: StatsOptions): Stats {
    // The tracker's own encoding is trusted: no second validation (src/stats/Stats.ts trustedStats).
    return trustedStats(Stats, this.toDump(), { print: this.platform.print?.bind(this.platform), ...options });
  }

  /** The whole tracker state as a plain, JSON-ready dump (see docs/dump-format.md). */
  toDump(): Dump {
    const life = this._life;
    life.settle();
    return encodeDump({
      platform: { name: this.platform.name, taggedSize: this.platform.taggedSize, ...(this.platform.runtime ? { runtime: this.platform.runtime } : {}) },
      startTime: this.startTime,
      records: life.store,
      snapshots: this.snapshots,
      columns: this._columns.cols,
      columnsFrom: this._columns.from,
      history: life.history,
      folded: this.folded,
      marks: this.marks,
      attached: this._classes.names(),
      retainers: this._retainers,
    });
  }

  /** @internal SizeSource: the sizes of one record across snapshots. */
  sizesOf(id: number): SizeEntry[] {
    return this._columns.sizesOf(id, this.snapshots);
  }

  /** @internal called (through `onConstruct`) by a tracked class's constructor once it returned. Never throws into user code. */
  _construct(instance: object, newTarget: Function, state: ClassState): void {
    try {
      if (state.detached) return;
      // Most specialised wins: only the tracked class nearest to new.target registers.
      if (newTarget !== state.wrapper && this._classes.ownerOf(newTarget) !== state) return;
      this._life.admit(instance, state);
    } catch (e) {
      this._report(e);
    }
  }

  /** The records (read by tests for bounds). */
  private get _store(): RecordStore {
    return this._life.store;
  }

  /** The size columns kept (read by tests for bounds). */
  private get _cols(): SnapshotColumns[] {
    return this._columns.cols;
  }

  /** The sweep schedule (tests disarm it to leave deaths for a snapshot to find). */
  private get _sweeps(): SweepScheduler {
    return this._life.sweeps;
  }

  /** One slice of a snapshot's sizing (a method of its own so that tests can watch when sizing starts). */
  private _sizeSlice(run: SnapshotRun, deadline: number): boolean {
    return run.sizeSlice(deadline);
  }

  /** Ends a run: the snapshot with its class figures, kept with its size columns; then the listeners hear of it. */
  private _finish(run: SnapshotRun, label: string): Snapshot {
    const snap = run.toSnapshot(this._nextSnapshot++, label, this._total(), [...this._life.store.names, ...this.folded.keys()]);
    this.snapshots.push(snap);
    this._columns.add(run.cols);
    // Beyond `wholeSnapshots` older entries merge; they all precede the per-instance columns.
    this._columns.from -= coarsenSnapshots(this.snapshots, this.wholeSnapshots);
    this._listeners.tell(snap, this.platform.now() - run.started);
    return snap;
  }

  /** The platform's memory total now; none when it failed (reported). */
  private _total(): MemoryTotal {
    try {
      return this.platform.memoryTotal();
    } catch (e) {
      this._report(e);
      return { bytes: 0, source: 'none' };
    }
  }

  /** Hands an error to the platform's `onError` (never throws into user code). */
  private _report(e: unknown): void {
    try {
      this.platform.onError?.(e);
    } catch {
      // The error hook itself failed: nothing more can be done without throwing into user code.
    }
  }
}
