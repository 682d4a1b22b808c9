import type { SizeEntry, TraceFrame } from './types.js';

/** Where a TrackedObject finds its per-snapshot sizes (the tracker's columnar store). */
export interface SizeSource {
  sizesOf(record: TrackedObject): SizeEntry[];
}

/**
 * One registered instance: identity, name, lifetime and creation trace. It holds the
 * instance weakly (strongly only with `keep`), so tracking never keeps it alive.
 */
export class TrackedObject {
  /** Unique within its tracker, increasing in registration (birth) order. */
  readonly id: number;
  /** The name the instance is counted under. */
  readonly name: string;
  /** Milliseconds since the tracker started. */
  readonly birth: number;
  /** Milliseconds since the tracker started; undefined while alive. */
  death: number | undefined = undefined;
  /** Creation stack (innermost frame last), when tracked with `trace`. */
  readonly trace: readonly TraceFrame[] | undefined;
  /** Depth of the referent tree recorded at each snapshot. */
  resolution: number;
  /** A clipped preview of the instance, refreshed at each snapshot that records a tree. */
  preview: string | undefined = undefined;
  /** @internal the instance: a WeakRef, or the instance itself when kept. */
  _ref: WeakRef<object> | object | undefined;
  /** @internal true when `_ref` is a strong reference. */
  _keep: boolean;
  /** @internal the store the sizes live in; undefined once forgotten. */
  _store: SizeSource | undefined;

  constructor(
    store: SizeSource,
    id: number,
    name: string,
    birth: number,
    target: object,
    resolution: number,
    keep: boolean,
    trace: readonly TraceFrame[] | undefined,
  ) {
    this._store = store;
    this.id = id;
    this.name = name;
    this.birth = birth;
    this.resolution = resolution;
    this.trace = trace;
    this._keep = keep;
    this._ref = keep ? target : new WeakRef(target);
  }

  /** The instance, or undefined once it has been collected. */
  deref(): object | undefined {
    const r = this._ref;
    if (r === undefined) return undefined;
    return this._keep ? r : (r as WeakRef<object>).deref();
  }

  /** True until the instance has been collected (or the record forgotten by `detachAll`). */
  alive(): boolean {
    return this.death === undefined && this.deref() !== undefined;
  }

  /** One entry per snapshot taken while the instance lived: `{ snapshot, size, flat, refs? }`. */
  get sizes(): SizeEntry[] {
    return this._store?.sizesOf(this) ?? [];
  }

  /** The largest size the instance had in any snapshot (0 before the first). */
  maxSize(): number {
    let max = 0;
    for (const s of this.sizes) if (s.size > max) max = s.size;
    return max;
  }
}
