import type { Platform } from '../platform.js';
import type { FoldedClass, HistoryPoint } from '../types.js';
import { captureTrace } from './captureTrace.js';
import type { ClassState } from './classState.js';
import { CountHistory } from './CountHistory.js';
import { FoldRun } from './FoldRun.js';
import { RecordStore } from './RecordStore.js';
import { roundTime } from './roundTime.js';
import type { SizeColumns } from './SizeColumns.js';
import { SLICE_MS, SweepScheduler, hostYield } from './SweepScheduler.js';
import { TrackedObject, type SizeSource } from './TrackedObject.js';

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

/** Live and dead record counts and the count history of one name (its store slot too). */
export interface NameCounts {
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

/** What the record lifecycle needs from its tracker. */
export interface LifecycleOptions {
  platform: Platform;
  deadRecordLimit: number;
  historyLimit: number;
  /** The tracker's size columns: a fold reads each record's largest size from them. */
  columns: SizeColumns;
  /** Where `TrackedObject` views read their sizes. */
  sizes: SizeSource;
  /** Marks the classes of these names as returning objects tracked already (they index by object from now on). */
  reused(names: ReadonlySet<string>): void;
  /** Reports an error caught in the background (never thrown into user code). */
  report(error: unknown): void;
}

/**
 * Births read the clock once per this many registrations within one task, and again in the
 * next task: Node's clock allocates, and reading it per instance doubled construction overhead.
 */
const BIRTH_CLOCK_EVERY = 16;

/**
 * The life of the tracker's records: births (the construction path), the per-name counts and
 * count histories, deaths found by the sweeps, and the fold of old dead records into `folded`.
 */
export class Lifecycle {
  /** The records; `forget()` replaces it (a snapshot walking the old one then stops). */
  store = new RecordStore();
  /** Per-name count history. */
  readonly history = new Map<string, CountHistory>();
  /** Dead-instance aggregates per name, for records folded beyond `deadRecordLimit`. */
  readonly folded = new Map<string, FoldedClass>();
  /** Deaths are found by sweeping the WeakRefs after each GC (see SweepScheduler), not by a finalizer per instance. */
  readonly sweeps: SweepScheduler;
  /** The next record id: ids increase in birth order. */
  nextId = 1;

  private readonly _o: LifecycleOptions;
  private readonly _start: number;
  /** Counts per name, by name and by store slot; the last one used is cached for the hot path. */
  private readonly _counts = new Map<string, NameCounts>();
  private _countsBySlot: NameCounts[] = [];
  private _lastCounts: NameCounts | undefined;
  /** created/collected of names whose counts `forget` dropped, so `counts()` never goes down. */
  private readonly _carried = new Map<string, { created: number; collected: number }>();
  /** Object -> record id. Instances of tracked classes enter it lazily (see `_syncIndex`). */
  private _byObject = new WeakMap<object, number>();
  /** False until anything entered `_byObject`: construction skips the lookup until then. */
  private _byObjectUsed = false;
  /** Records with an id up to this one are in `_byObject` (or dead, or forgotten). */
  private _indexedId = 0;
  /** The fold under way in slices, if any (reads finish it at once). */
  private _fold: FoldRun | undefined;
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

  constructor(options: LifecycleOptions) {
    this._o = options;
    this._start = options.platform.now();
    this.sweeps = new SweepScheduler(options.platform, {
      now: () => this.now(),
      count: () => this.store.length,
      epoch: () => this.store.epoch,
      sweepRange: (from, to, time) => this._sweepRange(from, to, time),
      swept: (background) => this._foldIfDue(background),
      report: options.report,
    });
  }

  /** Milliseconds since the tracker started. */
  now(): number {
    // Whatever is stamped now (a snapshot, a death, a mark), later births read the clock
    // again, so times never go backwards across events.
    this._clockLeft = 0;
    return roundTime(this._o.platform.now() - this._start);
  }

  /** A tracked class's new instance: one record, unless the object has one already (a constructor returned it again). */
  admit(instance: object, state: ClassState): void {
    if (this._byObjectUsed && this._byObject.has(instance)) return;
    // A constructor that returned the object it returned just before (a singleton): one record.
    if (instance === this._lastObj) {
      state.reused = true;
      return;
    }
    const o = state.options;
    this.register(instance, o.name, o.resolution, o.keep, o.trace ? captureTrace(state.wrapper) : undefined, state.reused);
  }

  /**
   * Registers an instance; returns its id. Only `trackObject` indexes it by object at once
   * (`index`): construction, the hot path, leaves that to `_syncIndex`, run when a lookup by object is needed.
   */
  register(obj: object, name: string, resolution: number, keep: boolean, trace: TrackedObject['trace'], index: boolean): number {
    const id = this.nextId++;
    if (this._clockLeft-- <= 0) this._readBirthClock();
    this._lastObj = obj;
    let c = this._lastCounts;
    if (c === undefined || c.name !== name) this._lastCounts = c = this._countsOf(name);
    this.store.push(obj, id, this._birth, c.slot, resolution, keep, trace);
    if (index) {
      this._byObject.set(obj, id);
      this._byObjectUsed = true;
    }
    c.history.pushAt(this._birth, ++c.live);
    if (!keep && !this.sweeps.armed) this.sweeps.arm();
    return id;
  }

  /** The record of a tracked object, or undefined. */
  find(obj: object): TrackedObject | undefined {
    this._syncIndex();
    const id = this._byObject.get(obj);
    const i = id === undefined ? -1 : this.store.indexOf(id);
    return i < 0 ? undefined : this.view(i);
  }

  /** A view of the record in slot `i`. */
  view(i: number, id = this.store.id(i)): TrackedObject {
    const s = this.store;
    return new TrackedObject(s, this._o.sizes, id, s.name(i), s.birth(i));
  }

  /** Per-name count history points, after the reads' settling. */
  historyPoints(): Map<string, HistoryPoint[]> {
    this.settle();
    const out = new Map<string, HistoryPoint[]>();
    for (const [name, h] of this.history) out.set(name, h.points());
    return out;
  }

  /** Per-class live counts (see `tracker.counts()`); `named` holds the names given explicitly. */
  counts(named: ReadonlySet<string>): Map<string, ClassCounts> {
    this.settle();
    const out = new Map<string, ClassCounts>();
    for (const [name, t] of this._carried) out.set(name, { alive: 0, created: t.created, collected: t.collected, named: named.has(name) });
    for (const c of this._counts.values()) out.set(c.name, { alive: c.live, created: c.base + c.live + c.collected, collected: c.collected, named: named.has(c.name) });
    return out;
  }

  /** Before a read: record the deaths a GC left unseen, and fold what is due. */
  settle(): void {
    if (this.sweeps.due) this.sweeps.sweepNow();
    this.foldAll();
  }

  /** Forgets every record (`detachAll`): each history ends at 0, and `counts()` carries the totals on. */
  forget(): void {
    // The forgotten records are no longer alive: each history says so, so that its last count
    // stays the number of live records (and the next birth counts 1, not a jump from the old count).
    let time: number | undefined;
    for (const c of this._counts.values()) if (c.live > 0) c.history.push((time ??= this.now()), 0);
    this.store.clear();
    this.store = new RecordStore();
    this._fold = undefined;
    this.sweeps.disarm();
    for (const c of this._counts.values()) this._carried.set(c.name, { created: c.base + c.live + c.collected, collected: c.collected });
    this._counts.clear();
    this._countsBySlot = [];
    this._lastCounts = undefined;
    this._byObject = new WeakMap();
    this._byObjectUsed = false;
    this._lastObj = undefined;
    this._indexedId = this.nextId - 1;
  }

  /** Forgets the count histories and the folded aggregates (`tracker.clear()`, after `forget()`). */
  forgetPast(): void {
    this.history.clear();
    this.folded.clear();
  }

  /** Marks the record in slot `i` dead at `time` (a sweep or a snapshot found its WeakRef empty). */
  died(i: number, time: number): void {
    const s = this.store;
    const c = this._countsBySlot[s.slotAt(i)]!;
    s.die(i, time);
    c.history.push(time, --c.live);
    c.dead++;
    c.collected++;
  }

  /**
   * Forgets records of objects that another, older record holds (a constructor returned an
   * object tracked already): the live count drops back now, and their classes index by object from now on.
   */
  forgetDuplicates(ids: ReadonlySet<number>): void {
    const s = this.store;
    const time = this.now();
    const names = new Set<string>();
    for (let i = 0; i < s.length; i++) {
      if (!ids.has(s.id(i))) continue;
      const c = this._countsBySlot[s.slotAt(i)]!;
      c.history.push(time, --c.live);
      names.add(c.name);
    }
    this._o.reused(names);
    s.compact((i) => !ids.has(s.id(i)));
    // Those classes' objects are indexed now, as their later ones will be when they register.
    for (let i = 0; i < s.length; i++) {
      if (!names.has(s.name(i))) continue;
      const obj = s.deref(i);
      if (obj !== undefined && !this._byObject.has(obj)) this._byObject.set(obj, s.id(i));
    }
    this._byObjectUsed = true;
  }

  /** Folds the oldest dead records of every class beyond `deadRecordLimit` into `folded`, now (finishing a sliced fold first). */
  foldAll(): void {
    if (this._fold !== undefined) this._foldFinish(this._fold);
    const run = this._foldStart();
    if (run !== undefined) this._foldFinish(run);
  }

  /**
   * Folds in slices of about SLICE_MS, yielding between them: the scan, then the removal of the
   * folded records; a read meanwhile finishes the fold itself. Resolves to whether there was anything to fold.
   */
  async foldSliced(yieldToHost: () => Promise<void>): Promise<boolean> {
    let run = this._fold;
    if (run === undefined) {
      run = this._foldStart();
      if (run === undefined) return false;
      this._fold = run;
    }
    while (!run.scan(this._o.platform.now() + SLICE_MS)) {
      await yieldToHost();
      if (this._fold !== run) return true;
    }
    // The removal in slices too: the kept records are copied aside, then swapped in at once.
    while (!run.removeSlice(this._o.platform.now() + SLICE_MS)) {
      await yieldToHost();
      if (this._fold !== run) return true;
    }
    this._foldFinish(run);
    return true;
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
      c = { name, slot: this.store.slot(name), history: this._historyOf(name), live: 0, dead: 0, collected: carried?.collected ?? 0, base: carried === undefined ? 0 : carried.created - carried.collected };
      this._counts.set(name, c);
      this._countsBySlot[c.slot] = c;
    }
    return c;
  }

  private _historyOf(name: string): CountHistory {
    let h = this.history.get(name);
    if (h === undefined) this.history.set(name, (h = new CountHistory(this._o.historyLimit)));
    return h;
  }

  /**
   * Indexes by object the records registered since the last sync (newest are last in the
   * store); a record of an object indexed already (returned again by a constructor) is forgotten.
   */
  private _syncIndex(): void {
    const last = this.nextId - 1;
    if (this._indexedId === last) return;
    const s = this.store;
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
    if (dups !== undefined) this.forgetDuplicates(dups);
  }

  /** Records the deaths among slots [from, to) at `time`; returns how many weak records live on. */
  private _sweepRange(from: number, to: number, time: number): number {
    const s = this.store;
    let weak = 0;
    for (let i = from; i < to; i++) {
      if (!s.weak(i)) continue;
      if (s.deref(i) === undefined) this.died(i, time);
      else weak++;
    }
    return weak;
  }

  /**
   * Folds once the dead records beyond `deadRecordLimit` (all classes together) are more than
   * an eighth of the records held (at least 16, or limit / 8): folding compacts the whole store,
   * so each fold is paid for by as many deaths as it costs, and the work per death stays O(1).
   * After a background sweep the fold runs in slices too, where the host can be yielded to.
   */
  private _foldIfDue(background: boolean): void {
    if (this._fold !== undefined) return;
    const limit = this._o.deadRecordLimit;
    let excess = 0;
    for (const c of this._countsBySlot) if (c.dead > limit) excess += c.dead - limit;
    if (excess <= Math.max(16, limit >> 3, this.store.length >> 3)) return;
    const yieldToHost = background ? hostYield(this._o.platform) : undefined;
    if (yieldToHost === undefined) this.foldAll();
    else this.foldSliced(yieldToHost).catch((e: unknown) => this._o.report(e));
  }

  /** Takes the excess dead records of each class off their counts: a fold of them, or undefined when none. */
  private _foldStart(): FoldRun | undefined {
    const counts = this._countsBySlot;
    const limit = this._o.deadRecordLimit;
    const excess = new Float64Array(counts.length);
    let total = 0;
    for (const c of counts) {
      if (c.dead > limit) {
        excess[c.slot] = c.dead - limit;
        total += c.dead - limit;
        c.dead = limit;
      }
    }
    if (total === 0) return undefined;
    return new FoldRun(this.store, excess, this.folded, this._o.columns, this._o.platform);
  }

  /** Finishes a fold's scan and removes its records (the rest of a sliced removal, or in one pass). */
  private _foldFinish(run: FoldRun): void {
    if (this._fold === run) this._fold = undefined;
    if (run.store !== this.store || run.done) return; // forget() dropped the records meanwhile, or it ended
    run.scan(Infinity);
    run.removeFolded();
  }
}
