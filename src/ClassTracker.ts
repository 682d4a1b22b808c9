import { CountHistory } from './CountHistory.js';
import { nullRecord } from './nullRecord.js';
import { captureTrace } from './captureTrace.js';
import type { Dump } from './Dump.js';
import { encodeDump, type SnapshotColumns } from './encodeDump.js';
import type { Platform, SnapshotProgress } from './platform.js';
import { SdkError } from './SdkError.js';
import { Sizer, preview } from './sizer/index.js';
import { MAX_PROTO_CHAIN } from './sizer/protoKind.js';
import { Stats, type StatsOptions } from './Stats.js';
import { RecordStore } from './RecordStore.js';
import { SLICE_MS, SweepScheduler, hostYield } from './SweepScheduler.js';
import { TrackedObject, type SizeSource } from './TrackedObject.js';
import type {
  ClassFigures, FoldedClass, HistoryPoint, Mark, MemoryTotal, RefNode, SizeEntry, SizingMode, Snapshot, TrackOptions,
} from './types.js';
import { classState, registerClassState, staticName, type ClassState } from './classState.js';

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

/** Live and dead record counts and the count history of one name (its store slot too). */
interface NameCounts {
  readonly name: string;
  readonly slot: number;
  readonly history: CountHistory;
  live: number;
  dead: number;
  /** Deaths recorded since the tracker was made (never goes down). */
  collected: number;
  /**
   * Registrations since the tracker was made are `base + live + collected`: no count on the
   * construction path. `base` holds what `detachAll` dropped while alive.
   */
  base: number;
}

/** A fold in progress: the records to fold are aggregated and marked in slices, then removed in one pass. */
interface FoldRun {
  store: RecordStore;
  /** Records still to fold per name slot. */
  excess: Float64Array;
  /** The next slot to look at, and the store's length when the fold began (later records are not looked at). */
  next: number;
  end: number;
  /** 1 for each slot folded. */
  marks: Uint8Array;
  /** Per held snapshot: the size row reached (rows are in id order). */
  cursor: Uint32Array;
  aggs: Array<FoldedClass | undefined>;
}

/** Live counts of one class (`tracker.counts()`), read without sizing anything. */
export interface ClassCounts {
  /** Instances registered and not found dead (instances tracked with `keep` stay alive). */
  alive: number;
  /** Instances registered since the tracker was made (`clear()` and `detachAll()` keep this total). */
  created: number;
  /** Deaths recorded since then (a death is recorded by the sweep after the GC that collected it). */
  collected: number;
  /**
   * True when the name was given explicitly (`name` option of `@Tracked`, `trackClass`,
   * `trackObject`) and differs from the class's own `name`, so it survives minifiers.
   */
  named: boolean;
}

/** Called after each snapshot with the snapshot and how long it took, in ms (`tracker.onSnapshot`). */
export type SnapshotListener = (snapshot: Snapshot, durationMs: number) => void;

/** A snapshot being taken: its sizer, the records it covers, and the columns it fills. */
interface SnapshotRun {
  time: number;
  sizing: SizingMode;
  sizer: Sizer;
  /** The store walked (a `detachAll` meanwhile replaces it: the walk then stops). */
  store: RecordStore;
  /** The walk's next slot, the last id it saw, the newest id it covers, and the store epoch it knows. */
  walked: number;
  walkedId: number;
  lastId: number;
  epoch: number;
  /** Ids, names and resolutions of the records sized, in birth order (slots may move while a run yields). */
  ids: number[];
  names: string[];
  resolutions: number[];
  next: number;
  cols: SnapshotColumns;
  /** The live instances, same order, held only while the snapshot runs. */
  objects: object[];
  /** Per-name bytes and active counts. */
  figures: Map<string, { bytes: number; active: number }>;
  /** Records whose object an older record holds (a constructor returned it again): forgotten after the walk. */
  dups: Set<number> | undefined;
  /** `platform.now()` when the run began, for the duration `onSnapshot` listeners get. */
  started: number;
}

const DEFAULT_LIMIT = 10_000;
/** Snapshots whose per-instance size columns are kept by default. */
const DEFAULT_SNAPSHOT_LIMIT = 100;
/**
 * Births read the clock once per this many registrations within one task, and again in the
 * next task: Node's clock allocates, and reading it per instance doubled construction overhead.
 */
const BIRTH_CLOCK_EVERY = 16;

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

/** Deepest referent tree recorded per instance (dumps reject deeper trees as corrupt). */
export const MAX_RESOLUTION = 100;
/** Retainer paths a tracker keeps for its dumps (see `recordRetainers`). */
const RETAINERS_KEPT = 1000;

function resolutionOf(value: number | undefined, what: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_RESOLUTION) {
    throw new RangeError(`${what}: resolution must be a whole number from 0 to ${MAX_RESOLUTION}, got ${String(value)}`);
  }
  return value;
}

/** The name of an object's class, read from descriptors only (no getters, no traps). */
function classNameOf(obj: object, platform: Platform): string {
  if (platform.isProxy?.(obj) === true) return 'Proxy';
  try {
    const proto = Object.getPrototypeOf(obj) as object | null;
    if (proto === null || platform.isProxy?.(proto) === true) return 'Object';
    const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    const ctor = d !== undefined && Object.hasOwn(d, 'value') ? (d.value as unknown) : undefined;
    if (typeof ctor === 'function' && platform.isProxy?.(ctor) !== true) {
      const name = Object.getOwnPropertyDescriptor(ctor, 'name')?.value as unknown;
      if (typeof name === 'string' && name !== '') return name;
    }
  } catch {
    // An exotic object: fall through to the generic name.
  }
  return 'Object';
}

const roundTime = (t: number): number => Math.round(t * 1000) / 1000;

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
  readonly folded = new Map<string, FoldedClass>();
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

  private readonly _start: number;
  private readonly _history = new Map<string, CountHistory>();
  /** Counts per name, by name and by store slot; the last one used is cached for the hot path. */
  private readonly _counts = new Map<string, NameCounts>();
  private _countsBySlot: NameCounts[] = [];
  private _lastCounts: NameCounts | undefined;
  private _store = new RecordStore();
  /** Object -> record id. Instances of tracked classes enter it lazily (see `_syncIndex`). */
  private _byObject = new WeakMap<object, number>();
  /** False until anything entered `_byObject`: construction skips the lookup until then. */
  private _byObjectUsed = false;
  /** Records with an id up to this one are in `_byObject` (or dead, or forgotten). */
  private _indexedId = 0;
  /** Per-instance size columns of the newest snapshots (at most `snapshotLimit`): `_cols[k]` is `snapshots[_colsFrom + k]`'s. */
  private _cols: SnapshotColumns[] = [];
  private _colsFrom = 0;
  /** The fold under way in slices, if any (reads finish it at once). */
  private _fold: FoldRun | undefined;
  private _nextId = 1;
  private _nextSnapshot = 1;
  /** Deaths are found by sweeping the WeakRefs after each GC (see SweepScheduler), not by a finalizer per instance. */
  private readonly _sweeps: SweepScheduler;
  /** Registrations left that may reuse `_birth`, reset to 0 at the end of each task. */
  private _clockLeft = 0;
  /**
   * The birth time in a one-cell typed array: copied cell to cell, the double is never boxed
   * (a double passed between calls or kept in a field costs a heap number per registration).
   */
  private readonly _birth = new Float64Array(1);
  private _clockResetQueued = false;
  /** The object registered last in this task (held until the task ends): a singleton's `new` returns it again. */
  private _lastObj: object | undefined;
  private readonly _resetClock = (): void => {
    this._clockLeft = 0;
    this._clockResetQueued = false;
    this._lastObj = undefined;
  };
  private _cancelPeriodic: (() => void) | undefined;
  private _periodicMs: number | undefined;
  private _queue: Promise<unknown> = Promise.resolve();
  private readonly _classes = new Set<ClassState>();
  /** new.target -> nearest attached tracked class; reset whenever a class is tracked or detached. */
  private _owners = new WeakMap<Function, ClassState | null>();
  /** created/collected of names whose counts `detachAll` dropped, so `counts()` never goes down. */
  private readonly _carried = new Map<string, { created: number; collected: number }>();
  /** Names given explicitly (see `ClassCounts.named`). */
  private readonly _named = new Set<string>();
  private readonly _snapshotListeners = new Set<SnapshotListener>();
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
    this._start = platform.now();
    this.startTime = Date.now();
    this._sweeps = new SweepScheduler(platform, {
      now: () => this.now(),
      count: () => this._store.length,
      epoch: () => this._store.epoch,
      sweepRange: (from, to, time) => this._sweepRange(from, to, time),
      swept: (background) => this._foldIfDue(background),
      report: (e) => this._report(e),
    });
  }

  /** Milliseconds since this tracker started. */
  now(): number {
    // Whatever is stamped now (a snapshot, a death, a mark), later births read the clock
    // again, so times never go backwards across events.
    this._clockLeft = 0;
    return roundTime(this.platform.now() - this._start);
  }

  /**
   * Instances registered under each name: live ones and dead ones not yet folded, in birth
   * order. Built afresh from the columnar store on each read: keep it rather than re-read it.
   */
  get index(): Map<string, TrackedObject[]> {
    this._settle();
    const out = new Map<string, TrackedObject[]>();
    const s = this._store;
    for (const name of s.names) out.set(name, []);
    for (let i = 0; i < s.length; i++) out.get(s.name(i))!.push(this._view(i));
    return out;
  }

  /** Per-name count history: one `[time, countAfter]` per birth and death, coarsened beyond `historyLimit`. */
  get history(): Map<string, HistoryPoint[]> {
    this._settle();
    const out = new Map<string, HistoryPoint[]>();
    for (const [name, h] of this._history) out.set(name, h.points());
    return out;
  }

  /** The record of a tracked object, or undefined. */
  find(obj: object): TrackedObject | undefined {
    this._syncIndex();
    const id = this._byObject.get(obj);
    const i = id === undefined ? -1 : this._store.indexOf(id);
    return i < 0 ? undefined : this._view(i);
  }

  /**
   * Tracks the instances of the returned class created from now on: a subclass of `Ctor` with
   * the same name, statics and `instanceof`, to use in its place (`Ctor` itself cannot be
   * patched: `new Ctor()` registers nothing). Calling it again updates the options.
   */
  trackClass<C extends abstract new (...args: never[]) => object>(Ctor: C, options: TrackOptions = {}): C {
    if (typeof Ctor !== 'function' || typeof (Ctor as { prototype?: unknown }).prototype !== 'object') {
      throw new TypeError(`trackClass expects a class, got ${Ctor === null ? 'null' : typeof Ctor}`);
    }
    nameOption(options.name, 'trackClass');
    const existing = classState(this, Ctor);
    const ownName = staticName(Ctor);
    const resolved = {
      name: options.name ?? existing?.options.name ?? ownName ?? 'Anonymous',
      resolution: resolutionOf(options.resolution, 'trackClass'),
      keep: options.keep === true,
      trace: options.trace === true,
    };
    if (typeof resolved.name !== 'string' || resolved.name === '') resolved.name = 'Anonymous';
    if (typeof options.name === 'string' && options.name !== ownName) this._named.add(resolved.name);
    this._owners = new WeakMap();
    if (existing !== undefined) {
      existing.options = resolved;
      existing.detached = false;
      this._classes.add(existing);
      return existing.wrapper as C;
    }
    const state = registerClassState(this, Ctor, resolved, onConstruct);
    this._classes.add(state);
    return state.wrapper as C;
  }

  /** Stops tracking new instances of a class (the tracked class or the class it wraps); existing records stay. */
  detachClass(Ctor: abstract new (...args: never[]) => object): void {
    const state = classState(this, Ctor);
    if (state === undefined || state.detached) {
      const name = typeof Ctor === 'function' ? staticName(Ctor) ?? 'anonymous class' : String(Ctor);
      throw new SdkError('E_NOT_TRACKED', `detachClass: ${name} is not tracked by this tracker`);
    }
    state.detached = true;
    this._classes.delete(state);
    this._owners = new WeakMap();
  }

  /** Detaches every tracked class. */
  detachAllClasses(): void {
    for (const state of this._classes) state.detached = true;
    this._classes.clear();
    this._owners = new WeakMap();
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
    const id = this._register(obj, name, resolution, options.keep === true, trace, true);
    return this._view(this._store.length - 1, id);
  }

  /** Changes the referent-tree depth recorded for a tracked object from the next snapshot on. */
  trackChange(obj: object, options: { resolution: number }): void {
    const record = typeof obj === 'object' || typeof obj === 'function' ? this.find(obj) : undefined;
    if (record === undefined) throw new SdkError('E_NOT_TRACKED', 'trackChange: the object is not tracked by this tracker; call trackObject first');
    const resolution = resolutionOf(options.resolution, 'trackChange');
    this._store.setResolution(this._store.indexOf(record.id), resolution);
  }

  /** Detaches every class and forgets every record (snapshots and history stay; each history ends at 0). */
  detachAll(): void {
    this.detachAllClasses();
    // The forgotten records are no longer alive: each history says so, so that its last count
    // stays the number of live records (and the next birth counts 1, not a jump from the old count).
    let time: number | undefined;
    for (const c of this._counts.values()) if (c.live > 0) c.history.push((time ??= this.now()), 0);
    this._store.clear();
    this._store = new RecordStore();
    this._fold = undefined;
    this._sweeps.disarm();
    for (const c of this._counts.values()) this._carried.set(c.name, { created: c.base + c.live + c.collected, collected: c.collected });
    this._counts.clear();
    this._countsBySlot = [];
    this._lastCounts = undefined;
    this._byObject = new WeakMap();
    this._byObjectUsed = false;
    this._lastObj = undefined;
    this._indexedId = this._nextId - 1;
  }

  /**
   * Detaches and forgets everything, snapshots, history, folded aggregates and marks included;
   * only the created/collected totals of `counts()` go on, as counters do.
   */
  clear(): void {
    this.stopPeriodicSnapshots();
    this.detachAll();
    this.snapshots.length = 0;
    this._cols = [];
    this._colsFrom = 0;
    this._history.clear();
    this.folded.clear();
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
    this._sweeps.sweepNow();
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
    this._settle();
    const out = new Map<string, ClassCounts>();
    for (const [name, t] of this._carried) out.set(name, { alive: 0, created: t.created, collected: t.collected, named: this._named.has(name) });
    for (const c of this._counts.values()) out.set(c.name, { alive: c.live, created: c.base + c.live + c.collected, collected: c.collected, named: this._named.has(c.name) });
    return out;
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
    if (typeof name !== 'string') throw new TypeError(`mark: name must be a string, got ${typeof name}`);
    if (value !== undefined) {
      if (typeof value !== 'number') throw new TypeError(`mark: value must be a number, got ${typeof value}`);
      if (!Number.isFinite(value)) throw new RangeError(`mark: value must be a finite number, got ${String(value)}`);
    }
    let copy: Record<string, string> | undefined;
    if (detail !== undefined) {
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) throw new TypeError(`mark: detail must be an object of strings, got ${detail === null ? 'null' : Array.isArray(detail) ? 'an array' : typeof detail}`);
      // Own enumerable string keys, read once, into a record without a prototype (a key like __proto__ is data).
      copy = nullRecord<string>();
      for (const k of Object.keys(detail)) {
        const v: unknown = detail[k];
        if (typeof v !== 'string') throw new TypeError(`mark: detail[${JSON.stringify(k.length > 40 ? `${k.slice(0, 37)}...` : k)}] must be a string, got ${v === null ? 'null' : typeof v}`);
        copy[k] = v;
      }
    }
    const m: Mark = { name, time: this.now() };
    if (value !== undefined) m.value = value;
    if (copy !== undefined) m.detail = copy;
    this.marks.push(m);
    return m;
  }

  /** Takes a snapshot now, synchronously, in one go. */
  snapshotSync(label?: string | number): Snapshot {
    if (this.sizing === 'exact') throw new SdkError('E_OPTION', "snapshotSync cannot take exact sizes (a heap snapshot is asynchronous); use await tracker.snapshot()");
    const text = labelOf(label, 'snapshotSync');
    const run = this._begin('model');
    this._walkSlice(run, Infinity);
    this._foldAll();
    this._walked(run);
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
      const run = this._begin(sizing);
      const yieldToHost = this.platform.yieldToHost?.bind(this.platform);
      // In browsers the walk over the records is sliced too: after mass deaths it records them all.
      if (yieldToHost === undefined) {
        this._walkSlice(run, Infinity);
      } else {
        // Each phase (walk, fold, sizing) starts a slice of its own: the slice that finishes a
        // phase yields before the next begins, so no task runs two phases' slices back to back.
        while (!this._walkSlice(run, this.platform.now() + SLICE_MS)) await yieldToHost();
        await yieldToHost();
        // After mass deaths the fold is long too: in slices, then whatever died meanwhile at once.
        if (await this._foldSliced(yieldToHost)) await yieldToHost();
      }
      this._foldAll();
      this._walked(run);
      const progress = options.onProgress;
      const sized = (): void => progress?.('size', run.next, run.ids.length);
      if (sizing === 'exact') {
        await this._sizeExact(run, progress);
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
        const applied = late.then((total) => this._applyTotal(snap, total)).catch((e: unknown) => this._report(e));
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
    return Stats.from(this.toDump(), { print: this.platform.print?.bind(this.platform), ...options });
  }

  /** The whole tracker state as a plain, JSON-ready dump (see docs/dump-format.md). */
  toDump(): Dump {
    this._settle();
    const s = this._store;
    const records = new Array<ReturnType<RecordStore['row']>>(s.length);
    for (let i = 0; i < s.length; i++) records[i] = s.row(i);
    return encodeDump({
      platform: { name: this.platform.name, taggedSize: this.platform.taggedSize, ...(this.platform.runtime ? { runtime: this.platform.runtime } : {}) },
      startTime: this.startTime,
      records,
      snapshots: this.snapshots,
      columns: this._cols,
      columnsFrom: this._colsFrom,
      history: this._history,
      folded: this.folded,
      marks: this.marks,
      attached: [...this._classes].map((c) => c.options.name),
      retainers: this._retainers,
    });
  }

  /** @internal SizeSource: the sizes of one record across snapshots. */
  sizesOf(id: number): SizeEntry[] {
    const out: SizeEntry[] = [];
    for (let s = 0; s < this._cols.length; s++) {
      const cols = this._cols[s]!;
      let lo = 0;
      let hi = cols.count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = cols.ids[mid]!;
        if (at === id) {
          const entry: SizeEntry = { snapshot: this.snapshots[this._colsFrom + s]!.id, size: cols.size[mid]!, flat: cols.flat[mid]! };
          const refs = cols.refs?.get(id);
          if (refs !== undefined) entry.refs = refs;
          out.push(entry);
          break;
        }
        if (at < id) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out;
  }

  /** @internal called (through `onConstruct`) by a tracked class's constructor once it returned. Never throws into user code. */
  _construct(instance: object, newTarget: Function, state: ClassState): void {
    try {
      if (state.detached) return;
      // Most specialised wins: only the tracked class nearest to new.target registers.
      if (newTarget !== state.wrapper && this._ownerOf(newTarget) !== state) return;
      if (this._byObjectUsed && this._byObject.has(instance)) return;
      // A constructor that returned the object it returned just before (a singleton): one record.
      if (instance === this._lastObj) {
        state.reused = true;
        return;
      }
      const o = state.options;
      this._register(instance, o.name, o.resolution, o.keep, o.trace ? captureTrace(state.wrapper) : undefined, state.reused);
    } catch (e) {
      this._report(e);
    }
  }

  /** The nearest attached tracked class of this tracker on `ctor`'s prototype chain. */
  private _ownerOf(ctor: Function): ClassState | undefined {
    let owner = this._owners.get(ctor);
    if (owner === undefined) {
      owner = null;
      // Bounded: a Proxy new.target whose getPrototypeOf trap returns itself would loop forever.
      let depth = 0;
      for (let c: unknown = ctor; typeof c === 'function' && ++depth <= MAX_PROTO_CHAIN; c = Object.getPrototypeOf(c)) {
        const s = classState(this, c as Function);
        if (s !== undefined && !s.detached && s.wrapper === c) {
          owner = s;
          break;
        }
      }
      this._owners.set(ctor, owner);
    }
    return owner ?? undefined;
  }

  /**
   * Registers an instance. Only `trackObject` indexes it by object at once: construction,
   * the hot path, leaves that to `_syncIndex`, run when a lookup by object is needed.
   */
  private _register(obj: object, name: string, resolution: number, keep: boolean, trace: TrackedObject['trace'], index: boolean): number {
    const id = this._nextId++;
    if (this._clockLeft-- <= 0) this._readBirthClock();
    this._lastObj = obj;
    let c = this._lastCounts;
    if (c === undefined || c.name !== name) this._lastCounts = c = this._countsOf(name);
    this._store.push(obj, id, this._birth, c.slot, resolution, keep, trace);
    if (index) {
      this._byObject.set(obj, id);
      this._byObjectUsed = true;
    }
    c.history.pushAt(this._birth, ++c.live);
    if (!keep && !this._sweeps.armed) this._sweeps.arm();
    return id;
  }

  /** Reads the clock for births; the next registrations of this task may reuse the reading. */
  private _readBirthClock(): void {
    this._birth[0] = this.now();
    this._clockLeft = BIRTH_CLOCK_EVERY - 1;
    if (!this._clockResetQueued) {
      this._clockResetQueued = true;
      void Promise.resolve().then(this._resetClock);
    }
  }

  private _countsOf(name: string): NameCounts {
    let c = this._counts.get(name);
    if (c === undefined) {
      const carried = this._carried.get(name);
      this._carried.delete(name);
      c = { name, slot: this._store.slot(name), history: this._historyOf(name), live: 0, dead: 0, collected: carried?.collected ?? 0, base: carried === undefined ? 0 : carried.created - carried.collected };
      this._counts.set(name, c);
      this._countsBySlot[c.slot] = c;
    }
    return c;
  }

  /** A view of the record in slot `i`. */
  private _view(i: number, id = this._store.id(i)): TrackedObject {
    const s = this._store;
    return new TrackedObject(s, this, id, s.name(i), s.birth(i));
  }

  /**
   * Indexes by object the records registered since the last sync (newest are last in the
   * store); a record of an object indexed already (returned again by a constructor) is forgotten.
   */
  private _syncIndex(): void {
    const last = this._nextId - 1;
    if (this._indexedId === last) return;
    const s = this._store;
    let from = s.length;
    while (from > 0 && s.id(from - 1) > this._indexedId) from--;
    let dups: Set<number> | undefined;
    for (let i = from; i < s.length; i++) {
      const obj = s.deref(i);
      if (obj === undefined) continue;
      const id = s.id(i);
      const had = this._byObject.get(obj);
      if (had === undefined || s.indexOf(had) < 0) this._byObject.set(obj, id);
      else if (had < id) (dups ??= new Set()).add(id);
      else if (had > id) { // indexed as it registered (its class returns old objects): the older record stays
        (dups ??= new Set()).add(had);
        this._byObject.set(obj, id);
      }
    }
    this._byObjectUsed = true;
    this._indexedId = last;
    if (dups !== undefined) this._forgetDuplicates(dups);
  }

  /**
   * Forgets records of objects that another, older record holds (a constructor returned an
   * object tracked already): the live count drops back now, and their classes index by object from now on.
   */
  private _forgetDuplicates(ids: ReadonlySet<number>): void {
    const s = this._store;
    const time = this.now();
    const names = new Set<string>();
    for (let i = 0; i < s.length; i++) {
      if (!ids.has(s.id(i))) continue;
      const c = this._countsBySlot[s.slotAt(i)]!;
      c.history.push(time, --c.live);
      names.add(c.name);
    }
    for (const state of this._classes) if (names.has(state.options.name)) state.reused = true;
    s.compact((i) => !ids.has(s.id(i)));
    // Those classes' objects are indexed now, as their later ones will be when they register.
    for (let i = 0; i < s.length; i++) {
      if (!names.has(s.name(i))) continue;
      const obj = s.deref(i);
      if (obj !== undefined && !this._byObject.has(obj)) this._byObject.set(obj, s.id(i));
    }
    this._byObjectUsed = true;
  }

  private _historyOf(name: string): CountHistory {
    let h = this._history.get(name);
    if (h === undefined) this._history.set(name, (h = new CountHistory(this.historyLimit)));
    return h;
  }

  /** Records the deaths among slots [from, to) at `time`; returns how many weak records live on. */
  private _sweepRange(from: number, to: number, time: number): number {
    const s = this._store;
    let weak = 0;
    for (let i = from; i < to; i++) {
      if (!s.weak(i)) continue;
      if (s.deref(i) === undefined) this._died(i, time);
      else weak++;
    }
    return weak;
  }

  /** Before a read: record the deaths a GC left unseen, and fold what is due. */
  private _settle(): void {
    if (this._sweeps.due) this._sweeps.sweepNow();
    this._foldAll();
  }

  /** Marks the record in slot `i` dead at `time` (a sweep or a snapshot found its WeakRef empty). */
  private _died(i: number, time: number): void {
    const s = this._store;
    const c = this._countsBySlot[s.slotAt(i)]!;
    s.die(i, time);
    c.history.push(time, --c.live);
    c.dead++;
    c.collected++;
  }

  /**
   * Folds once the dead records beyond `deadRecordLimit` (all classes together) are more than
   * an eighth of the records held (at least 16, or limit / 8): folding compacts the whole store,
   * so each fold is paid for by as many deaths as it costs, and the work per death stays O(1).
   * After a background sweep the fold runs in slices too, where the host can be yielded to.
   */
  private _foldIfDue(background: boolean): void {
    if (this._fold !== undefined) return;
    const limit = this.deadRecordLimit;
    let excess = 0;
    for (const c of this._countsBySlot) if (c.dead > limit) excess += c.dead - limit;
    if (excess <= Math.max(16, limit >> 3, this._store.length >> 3)) return;
    const yieldToHost = background ? hostYield(this.platform) : undefined;
    if (yieldToHost === undefined) this._foldAll();
    else this._foldSliced(yieldToHost).catch((e: unknown) => this._report(e));
  }

  /** Folds the oldest dead records of every class beyond `deadRecordLimit` into `folded`, now (finishing a sliced fold first). */
  private _foldAll(): void {
    if (this._fold !== undefined) this._foldFinish(this._fold);
    const run = this._foldStart();
    if (run !== undefined) this._foldFinish(run);
  }

  /**
   * Folds in slices of about SLICE_MS, yielding between them; a read meanwhile finishes the fold
   * itself. Resolves to whether there was anything to fold.
   */
  private async _foldSliced(yieldToHost: () => Promise<void>): Promise<boolean> {
    let run = this._fold;
    if (run === undefined) {
      run = this._foldStart();
      if (run === undefined) return false;
      this._fold = run;
    }
    while (!this._foldScan(run, this.platform.now() + SLICE_MS)) {
      await yieldToHost();
      if (this._fold !== run) return true;
    }
    this._foldFinish(run);
    return true;
  }

  /** Takes the excess dead records of each class off their counts: a fold of them, or undefined when none. */
  private _foldStart(): FoldRun | undefined {
    const counts = this._countsBySlot;
    const excess = new Float64Array(counts.length);
    let total = 0;
    for (const c of counts) {
      if (c.dead > this.deadRecordLimit) {
        excess[c.slot] = c.dead - this.deadRecordLimit;
        total += c.dead - this.deadRecordLimit;
        c.dead = this.deadRecordLimit;
      }
    }
    if (total === 0) return undefined;
    const s = this._store;
    return { store: s, excess, next: 0, end: s.length, marks: new Uint8Array(s.length), cursor: new Uint32Array(this._cols.length), aggs: [] };
  }

  /**
   * Aggregates into `folded` and marks the oldest dead records of each class over the limit
   * (slots and ids ascending), until done (true) or the clock passes `deadline` (false).
   * Records do not move meanwhile: only a fold moves them, and a fold finishes this one first.
   */
  private _foldScan(run: FoldRun, deadline: number): boolean {
    const s = run.store;
    const { excess, marks, cursor, aggs } = run;
    const cols = this._cols;
    const timed = deadline !== Infinity;
    let i = run.next;
    for (; i < run.end; i++) {
      if (timed && (i & 4095) === 4095 && this.platform.now() > deadline) {
        run.next = i;
        return false;
      }
      if (s.live(i)) continue;
      const slot = s.slotAt(i);
      if (excess[slot] === 0) continue;
      excess[slot]--;
      marks[i] = 1;
      const birth = s.birth(i);
      const death = s.deathAt(i)!;
      const life = death - birth;
      // The largest size over the snapshots still held: each one's rows are in id order.
      let big = 0;
      if (cols.length === cursor.length) {
        const id = s.id(i);
        for (let c = 0; c < cols.length; c++) {
          const col = cols[c]!;
          let r = cursor[c]!;
          while (r < col.count && col.ids[r]! < id) r++;
          cursor[c] = r;
          if (r < col.count && col.ids[r] === id && col.size[r]! > big) big = col.size[r]!;
        }
      }
      let agg = aggs[slot];
      if (agg === undefined) {
        const name = s.names[slot]!;
        agg = this.folded.get(name);
        if (agg === undefined) {
          agg = { count: 1, lifetimeTotal: roundTime(life), lifetimeMin: life, lifetimeMax: life, maxSize: big, firstBirth: birth, lastDeath: death };
          this.folded.set(name, agg);
          aggs[slot] = agg;
          continue;
        }
        aggs[slot] = agg;
      }
      agg.count++;
      agg.lifetimeTotal = roundTime(agg.lifetimeTotal + life);
      if (life < agg.lifetimeMin) agg.lifetimeMin = life;
      if (life > agg.lifetimeMax) agg.lifetimeMax = life;
      if (big > agg.maxSize) agg.maxSize = big;
      if (birth < agg.firstBirth) agg.firstBirth = birth;
      if (death > agg.lastDeath) agg.lastDeath = death;
    }
    run.next = i;
    return true;
  }

  /** Finishes a fold's scan and removes its records in one pass. */
  private _foldFinish(run: FoldRun): void {
    if (this._fold === run) this._fold = undefined;
    if (run.store !== this._store) return; // detachAll() forgot the records meanwhile
    this._foldScan(run, Infinity);
    const { marks, end } = run;
    this._store.compact((i) => i >= end || marks[i] === 0);
  }

  /** Starts a snapshot: the records are walked by `_walkSlice`, then sized. */
  private _begin(sizing: SizingMode): SnapshotRun {
    const started = this.platform.now();
    // The walk below sees every death a sweep would.
    this._sweeps.stop();
    // The live instances, held for the snapshot's duration, enter the sizer's seen-set up
    // front: met as referents of one another they count 0 (no per-object index is needed).
    const sizer = new Sizer({
      taggedSize: this.platform.taggedSize,
      ...(this.platform.isProxy ? { isProxy: this.platform.isProxy.bind(this.platform) } : {}),
    });
    return {
      time: this.now(),
      sizing,
      sizer,
      store: this._store,
      walked: 0,
      walkedId: 0,
      lastId: this._nextId - 1,
      epoch: this._store.epoch,
      ids: [],
      names: [],
      resolutions: [],
      objects: [],
      next: 0,
      cols: { ids: new Float64Array(0), size: new Float64Array(0), flat: new Float64Array(0), count: 0, refs: undefined },
      figures: new Map(),
      dups: undefined,
      started,
    };
  }

  /**
   * Walks the records born before the snapshot began, until done (true) or until the clock
   * passes `deadline` (false): holds the live instances and records the deaths found. Between
   * slices records may move
   * (a read folded them): the walk then resumes after the last id it saw.
   */
  private _walkSlice(run: SnapshotRun, deadline: number): boolean {
    const s = this._store;
    if (s === run.store) {
      if (s.epoch !== run.epoch) {
        run.epoch = s.epoch;
        run.walked = s.firstAfter(run.walkedId);
      }
      const timed = deadline !== Infinity;
      let i = run.walked;
      for (; i < s.length; i++) {
        const id = s.id(i);
        if (id > run.lastId) {
          i = s.length;
          break;
        }
        run.walkedId = id;
        if (!s.live(i)) continue;
        const obj = s.deref(i);
        if (obj === undefined) {
          this._died(i, run.time);
        } else if (!run.sizer.exclude(obj)) {
          (run.dups ??= new Set()).add(id); // an older record holds it: a constructor returned it again
        } else {
          run.resolutions.push(s.resolution(i));
          run.ids.push(id);
          run.names.push(s.name(i));
          run.objects.push(obj);
        }
        if (timed && (i & 1023) === 1023 && this.platform.now() > deadline) {
          run.walked = i + 1;
          return false;
        }
      }
      run.walked = i;
    }
    return true;
  }

  /** After the walk (and the fold): the size columns, one row per live instance. */
  private _walked(run: SnapshotRun): void {
    if (run.dups !== undefined) this._forgetDuplicates(run.dups);
    const n = run.ids.length;
    run.cols = { ids: new Float64Array(n), size: new Float64Array(n), flat: new Float64Array(n), count: 0, refs: undefined };
  }

  /** Adds one sized instance to its class's figures. */
  private _count(run: SnapshotRun, name: string, size: number): void {
    let f = run.figures.get(name);
    if (f === undefined) run.figures.set(name, (f = { bytes: 0, active: 0 }));
    f.bytes += size;
    f.active++;
  }

  /** Sizes records until done (true) or until the clock passes `deadline` (false). */
  private _sizeSlice(run: SnapshotRun, deadline: number): boolean {
    const { ids, names, resolutions, objects, cols, sizer } = run;
    const timed = deadline !== Infinity;
    const isProxy = this.platform.isProxy?.bind(this.platform);
    while (run.next < ids.length) {
      const k = run.next++;
      const id = ids[k]!;
      const obj = objects[k]!;
      const resolution = resolutions[k]!;
      const sized = sizer.measureExcluded(obj, resolution);
      const i = cols.count++;
      cols.ids[i] = id;
      cols.size[i] = sized.size;
      cols.flat[i] = sized.flat;
      if (resolution > 0) {
        (cols.refs ??= new Map()).set(id, sized.refs ?? []);
        this._store.setPreview(id, preview(obj, 80, isProxy));
      }
      this._count(run, names[k]!, sized.size);
      if (timed && (run.next & 15) === 0 && this.platform.now() > deadline) break;
    }
    if (run.next < ids.length) return false;
    run.objects = [];
    sizer.release();
    return true;
  }

  /** Fills a run from a V8 heap snapshot instead of the layout model (Node). */
  private async _sizeExact(run: SnapshotRun, onProgress: SnapshotProgress | undefined): Promise<void> {
    const exact = this.platform.exactSizes;
    if (exact === undefined) throw new SdkError('E_PLATFORM', `exact sizing needs V8 heap snapshots, which the ${this.platform.name} platform does not offer; use sizing: 'model'`);
    // Walk the instances as a model snapshot does first: reading a concatenated string's
    // characters makes V8 flatten it (a sequential copy the rope then points to), so without
    // this walk exact figures depended on whether a model snapshot had run (issue 9). The
    // walk's seen-set is released before the heap snapshot, which must not see it.
    for (const obj of run.objects) run.sizer.measureExcluded(obj);
    run.sizer.release();
    const sizes = await exact.call(this.platform, run.objects, onProgress);
    run.objects = [];
    for (let k = 0; k < run.ids.length; k++) {
      const { size, flat } = sizes[k]!;
      const i = run.cols.count++;
      run.cols.ids[i] = run.ids[k]!;
      run.cols.size[i] = size;
      run.cols.flat[i] = flat;
      this._count(run, run.names[k]!, size);
    }
    run.next = run.ids.length;
  }

  private _finish(run: SnapshotRun, label: string): Snapshot {
    const total = this._total();
    let trackedTotal = 0;
    for (const f of run.figures.values()) trackedTotal += f.bytes;
    const classes = nullRecord<ClassFigures>();
    const names = new Set<string>([...this._store.names, ...this.folded.keys()]);
    for (const name of [...names].sort()) {
      const { bytes, active } = run.figures.get(name) ?? { bytes: 0, active: 0 };
      classes[name] = { active, bytes, average: active === 0 ? 0 : bytes / active, pct: 0 };
    }
    const snap: Snapshot = {
      id: this._nextSnapshot++,
      label,
      time: run.time,
      classes,
      trackedTotal,
      total,
      sizing: run.sizing,
    };
    this._setPct(snap);
    this.snapshots.push(snap);
    this._cols.push(run.cols);
    // Beyond the limit the oldest per-instance columns go; the snapshot's class figures stay.
    if (this._cols.length > this.snapshotLimit) {
      this._cols.shift();
      this._colsFrom++;
    }
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

  private _total(): MemoryTotal {
    try {
      return this.platform.memoryTotal();
    } catch (e) {
      this._report(e);
      return { bytes: 0, source: 'none' };
    }
  }

  private _applyTotal(snap: Snapshot, total: MemoryTotal): void {
    snap.total = total;
    this._setPct(snap);
  }

  private _setPct(snap: Snapshot): void {
    const base = snap.total.bytes > 0 ? snap.total.bytes : snap.trackedTotal;
    for (const f of Object.values(snap.classes)) f.pct = base > 0 ? (f.bytes * 100) / base : 0;
  }

  private _report(e: unknown): void {
    try {
      this.platform.onError?.(e);
    } catch {
      // The error hook itself failed: nothing more can be done without throwing into user code.
    }
  }
}

/** A snapshot label as the dump holds it: '' when none, a number as its text; anything else is a TypeError at the call. */
function labelOf(label: unknown, who: string): string {
  if (label === undefined) return '';
  if (typeof label === 'string') return label;
  if (typeof label === 'number') return String(label);
  throw new TypeError(`${who}: label must be a string or a number, got ${label === null ? 'null' : typeof label}`);
}

/** Checks a `name` option: a string when given (empty: the default name); a TypeError at the call otherwise. */
function nameOption(name: unknown, who: string): void {
  if (name !== undefined && typeof name !== 'string') throw new TypeError(`${who}: options.name must be a string, got ${name === null ? 'null' : typeof name}`);
}
