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
  private _cancelPeriodic: (() => void) | undefined;
  private _periodicMs: number | undefined;
  private _queue: Promise<unknown> = Promise.resolve();
  /** The classes tracked, and which of them registers a new instance. */
  private readonly _classes = new TrackedClasses(this, onConstruct);
  /** Names given explicitly (see `ClassCounts.named`). */
  private readonly _named = new Set<string>();
  private readonly _snapshotListeners = new Set<SnapshotListener>();

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
    const out = new Map<string, TrackedObject[]>();
    const s = life.store;
    for (const name of s.names) out.set(name, []);
    for (let i = 0; i < s.length; i++) out.get(s.name(i))!.push(life.view(i));
    return out;
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
    this._life.sweeps.sweepNow();
    // JavaScript keeps every WeakRef target created or read in a task alive until the task ends
    // (KeepDuringJob): resolving in a later task lets a gc() right after the await collect them.
    const p = this.platform;
    if (p.nextTask !== undefined) return p.nextTask();
    if (p.yieldToHost !== undefined) return p.yieldToHost();
    const later = p.setTimeout;
    return later === undefined ? Promise.resolve() : new Promise<void>((resolve) => void later.call(p, resolve, 0));
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
    if (typeof listener !== 'function') throw new TypeError(`onSnapshot expects a function, got ${listener === null ? 'null' : typeof listener}`);
    this._snapshotListeners.add(listener);
    return () => {
      this._snapshotListeners.delete(listener);
    };
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
    run.walkSlice(Infinity);
    this._life.foldAll();
    run.walked();
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
      // In browsers the walk over the records is sliced too: after mass deaths it records them all.
      if (yieldToHost === undefined) {
        run.walkSlice(Infinity);
      } else {
        // Each phase (walk, fold, sizing) starts a slice of its own: the slice that finishes a
        // phase yields before the next begins, so no task runs two phases' slices back to back.
        while (!run.walkSlice(this.platform.now() + SLICE_MS)) await yieldToHost();
        await yieldToHost();
        // After mass deaths the fold is long too: in slices, then whatever died meanwhile at once.
        if (await this._life.foldSliced(yieldToHost)) await yieldToHost();
      }
      this._life.foldAll();
      run.walked();
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
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) throw new RangeError(`startPeriodicSnapshots: interval must be a positive number of ms, got ${String(ms)}`);
    const schedule = this.platform.setInterval;
    if (schedule === undefined) throw new SdkError('E_PLATFORM', `periodic snapshots need timers, which the ${this.platform.name} platform does not provide`);
    this._cancelPeriodic?.();
    this._periodicMs = ms;
    this._cancelPeriodic = schedule.call(this.platform, () => {
      this.snapshot().catch((e: unknown) => this._report(e));
    }, ms);
  }

  /** Stops periodic snapshots (no-op when none run). */
  stopPeriodicSnapshots(): void {
    this._cancelPeriodic?.();
    this._cancelPeriodic = undefined;
    this._periodicMs = undefined;
  }

  /** The periodic snapshot interval in ms, or undefined when not running. */
  get periodicInterval(): number | undefined {
    return this._periodicMs;
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
    const s = life.store;
    const records = new Array<ReturnType<RecordStore['row']>>(s.length);
    for (let i = 0; i < s.length; i++) records[i] = s.row(i);
    return encodeDump({
      platform: { name: this.platform.name, taggedSize: this.platform.taggedSize, ...(this.platform.runtime ? { runtime: this.platform.runtime } : {}) },
      startTime: this.startTime,
      records,
      snapshots: this.snapshots,
      columns: this._columns.cols,
      columnsFrom: this._columns.from,
      history: life.history,
      folded: this.folded,
      marks: this.marks,
      attached: this._classes.names(),
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
    const durationMs = this.platform.now() - run.started;
    for (const listener of this._snapshotListeners) {
      try {
        listener(snap, durationMs);
      } catch (e) {
        this._report(e);
      }
    }
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
