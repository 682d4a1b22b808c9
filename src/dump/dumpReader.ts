import type { Dump, RefTuple } from './Dump.js';
import type { ClassFigures, RefNode, TraceFrame } from '../types.js';
import { byCodeUnit } from './byCodeUnit.js';
import { rowOfId } from './rowOfId.js';

/** One tracked instance as a dump records it (a read-only view of an `instances` row). */
export interface InstanceView {
  /** Position in the instance table. */
  readonly row: number;
  readonly id: number;
  readonly name: string;
  readonly birth: number;
  /** Undefined while the instance was alive when the dump was made. */
  readonly death: number | undefined;
  readonly resolution: number;
  /** Creation stack, innermost frame last; empty when not recorded. */
  readonly trace: readonly TraceFrame[];
  readonly preview: string | undefined;
}

/** An instance's size in one snapshot. */
export interface SizeView {
  readonly size: number;
  readonly flat: number;
}

/** Per-instance size columns aligned with a list of instance rows: the largest size over the snapshots and the last snapshot's (0: not sized). */
export interface SizeColumns {
  max: Float64Array;
  last: Float64Array;
}

/** A class's figures where a snapshot has none: zeros. Frozen: shared by every reader. */
export const ZERO_FIGURES: ClassFigures = Object.freeze({ active: 0, bytes: 0, average: 0, pct: 0 });

/** The figures of `name` in a snapshot's `classes`, or zeros when it has none of its own (a name like `__proto__` is plain data). */
export function figuresOf(classes: Record<string, ClassFigures>, name: string): ClassFigures {
  return Object.prototype.hasOwnProperty.call(classes, name) ? classes[name]! : ZERO_FIGURES;
}

/** Every name a dump tracked instances under (names, snapshot figures, history, folds), sorted by code unit. */
export function dumpClassNames(dump: Dump): string[] {
  const names = new Set<string>(dump.names);
  for (const s of dump.snapshots) for (const n of Object.keys(s.classes)) names.add(n);
  for (const n of Object.keys(dump.history)) names.add(n);
  for (const n of Object.keys(dump.folded)) names.add(n);
  return [...names].sort(byCodeUnit);
}

/**
 * Pure, lazy readers over a validated dump: instances, per-snapshot sizes by instance, referent
 * trees and per-class merged trees. Columns are found by name in `fields`; nothing is copied
 * until asked for, so 100k instances x 20 snapshots stay cheap.
 */
export interface DumpReader {
  readonly dump: Dump;
  /** Every class name of the dump (`dumpClassNames`), computed once. */
  readonly classNames: readonly string[];
  /** Every instance in table order (birth order as written by the tracker). */
  readonly instances: readonly InstanceView[];
  /** The instance with this id, or undefined. */
  instance(id: number): InstanceView | undefined;
  /** The rows (`InstanceView.row`) of the instances registered under `name`, in table order. */
  rowsOf(name: string): readonly number[];
  /** Positions of the snapshots that have per-instance size rows (not `sizesDropped`, not empty), ascending. */
  readonly sizedSnapshots: readonly number[];
  /** The size of instance `row` in the snapshot at `snapshotIndex` (array position), or undefined when not sized. */
  sizeIn(snapshotIndex: number, row: number): SizeView | undefined;
  /** How many instances the snapshot at `snapshotIndex` sized (its `sizes` rows). */
  sizedCount(snapshotIndex: number): number;
  /** Calls `fn` for each instance sized in the snapshot at `snapshotIndex` (`at`: the row in its `sizes` table), in that order. */
  eachSize(snapshotIndex: number, fn: (row: number, size: number, flat: number, at: number) => void): void;
  /**
   * The largest and the last snapshot's size of each instance at `rows`, reading every snapshot once:
   * per snapshot it walks the shorter of its sizes rows and `rows`, so snapshots that sized none cost nothing.
   */
  sizeColumns(rows: readonly number[]): SizeColumns;
  /** The snapshot indices (ascending) in which instance `row` was sized: work follows the sizes the dump holds. */
  sizedIn(row: number): readonly number[];
  /** The referent tree (the root's children) of instance `id` in a snapshot, or undefined. */
  refsIn(snapshotIndex: number, id: number): RefNode[] | undefined;
  /**
   * The steps of instance `id`'s shortest retainer path from a GC root (`["(global)", "holder.cache",
   * "Array[41]", "Leaky"]`) when the dump carries `retainers` for it, else undefined.
   */
  retainersOf(id: number): readonly string[] | undefined;
  /** Pympler's `merged`: the sizes of a class's instances in a snapshot summed, children matched by name. */
  merged(snapshotIndex: number, name: string): RefNode;
}

/** Builds the readers for a dump that `validateDump`/`loadDump` accepted. */
export function dumpReader(dump: Dump): DumpReader {
  return new Reader(dump);
}

/** Converts a dump's referent tuple (and its children) to a `RefNode`. */
export function refTupleToNode(t: RefTuple): RefNode {
  const node: RefNode = { name: t[0], size: t[1], flat: t[2], refs: t[3].map(refTupleToNode) };
  if (t[4] !== undefined) node.preview = t[4];
  return node;
}

interface MergeNode {
  name: string;
  size: number;
  flat: number;
  children: Map<string, MergeNode>;
}

/** Sums referent trees into `target`: same-named children merge, recursively (Pympler's `_merge_asized`). */
function mergeInto(target: Map<string, MergeNode>, refs: readonly RefTuple[]): void {
  for (const t of refs) {
    let m = target.get(t[0]);
    if (m === undefined) {
      m = { name: t[0], size: 0, flat: 0, children: new Map() };
      target.set(t[0], m);
    }
    m.size += t[1];
    m.flat += t[2];
    mergeInto(m.children, t[3]);
  }
}

function toNode(m: MergeNode): RefNode {
  return { name: m.name, size: m.size, flat: m.flat, refs: [...m.children.values()].map(toNode) };
}

class Reader implements DumpReader {
  readonly dump: Dump;
  private _instances: InstanceView[] | undefined;
  private _classNames: string[] | undefined;
  private _byId: Map<number, number> | undefined;
  private _byName: Map<string, number[]> | undefined;
  private _sized: number[] | undefined;
  /** Per snapshot: its sized instances' ids ascending, and (when the table is not in id order) their rows in it. */
  private readonly _rowOf: Array<IdIndex | undefined>;
  /** Per instance row: the snapshots that sized it. */
  private _sizedIn: number[][] | undefined;
  /** Instance ids by row, and whether they ascend (as the tracker writes them: look-ups are then a binary search, no map). */
  private _rowIds: Float64Array | undefined;
  private _ascending = true;

  constructor(dump: Dump) {
    this.dump = dump;
    this._rowOf = new Array<IdIndex | undefined>(dump.snapshots.length);
  }

  get classNames(): readonly string[] {
    this._classNames ??= dumpClassNames(this.dump);
    return this._classNames;
  }

  get instances(): readonly InstanceView[] {
    if (this._instances !== undefined) return this._instances;
    const { fields, rows } = this.dump.instances;
    const stride = fields.length;
    const o = (f: string): number => fields.indexOf(f as never);
    const [oId, oName, oBirth, oDeath, oRes, oTrace, oPreview] = ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'].map(o) as [number, number, number, number, number, number, number];
    const traces = this.dump.traces.map((t) => t.map(([fn, file, line, column]): TraceFrame => ({ fn, file, line, column })));
    const none: readonly TraceFrame[] = [];
    const out: InstanceView[] = [];
    const count = stride === 0 ? 0 : rows.length / stride;
    for (let r = 0; r < count; r++) {
      const b = r * stride;
      const death = rows[b + oDeath];
      const preview = rows[b + oPreview];
      const trace = rows[b + oTrace] as number;
      out.push({
        row: r,
        id: rows[b + oId] as number,
        name: this.dump.names[rows[b + oName] as number]!,
        birth: rows[b + oBirth] as number,
        death: typeof death === 'number' ? death : undefined,
        resolution: rows[b + oRes] as number,
        trace: trace >= 0 ? traces[trace]! : none,
        preview: typeof preview === 'string' ? preview : undefined,
      });
    }
    this._instances = out;
    return out;
  }

  instance(id: number): InstanceView | undefined {
    const row = this.rowOfInstance(id);
    return row < 0 ? undefined : this.instances[row];
  }

  /** Instance ids by row (read once from the table). */
  private rowIds(): Float64Array {
    if (this._rowIds !== undefined) return this._rowIds;
    const { fields, rows } = this.dump.instances;
    const stride = fields.length;
    const oId = fields.indexOf('id');
    const n = stride === 0 ? 0 : rows.length / stride;
    const ids = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      ids[r] = rows[r * stride + oId] as number;
      if (r > 0 && ids[r]! <= ids[r - 1]!) this._ascending = false;
    }
    this._rowIds = ids;
    return ids;
  }

  /** The instance row of `id`, or -1: a binary search when ids ascend, else a map built once. */
  private rowOfInstance(id: number): number {
    const ids = this.rowIds();
    if (this._ascending) return rowOfId(ids, ids.length, id);
    if (this._byId === undefined) {
      this._byId = new Map();
      for (let r = 0; r < ids.length; r++) this._byId.set(ids[r]!, r);
    }
    return this._byId.get(id) ?? -1;
  }

  rowsOf(name: string): readonly number[] {
    if (this._byName === undefined) {
      this._byName = new Map();
      for (const inst of this.instances) {
        const list = this._byName.get(inst.name);
        if (list === undefined) this._byName.set(inst.name, [inst.row]);
        else list.push(inst.row);
      }
    }
    return this._byName.get(name) ?? [];
  }

  get sizedSnapshots(): readonly number[] {
    if (this._sized === undefined) {
      this._sized = [];
      this.dump.snapshots.forEach((s, i) => {
        if (s.sizes.rows.length > 0) this._sized!.push(i);
      });
    }
    return this._sized;
  }

  sizeIn(snapshotIndex: number, row: number): SizeView | undefined {
    const snap = this.dump.snapshots[snapshotIndex];
    // No index for a snapshot without rows (its per-instance sizes were dropped): a long run has thousands.
    if (snap === undefined || snap.sizes.rows.length === 0) return undefined;
    const id = this.rowIds()[row];
    if (id === undefined) return undefined;
    const idx = this.rowIndex(snapshotIndex);
    const k = rowOfId(idx.ids, idx.ids.length, id);
    if (k < 0) return undefined;
    const at = idx.at === undefined ? k : idx.at[k]!;
    const { fields, rows } = snap.sizes;
    const b = at * fields.length;
    return { size: rows[b + fields.indexOf('size')] as number, flat: rows[b + fields.indexOf('flat')] as number };
  }

  sizedCount(snapshotIndex: number): number {
    const sizes = this.dump.snapshots[snapshotIndex]?.sizes;
    return sizes === undefined || sizes.fields.length === 0 ? 0 : sizes.rows.length / sizes.fields.length;
  }

  eachSize(snapshotIndex: number, fn: (row: number, size: number, flat: number, at: number) => void): void {
    const snap = this.dump.snapshots[snapshotIndex];
    if (snap === undefined) return;
    const { fields, rows } = snap.sizes;
    const stride = fields.length;
    const [oId, oSize, oFlat] = [fields.indexOf('id'), fields.indexOf('size'), fields.indexOf('flat')];
    const ids = this.rowIds();
    let id = 0;
    let near = 0;
    const count = stride === 0 ? 0 : rows.length / stride;
    for (let r = 0; r < count; r++) {
      const b = r * stride;
      id += rows[b + oId] as number;
      // Size rows follow the instance table's order in the dumps heapcensus writes: try the next row first.
      const row = ids[near] === id ? near : ids[near + 1] === id ? near + 1 : this.rowOfInstance(id);
      if (row < 0) continue;
      near = row;
      fn(row, rows[b + oSize] as number, rows[b + oFlat] as number, r);
    }
  }

  sizeColumns(rows: readonly number[]): SizeColumns {
    const n = rows.length;
    const snaps = this.dump.snapshots.length;
    const max = new Float64Array(n);
    const last = new Float64Array(n);
    const take = (s: number, i: number, size: number): void => {
      if (size > max[i]!) max[i] = size;
      if (s === snaps - 1) last[i] = size;
    };
    // Instance row -> position in `rows` (-1: not asked), built the first time a snapshot is walked by its own rows.
    let local: Int32Array | undefined;
    const ids = this.rowIds();
    for (let s = 0; s < snaps; s++) {
      if (this.sizedCount(s) < n) {
        if (local === undefined) {
          local = new Int32Array(ids.length).fill(-1);
          for (let i = 0; i < n; i++) local[rows[i]!] = i;
        }
        const at = local;
        this.eachSize(s, (row, size) => {
          const i = at[row]!;
          if (i >= 0) take(s, i, size);
        });
      } else {
        // Walk `rows` against the snapshot's ids: when both ascend, each look-up is the next entry.
        const idx = this.rowIndex(s);
        const { fields, rows: sizeRows } = this.dump.snapshots[s]!.sizes;
        const stride = fields.length;
        const oSize = fields.indexOf('size');
        const m = idx.ids.length;
        let k = 0;
        for (let i = 0; i < n; i++) {
          const id = ids[rows[i]!]!;
          const hit = k < m && idx.ids[k] === id ? k : rowOfId(idx.ids, m, id);
          if (hit < 0) continue;
          k = hit + 1;
          const at = idx.at === undefined ? hit : idx.at[hit]!;
          take(s, i, sizeRows[at * stride + oSize] as number);
        }
      }
    }
    return { max, last };
  }

  sizedIn(row: number): readonly number[] {
    if (this._sizedIn === undefined) {
      const lists: number[][] = Array.from({ length: this.instances.length }, () => []);
      for (let i = 0; i < this.dump.snapshots.length; i++) this.eachSize(i, (r) => lists[r]!.push(i));
      this._sizedIn = lists;
    }
    return this._sizedIn[row] ?? [];
  }

  refsIn(snapshotIndex: number, id: number): RefNode[] | undefined {
    const refs = this.dump.snapshots[snapshotIndex]?.refs;
    if (refs === undefined || !Object.prototype.hasOwnProperty.call(refs, String(id))) return undefined;
    return refs[String(id)]!.map(refTupleToNode);
  }

  retainersOf(id: number): readonly string[] | undefined {
    // `retainers` is optional (dumps from a leak check carry it); the validator checked its paths.
    const all = this.dump.retainers;
    return all !== undefined && Object.prototype.hasOwnProperty.call(all, String(id)) ? all[String(id)] : undefined;
  }

  merged(snapshotIndex: number, name: string): RefNode {
    const refs = this.dump.snapshots[snapshotIndex]?.refs;
    const root: MergeNode = { name, size: 0, flat: 0, children: new Map() };
    for (const row of this.rowsOf(name)) {
      const s = this.sizeIn(snapshotIndex, row);
      if (s === undefined) continue;
      root.size += s.size;
      root.flat += s.flat;
      const key = String(this.instances[row]!.id);
      if (refs !== undefined && Object.prototype.hasOwnProperty.call(refs, key)) mergeInto(root.children, refs[key]!);
    }
    return toNode(root);
  }

  private rowIndex(i: number): IdIndex {
    let idx = this._rowOf[i];
    if (idx !== undefined) return idx;
    // 8 bytes per sized instance: the tracker writes the rows in id order, so no permutation is kept.
    // The ids are the running sum of the id column's deltas (a validated dump's are all in the instance table).
    const n = this.sizedCount(i);
    const ids = new Float64Array(n);
    const { fields, rows } = this.dump.snapshots[i]!.sizes;
    const stride = fields.length;
    const oId = fields.indexOf('id');
    let sorted = true;
    let id = 0;
    for (let at = 0; at < n; at++) {
      id += rows[at * stride + oId] as number;
      ids[at] = id;
      if (at > 0 && id <= ids[at - 1]!) sorted = false;
    }
    if (sorted) {
      idx = { ids };
    } else {
      // A table out of id order (a dump not written by the tracker): sort the ids, keep their rows.
      const order = Int32Array.from(ids.keys()).sort((a, b) => ids[a]! - ids[b]!);
      idx = { ids: Float64Array.from(order, (r) => ids[r]!), at: order };
    }
    this._rowOf[i] = idx;
    return idx;
  }
}

/** A snapshot's sized instances' ids, ascending, for `rowOfId`; `at`: their rows in the table when not in id order. */
interface IdIndex {
  ids: Float64Array;
  at?: Int32Array;
}
