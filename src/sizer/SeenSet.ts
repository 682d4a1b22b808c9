/**
 * Entries per shard of a SeenSet: 2^19. A V8 Set copies all its entries into a table twice the
 * size when it fills, in one uninterruptible step: measured in Chromium 150, 16-126 ms for
 * 2^19 entries, 6-23 ms for 2^18. A shard stops at 2^19 entries, before that copy, so the
 * largest copy is of 2^18 (2^18 per shard made 4 shards at a million: 1.6x the cost per add).
 */
export const SHARD_MAX = 1 << 19;

/**
 * The sizer's set of objects seen, as a `Set` but in shards of at most `max` entries, so that no
 * insertion copies more than max/2 entries at once (with SHARD_MAX, a sliced snapshot of a million
 * objects no longer stalls the page 50-125 ms in one `add`). Up to `max` entries it is one Set and
 * costs one lookup; beyond, an object is looked up in each full shard too (JavaScript gives
 * objects no identity hash to route by): one more lookup per 2^19 entries. Only work that
 * yields between slices gains from bounded rehashes: the sizer uses a plain Set otherwise.
 */
/** What the sizer uses of its seen-set: a `Set` or a `SeenSet`. */
export interface SeenLike {
  readonly size: number;
  add(o: object): unknown;
  has(o: object): boolean;
  delete(o: object): boolean;
  clear(): void;
}

export class SeenSet implements SeenLike {
  /** The shard that takes new entries. */
  private _open = new Set<object>();
  /** Shards that reached SHARD_MAX, oldest first, and their entries together. */
  private _full: Array<Set<object>> = [];
  private _fullSize = 0;
  private readonly _max: number;

  /** `max`: entries per shard (SHARD_MAX for sliced work; tests make it small). */
  constructor(max = Infinity) {
    this._max = Math.max(1, max);
  }

  /** Entries in all shards. */
  get size(): number {
    return this._fullSize + this._open.size;
  }

  /** Shards in use (one until the first fills). */
  get shards(): number {
    return this._full.length + 1;
  }

  has(o: object): boolean {
    if (this._open.has(o)) return true;
    const full = this._full;
    for (let i = full.length - 1; i >= 0; i--) if (full[i]!.has(o)) return true;
    return false;
  }

  /** Adds `o` unless present; `size` then tells whether it was new (as with a Set). */
  add(o: object): this {
    const full = this._full;
    for (let i = full.length - 1; i >= 0; i--) if (full[i]!.has(o)) return this;
    let open = this._open;
    if (open.size >= this._max) {
      if (open.has(o)) return this;
      full.push(open);
      this._fullSize += open.size;
      this._open = open = new Set<object>();
    }
    open.add(o);
    return this;
  }

  /** Removes `o`; true when it was present. */
  delete(o: object): boolean {
    if (this._open.delete(o)) return true;
    const full = this._full;
    for (let i = full.length - 1; i >= 0; i--) {
      if (full[i]!.delete(o)) {
        this._fullSize--;
        return true;
      }
    }
    return false;
  }

  /** Forgets every entry (the shards' tables are dropped, not emptied one by one). */
  clear(): void {
    this._open = new Set<object>();
    this._full = [];
    this._fullSize = 0;
  }
}
