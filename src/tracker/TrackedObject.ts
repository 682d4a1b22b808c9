import type { RecordRow, RecordStore } from './RecordStore.js';
import type { SizeEntry, TraceFrame } from '../types.js';

/** Where a TrackedObject finds its per-snapshot sizes (the tracker's columnar store). */
export interface SizeSource {
  sizesOf(id: number): SizeEntry[];
}

/**
 * One registered instance: identity, name, lifetime and creation trace. A view of the
 * tracker's columnar record store: its fields read the store, so they stay current. It
 * holds the instance weakly (strongly only with `keep`), so tracking never keeps it alive.
 */
export class TrackedObject implements RecordRow {
  /** Unique within its tracker, increasing in registration (birth) order. */
  readonly id: number;
  /** The name the instance is counted under. */
  readonly name: string;
  /** Milliseconds since the tracker started. */
  readonly birth: number;
  private readonly _store: RecordStore;
  private readonly _sizes: SizeSource;
  private _death: number | undefined;

  /** @internal made by the tracker only. */
  constructor(store: RecordStore, sizes: SizeSource, id: number, name: string, birth: number) {
    this._store = store;
    this._sizes = sizes;
    this.id = id;
    this.name = name;
    this.birth = birth;
  }

  /** Milliseconds since the tracker started; undefined while alive. */
  get death(): number | undefined {
    if (this._death === undefined && !this._store.cleared) this._death = this._store.death(this.id);
    return this._death;
  }

  /** Creation stack (innermost frame last), when tracked with `trace`. */
  get trace(): readonly TraceFrame[] | undefined {
    return this._store.trace(this.id);
  }

  /** Depth of the referent tree recorded at each snapshot (change it with `tracker.trackChange`). */
  get resolution(): number {
    const i = this._store.indexOf(this.id);
    return i < 0 ? 0 : this._store.resolution(i);
  }

  /** A clipped preview of the instance, refreshed at each snapshot that records a tree. */
  get preview(): string | undefined {
    return this._store.preview(this.id);
  }

  /** The instance, or undefined once it has been collected (or the record forgotten). */
  deref(): object | undefined {
    const i = this._store.indexOf(this.id);
    return i < 0 ? undefined : this._store.deref(i);
  }

  /** True until the instance has been collected (or the record forgotten by `detachAll`). */
  alive(): boolean {
    return this.death === undefined && this.deref() !== undefined;
  }

  /** One entry per snapshot taken while the instance lived: `{ snapshot, size, flat, refs? }`. */
  get sizes(): SizeEntry[] {
    return this._store.cleared ? [] : this._sizes.sizesOf(this.id);
  }

  /** The largest size the instance had in any snapshot (0 before the first). */
  maxSize(): number {
    let max = 0;
    for (const s of this.sizes) if (s.size > max) max = s.size;
    return max;
  }
}
