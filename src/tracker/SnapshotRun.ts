import type { SnapshotColumns } from '../dump/encodeDump.js';
import { nullRecord } from '../dump/nullRecord.js';
import type { Platform, SnapshotProgress } from '../platform.js';
import { SdkError } from '../SdkError.js';
import { sizerOptionsOf } from '../sizerOptionsOf.js';
import { Sizer, preview } from '../sizer/index.js';
import { SHARD_MAX } from '../sizer/SeenSet.js';
import type { ClassFigures, HeapCount, MemoryTotal, Snapshot, SizingMode } from '../types.js';
import type { ClassState } from './classState.js';
import { heapCounts } from './heapCounts.js';
import type { Lifecycle } from './Lifecycle.js';
import type { RecordStore } from './RecordStore.js';
import { emptyColumns } from './SizeColumns.js';
import { SLICE_MS } from './SweepScheduler.js';

/** The platform's `isProxy`, bound to it once (the same function for every snapshot), or undefined. */
export function isProxyOf(platform: Platform): ((v: object) => boolean) | undefined {
  return sizerOptionsOf(platform).isProxy;
}

/** Sets a snapshot's platform total and each class's pct of it (of the tracked total when the platform gave none). */
export function setTotal(snap: Snapshot, total: MemoryTotal): void {
  snap.total = total;
  const base = total.bytes > 0 ? total.bytes : snap.trackedTotal;
  for (const f of Object.values(snap.classes)) f.pct = base > 0 ? (f.bytes * 100) / base : 0;
}

/**
 * One snapshot's work: the walk over the records born before it began (holding the live
 * instances, recording the deaths found), then the sizing of those instances into size
 * columns and per-class figures, in slices that end at a deadline, or at once.
 */
export class SnapshotRun {
  /** The snapshot's time (ms since the tracker started). */
  readonly time: number;
  /** `platform.now()` when the run began, for the duration `onSnapshot` listeners get. */
  readonly started: number;
  /** Ids, names and resolutions of the records sized, in birth order (slots may move while a run yields). */
  readonly ids: number[] = [];
  /** Instances sized so far. */
  next = 0;
  /** True while the instance at `next` is being sized in steps (a sliced snapshot resumes it). */
  private _stepping = false;
  /** The size columns filled, one row per live instance, in id order. */
  cols: SnapshotColumns = emptyColumns();

  private readonly _sizer: Sizer;
  /** The store walked (a `detachAll` meanwhile replaces it: the walk then stops). */
  private readonly _store: RecordStore;
  /** The walk's next slot, the last id it saw, the newest id it covers, and the store epoch it knows. */
  private _walked = 0;
  private _walkedId = 0;
  private readonly _lastId: number;
  private _epoch: number;
  private readonly _names: string[] = [];
  private readonly _resolutions: number[] = [];
  /** The live instances, same order, held only while the snapshot runs. */
  private _objects: object[] = [];
  /** Per-name bytes and active counts. */
  private readonly _figures: Figures = new Map();
  /** Exact mode: the heap's counts of the tracked classes (see `heapCounts`). */
  private _heapCounts: Record<string, HeapCount> | undefined;
  /** Records whose object an older record holds (a constructor returned it again): forgotten after the walk. */
  private _dups: Set<number> | undefined;

  constructor(
    private readonly _life: Lifecycle,
    private readonly _platform: Platform,
    readonly sizing: SizingMode,
  ) {
    this.started = _platform.now();
    // The walk below sees every death a sweep would.
    _life.sweeps.stop();
    // The live instances, held for the snapshot's duration, enter the sizer's seen-set up
    // front: met as referents of one another they count 0 (no per-object index is needed).
    // Where snapshots are sliced, the seen-set grows in shards: no rehash of it stalls the page.
    this._sizer = new Sizer({ ...sizerOptionsOf(_platform), ...(_platform.yieldToHost ? { seenShard: SHARD_MAX } : {}) });
    this.time = _life.now();
    this._store = _life.store;
    this._lastId = _life.nextId - 1;
    this._epoch = _life.store.epoch;
  }

  /** The walk and the fold before sizing, at once. */
  walkAndFold(): void {
    this.walkSlice(Infinity);
    this._life.foldAll();
    this.walked();
  }

  /**
   * The walk and the fold before sizing in slices (browsers: after mass deaths both are long).
   * Each phase starts a slice of its own: the slice that finishes a phase yields before the next
   * begins, so no task runs two phases' slices back to back.
   */
  async walkAndFoldSliced(yieldToHost: () => Promise<void>): Promise<void> {
    while (!this.walkSlice(this._platform.now() + SLICE_MS)) await yieldToHost();
    await yieldToHost();
    // The fold in slices, then whatever died meanwhile at once.
    if (await this._life.foldSliced(yieldToHost)) await yieldToHost();
    this._life.foldAll();
    this.walked();
  }

  /**
   * Walks the records born before the snapshot began, until done (true) or until the clock
   * passes `deadline` (false): holds the live instances and records the deaths found. Between
   * slices records may move (a read folded them): the walk then resumes after the last id it saw.
   */
  walkSlice(deadline: number): boolean {
    const s = this._life.store;
    if (s !== this._store) return true;
    if (s.epoch !== this._epoch) {
      this._epoch = s.epoch;
      this._walked = s.firstAfter(this._walkedId);
    }
    const from = this._walked;
    const dups: number[] = [];
    const to = walkRecords(s, this._life, this._sizer, this._platform, from, this._lastId, this.time, deadline,
      this.ids, this._names, this._resolutions, this._objects, dups);
    const at = to < 0 ? -to - 1 : to;
    if (at > from) this._walkedId = s.id(at - 1);
    for (const id of dups) (this._dups ??= new Set()).add(id);
    if (to < 0) {
      this._walked = at;
      return false;
    }
    this._walked = s.length;
    return true;
  }

  /** After the walk (and the fold): forgets the duplicates found, and makes the size columns, one row per live instance. */
  walked(): void {
    if (this._dups !== undefined) this._life.forgetDuplicates(this._dups);
    this.cols = emptyColumns(this.ids.length);
  }

  /** Sizes records with the layout model until done (true) or until the clock passes `deadline` (false). */
  sizeSlice(deadline: number): boolean {
    const { ids, _names: names, _resolutions: resolutions, _objects: objects, cols, _sizer: sizer } = this;
    const timed = deadline !== Infinity;
    const isProxy = isProxyOf(this._platform);
    const now = (): number => this._platform.now();
    while (this.next < ids.length) {
      if (!timed) {
        // Unsliced, the instances without a referent tree are sized in one loop.
        this.next = sizeRecords(sizer, ids, names, resolutions, objects, cols, this._figures, this.next);
        if (this.next >= ids.length) break;
      }
      const k = this.next++;
      const id = ids[k]!;
      const obj = objects[k]!;
      const resolution = resolutions[k]!;
      // Sliced, an instance is sized in steps (a long array's elements too), resumed next slice.
      let sized = timed ? undefined : sizer.measureExcluded(obj, resolution);
      if (sized === undefined) {
        if (!this._stepping) sizer.beginExcluded(obj, resolution);
        sized = sizer.step(deadline, now);
        this._stepping = sized === undefined;
        if (sized === undefined) {
          this.next = k;
          return false;
        }
      }
      const i = cols.count++;
      cols.ids[i] = id;
      cols.size[i] = sized.size;
      cols.flat[i] = sized.flat;
      if (resolution > 0) {
        (cols.refs ??= new Map()).set(id, sized.refs ?? []);
        this._life.store.setPreview(id, preview(obj, 80, isProxy));
      }
      count(this._figures, names[k]!, sized.size);
      if (timed && (this.next & 15) === 0 && this._platform.now() > deadline) break;
    }
    if (this.next < ids.length) return false;
    this._objects = [];
    sizer.release();
    return true;
  }

  /**
   * Fills the run from a V8 heap snapshot instead of the layout model (Node), and cross-checks
   * the live counts with the heap's own where the platform can count (`heapCounts`).
   */
  async sizeExact(onProgress: SnapshotProgress | undefined, classes: Iterable<ClassState>, report: (error: unknown) => void): Promise<void> {
    const platform = this._platform;
    const exact = platform.exactSizes;
    if (exact === undefined) throw new SdkError('E_PLATFORM', `exact sizing needs V8 heap snapshots, which the ${platform.name} platform does not offer; use sizing: 'model'`);
    // Walk the instances as a model snapshot does first: reading a concatenated string's
    // characters makes V8 flatten it (a sequential copy the rope then points to), so without
    // this walk exact figures depended on whether a model snapshot had run (issue 9). The
    // walk's seen-set is released before the heap snapshot, which must not see it.
    for (const obj of this._objects) this._sizer.measureExcluded(obj);
    this._sizer.release();
    const sizes = await exact.call(platform, this._objects, onProgress);
    try {
      this._heapCounts = heapCounts(platform, classes, this._objects);
    } catch (e) {
      report(e); // the cross-check is extra: its failure never costs the snapshot
    }
    this._objects = [];
    const cols = this.cols;
    for (let k = 0; k < this.ids.length; k++) {
      const { size, flat } = sizes[k]!;
      const i = cols.count++;
      cols.ids[i] = this.ids[k]!;
      cols.size[i] = size;
      cols.flat[i] = flat;
      count(this._figures, this._names[k]!, size);
    }
    this.next = this.ids.length;
  }

  /** The snapshot of this run: figures for every name in `names` (in code-unit order), pct of `total`. */
  toSnapshot(id: number, label: string, total: MemoryTotal, names: Iterable<string>): Snapshot {
    let trackedTotal = 0;
    for (const f of this._figures.values()) trackedTotal += f.bytes;
    const classes = nullRecord<ClassFigures>();
    for (const name of [...new Set(names)].sort()) {
      const { bytes, active } = this._figures.get(name) ?? { bytes: 0, active: 0 };
      classes[name] = { active, bytes, average: active === 0 ? 0 : bytes / active, pct: 0 };
    }
    const snap: Snapshot = { id, label, time: this.time, classes, trackedTotal, total, sizing: this.sizing };
    if (this._heapCounts !== undefined) snap.heapCounts = this._heapCounts;
    setTotal(snap, total);
    return snap;
  }

}

/** Per-name bytes and active counts of a run. */
type Figures = Map<string, { bytes: number; active: number }>;

/** Adds one sized instance to its class's figures. */
function count(figures: Figures, name: string, size: number): void {
  add(figures, name, size, 1);
}

/** Adds `active` sized instances of `bytes` in all to the figures of class `name`. */
function add(figures: Figures, name: string, bytes: number, active: number): void {
  let f = figures.get(name);
  if (f === undefined) figures.set(name, (f = { bytes: 0, active: 0 }));
  f.bytes += bytes;
  f.active += active;
}

/*
 * The two loops over every instance are functions of long-lived objects only (the store, the
 * lifecycle, the sizer, whose hidden class a keeper holds, arrays): as methods of the run, one
 * per snapshot, their optimized code depended on the run's hidden class, which V8 holds weakly,
 * so after each GC between snapshots it was thrown away ("weak objects" deoptimization) and
 * every snapshot ran part of its loops unoptimized again.
 */

/**
 * The walk's loop from slot `from` of store `s` over the records with ids up to `lastId`: holds
 * each live instance (`sizer.exclude`) and appends it to the run's arrays; records deaths, and
 * duplicates (an older record holds the object: a constructor returned it again) in `dups`.
 * Returns the next slot when done, or -1 - the next slot when `platform.now()` passed `deadline`.
 */
function walkRecords(s: RecordStore, life: Lifecycle, sizer: Sizer, platform: Platform, from: number, lastId: number, time: number,
  deadline: number, ids: number[], names: string[], resolutions: number[], objects: object[], dups: number[]): number {
  const timed = deadline !== Infinity;
  const n = s.length;
  for (let i = from; i < n; i++) {
    const id = s.id(i);
    if (id > lastId) return i;
    if (!s.live(i)) continue;
    const obj = s.deref(i);
    if (obj === undefined) {
      life.died(i, time);
    } else if (!sizer.exclude(obj)) {
      dups.push(id);
    } else {
      resolutions.push(s.resolution(i));
      ids.push(id);
      names.push(s.name(i));
      objects.push(obj);
    }
    if (timed && (i & 1023) === 1023 && platform.now() > deadline) return -(i + 1) - 1;
  }
  return n;
}

/**
 * The unsliced sizing loop from instance `k`: sizes the instances that need no referent tree
 * into `cols` and `figures`, and returns the index of the first that does (or the end).
 */
function sizeRecords(sizer: Sizer, ids: number[], names: string[], resolutions: number[], objects: object[],
  cols: SnapshotColumns, figures: Figures, k: number): number {
  const n = ids.length;
  // Instances of one class are mostly consecutive: their figures are looked up once per run of them.
  let name = '';
  let bytes = 0;
  let active = 0;
  for (; k < n; k++) {
    if (resolutions[k] !== 0) break;
    const size = sizer.sizeExcluded(objects[k]!);
    const i = cols.count++;
    cols.ids[i] = ids[k]!;
    cols.size[i] = size;
    cols.flat[i] = sizer.flat;
    if (names[k] !== name) {
      if (active > 0) add(figures, name, bytes, active);
      name = names[k]!;
      bytes = 0;
      active = 0;
    }
    bytes += size;
    active++;
  }
  if (active > 0) add(figures, name, bytes, active);
  return k;
}
