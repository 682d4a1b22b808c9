import type { Dump } from '../dump/Dump.js';
import { dumpClassNames, dumpReader, type DumpReader, type InstanceView } from '../dump/dumpReader.js';
import { truncate } from './format.js';
import { formatInstance } from './formatInstance.js';
import { formatSummary, NEVER_REGISTERED, neverRegistered, USE_RETURNED_CLASS } from './formatSummary.js';
import { SdkError } from '../SdkError.js';
import { byCodeUnit, pickSnapshot, StatsDiff } from './StatsDiff.js';
import { validateDump } from '../dump/validateDump.js';

/** Sort keys of `Stats.sort`: size = largest size over the snapshots, tsize = size in the last one, repr = preview. */
export type SortKey = 'classname' | 'size' | 'tsize' | 'birth' | 'death' | 'name' | 'repr';

/** Every sort key, in the order `sort()` without keys applies them (Pympler's). */
export const SORT_KEYS: readonly SortKey[] = ['classname', 'tsize', 'birth', 'death', 'name', 'repr', 'size'];

/** Options of `Stats.from`. */
export interface StatsOptions {
  /** Where `printSummary()` / `printStats()` write (platform entries default it to stdout / the console). */
  print?: (text: string) => void;
}

/** Options of `formatStats` / `printStats`. */
export interface FormatStatsOptions {
  /** Only instances of this class: the exact name when it is tracked, else every name containing it. */
  className?: string;
  /** How many instances: n >= 1 prints the first n (whole part), a fraction below 1 that share (at least 1). Default: all. */
  limit?: number;
}

/** Options of `summary` / `printSummary`. */
export interface SummaryOptions {
  /**
   * Classes listed per snapshot: every tracked class when there are at most this many, else the
   * ones the snapshot has figures for, largest first, and a line counting the rest. Default 50; Infinity: all with figures.
   */
  limit?: number;
}

/** Options of `Stats.diff`. */
export interface DiffOptions {
  /** Compare the last snapshot with this label in each, instead of the last snapshots. */
  label?: string;
}

/** Per-instance sort values, computed once. */
interface SortRow {
  inst: InstanceView;
  size: number;
  tsize: number;
}

type Source = Dump | { toDump(): Dump };

/** The dump `trustedStats` hands to the constructor, which then skips validation. */
let trusted: Dump | undefined;

/**
 * @internal Statistics over a dump the core itself made or validated an instant ago (a tracker's
 * `toDump()`, `loadDump`'s result), which nobody could change in between: it is not validated again.
 */
export function trustedStats<T extends Stats>(Ctor: new (dump: Dump, options?: StatsOptions) => T, dump: Dump, options?: StatsOptions): T {
  trusted = dump;
  try {
    return new Ctor(dump, options);
  } finally {
    trusted = undefined;
  }
}

/**
 * Statistics over a tracker's data or a dump (Pympler's ConsoleStats): sortable instances,
 * the per-snapshot summary, per-instance details and comparisons. Output is deterministic:
 * a dump and the same dump loaded back from JSON print identically.
 */
export class Stats {
  /** The validated dump these statistics read. */
  readonly dump: Dump;
  /** Pure readers over `dump` (instances, sizes, referent trees). */
  readonly reader: DumpReader;
  private readonly _print: ((text: string) => void) | undefined;
  private _sorted: SortRow[] | undefined;

  /** Validates `dump` (an SdkError names any problem) and reads it; see `Stats.from`. */
  constructor(dump: Dump, options: StatsOptions = {}) {
    // A dump the core built or validated an instant ago (see `trustedStats`) is not checked twice.
    this.dump = dump === trusted ? dump : validateDump(dump);
    trusted = undefined;
    this.reader = dumpReader(this.dump);
    this._print = options.print;
  }

  /**
   * Statistics over a dump or anything with `toDump()` (a tracker). Subclasses inherit it and get
   * an instance of themselves, so platform entries can supply a default `print`.
   */
  static from<T extends Stats>(this: new (dump: Dump, options?: StatsOptions) => T, source: Source, options?: StatsOptions): T {
    const dump = typeof source === 'object' && source !== null && typeof (source as { toDump?: unknown }).toDump === 'function' ? (source as { toDump(): Dump }).toDump() : (source as Dump);
    return new this(dump, options);
  }

  /** The names instances were tracked under, sorted (code-unit order, as Python's `sorted`). */
  get trackedClasses(): string[] {
    return dumpClassNames(this.dump);
  }

  /** The instances in the current order (table order until `sort` or `reverse`). */
  get sorted(): readonly InstanceView[] {
    return this.rows().map((r) => r.inst);
  }

  /**
   * Sorts the instances by `keys` (all of them, in Pympler's order, when none are given); size and
   * tsize descending, the rest ascending, stable. Checks every key first: an unknown one throws
   * E_SORT_KEY and changes nothing. Returns this.
   */
  sort(...keys: SortKey[]): this {
    for (const k of keys) {
      if (typeof k !== 'string' || !(SORT_KEYS as readonly string[]).includes(k)) {
        throw new SdkError('E_SORT_KEY', `unknown sort key ${describeKey(k)}: use one or more of ${SORT_KEYS.join(', ')}`);
      }
    }
    const use = keys.length === 0 ? SORT_KEYS : keys;
    const cmps = use.map(comparator);
    this.rows().sort((a, b) => {
      for (const c of cmps) {
        const d = c(a, b);
        if (d !== 0) return d;
      }
      return 0;
    });
    return this;
  }

  /** Reverses the current order. Returns this. */
  reverse(): this {
    this.rows().reverse();
    return this;
  }

  /** The summary table (Pympler's `print_summary` layout, 79-character lines) as text; see `SummaryOptions`. */
  summary(options: SummaryOptions = {}): string {
    const { limit } = options;
    if (limit !== undefined && (typeof limit !== 'number' || !(limit >= 0))) throw new SdkError('E_OPTION', `summary: limit must be a number >= 0 (Infinity: all), got ${String(limit)}`);
    return formatSummary(this.dump, this.trackedClasses, limit);
  }

  /** Prints `summary(options)` with the `print` option. */
  printSummary(options: SummaryOptions = {}): void {
    this.print(this.summary(options));
  }

  /**
   * Per-instance details in the current order (name, id, preview, trace, size and referent tree
   * per snapshot, death), optionally for one class and limited; the order itself is not changed.
   */
  formatStats(options: FormatStatsOptions = {}): string {
    const { shown, matched, names } = this.pick(options, 'formatStats');
    const { className } = options;
    const wanted = names === undefined ? undefined : new Set(names);
    const blocks = shown.map((inst) => formatInstance(inst, this.reader));
    if (shown.length < matched) blocks.push(`(${matched - shown.length} more not shown)`);
    for (const [name, f] of Object.entries(this.dump.folded)) {
      if (f.count > 0 && (wanted === undefined || wanted.has(name))) blocks.push(`(${f.count} earlier dead instances of ${truncate(name, 80)} folded into aggregates, not listed)`);
    }
    const exact = className !== undefined && this.trackedClasses.includes(className);
    for (const name of neverRegistered(this.dump)) {
      if (className === undefined || (exact ? name === className : name.includes(className))) blocks.push(`(${name}: ${NEVER_REGISTERED}: ${USE_RETURNED_CLASS})`);
    }
    if (shown.length === 0 && blocks.length === 0) {
      return className === undefined ? 'no tracked instances' : `no tracked instances of ${JSON.stringify(truncate(className, 80))}`;
    }
    return blocks.join('\n');
  }

  /**
   * The instances `formatStats(options)` lists, in the current order: `shown` (after `limit`) of
   * `matched` (after `className`), and `names`, the classes `className` matched (every class
   * without it). Throws E_OPTION on a bad option.
   */
  select(options: FormatStatsOptions = {}): { shown: InstanceView[]; matched: number; names: string[] } {
    const r = this.pick(options, 'select');
    return { ...r, names: r.names ?? this.trackedClasses };
  }

  private pick(options: FormatStatsOptions, caller: string): { shown: InstanceView[]; matched: number; names: string[] | undefined } {
    const { className, limit } = options;
    if (className !== undefined && typeof className !== 'string') throw new SdkError('E_OPTION', `${caller}: className must be a string, got ${typeof className}`);
    if (limit !== undefined && (typeof limit !== 'number' || !(limit > 0) || limit === Infinity)) {
      throw new SdkError('E_OPTION', `${caller}: limit must be a positive number (n objects, or a fraction below 1), got ${String(limit)}`);
    }
    let rows = this.rows();
    let names: string[] | undefined;
    if (className !== undefined) {
      const exact = this.trackedClasses.includes(className);
      rows = rows.filter((r) => (exact ? r.inst.name === className : r.inst.name.includes(className)));
      names = this.trackedClasses.filter((n) => (exact ? n === className : n.includes(className)));
    }
    const n = limit === undefined ? rows.length : limit < 1 ? Math.max(1, Math.floor(rows.length * limit)) : Math.floor(limit);
    return { shown: rows.slice(0, n).map((r) => r.inst), matched: rows.length, names };
  }

  /** Prints `formatStats(options)` with the `print` option. */
  printStats(options: FormatStatsOptions = {}): void {
    this.print(this.formatStats(options));
  }

  /**
   * Compares this (before) with `other` (after): the last snapshot of each, or the last one with
   * `label` in each; per class active, bytes and average, plus tracked and platform totals.
   */
  diff(other: Stats | Dump, options: DiffOptions = {}): StatsDiff {
    const after = other instanceof Stats ? other.dump : validateDump(other);
    return new StatsDiff(pickSnapshot(this.dump, 'before', options.label), pickSnapshot(after, 'after', options.label));
  }

  private print(text: string): void {
    if (this._print === undefined) throw new SdkError('E_PLATFORM', 'Stats has no print function: pass { print } to Stats.from(), or use summary() / formatStats() for the text');
    this._print(text);
  }

  private rows(): SortRow[] {
    if (this._sorted !== undefined) return this._sorted;
    const snaps = this.dump.snapshots.length;
    // One pass over the size rows the dump holds, not instances x snapshots (sparse snapshots cost nothing).
    const n = this.reader.instances.length;
    const size = new Float64Array(n);
    const tsize = new Float64Array(n);
    for (let i = 0; i < snaps; i++) {
      this.reader.eachSize(i, (row, s) => {
        if (s > size[row]!) size[row] = s;
        if (i === snaps - 1) tsize[row] = s;
      });
    }
    this._sorted = this.reader.instances.map((inst): SortRow => ({ inst, size: size[inst.row]!, tsize: tsize[inst.row]! }));
    return this._sorted;
  }
}

function comparator(key: SortKey): (a: SortRow, b: SortRow) => number {
  switch (key) {
    case 'classname':
    case 'name':
      return (a, b) => byCodeUnit(a.inst.name, b.inst.name);
    case 'repr':
      return (a, b) => byCodeUnit(a.inst.preview ?? '', b.inst.preview ?? '');
    case 'birth':
      return (a, b) => a.inst.birth - b.inst.birth;
    case 'death':
      // Still alive sorts after every death.
      return (a, b) => (a.inst.death ?? Infinity) - (b.inst.death ?? Infinity) || 0;
    case 'size':
      return (a, b) => b.size - a.size;
    case 'tsize':
      return (a, b) => b.tsize - a.tsize;
  }
}

function describeKey(k: unknown): string {
  if (typeof k === 'string') return JSON.stringify(k.length > 30 ? `${k.slice(0, 27)}...` : k);
  return `${String(k as number)} (${typeof k})`;
}
