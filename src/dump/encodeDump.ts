import { nullRecord } from './nullRecord.js';
import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple, type RefTuple } from './Dump.js';
import { byCodeUnit } from './byCodeUnit.js';
import { rowOfId } from './rowOfId.js';
import type { CoarsenedSpan, FoldedClass, HistoryPoint, Mark, RefNode, Snapshot, TraceFrame } from '../types.js';

/** The fields of one instance record, as dumps and `TrackedObject` expose them. */
export interface RecordRow {
  readonly id: number;
  readonly name: string;
  readonly birth: number;
  readonly death: number | undefined;
  readonly resolution: number;
  readonly trace: readonly TraceFrame[] | undefined;
  readonly preview: string | undefined;
}

/** Per-snapshot columnar sizes as the tracker keeps them: rows in id order. */
export interface SnapshotColumns {
  ids: Float64Array;
  size: Float64Array;
  flat: Float64Array;
  count: number;
  refs: Map<number, RefNode[]> | undefined;
}

/**
 * The instance records as columns, slot `i` from 0 to `length - 1` in increasing id order
 * (a tracker's RecordStore): read in place, so a dump costs no object per record.
 */
export interface RecordColumns {
  readonly length: number;
  /** Names by name slot. */
  readonly names: readonly string[];
  id(i: number): number;
  slotAt(i: number): number;
  birth(i: number): number;
  deathAt(i: number): number | undefined;
  resolution(i: number): number;
  trace(id: number): readonly TraceFrame[] | undefined;
  preview(id: number): string | undefined;
}

/** What `encodeDump` needs from a tracker. */
export interface DumpSource {
  platform: Dump['platform'];
  startTime: number;
  records: RecordColumns;
  snapshots: readonly Snapshot[];
  /** Per-instance sizes of `snapshots[columnsFrom]` on; older snapshots have none (`sizesDropped`). */
  columns: readonly SnapshotColumns[];
  columnsFrom: number;
  /** Per-name count histories (a tracker's `CountHistory`). */
  history: ReadonlyMap<string, { points(): HistoryPoint[] }>;
  folded: ReadonlyMap<string, FoldedClass>;
  marks: readonly Mark[];
  /** Names of the attached classes. */
  attached?: readonly string[];
  /** Retainer paths recorded by a leak check, by instance id; ids not in `records` are left out. */
  retainers?: ReadonlyMap<number, readonly string[]>;
}

/** Converts a referent tree to the dump's tuple form. */
export function refToTuple(node: RefNode): RefTuple {
  const t: RefTuple = [node.name, node.size, node.flat, node.refs.map(refToTuple)];
  if (node.preview !== undefined) t.push(node.preview);
  return t;
}

/** Builds the versioned, columnar dump of a tracker's state (the inverse of the dump readers). */
export function encodeDump(src: DumpSource): Dump {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const nameOf = (n: string): number => {
    let i = nameIndex.get(n);
    if (i === undefined) {
      i = names.length;
      names.push(n);
      nameIndex.set(n, i);
    }
    return i;
  };
  const traces: FrameTuple[][] = [];
  const traceIndex = new Map<readonly TraceFrame[], number>();
  const recs = src.records;
  const n = recs.length;
  // Seven values per record, read in place (no row object), pushed (see `packedArray`).
  const rows = packedArray<number | string | null>(null);
  // Record ids in slot order, for the size rows' membership test (a merge walk, no Set).
  const ids = new Float64Array(n);
  const nameAt = new Int32Array(recs.names.length).fill(-1);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const id = recs.id(i);
    if (i > 0 && !(id > ids[i - 1]!)) sorted = false;
    ids[i] = id;
    const slot = recs.slotAt(i);
    let name = nameAt[slot]!;
    if (name < 0) name = nameAt[slot] = nameOf(recs.names[slot]!);
    const trace = recs.trace(id);
    let t = -1;
    if (trace !== undefined) {
      t = traceIndex.get(trace) ?? -1;
      if (t < 0) {
        t = traces.length;
        traces.push(trace.map((f): FrameTuple => [f.fn, f.file, f.line, f.column]));
        traceIndex.set(trace, t);
      }
    }
    rows.push(id, name, recs.birth(i), recs.deathAt(i) ?? null, recs.resolution(i), t, recs.preview(id) ?? null);
  }
  // Ids out of order cannot happen in a tracker's store; a Set keeps the encoding right anyway.
  const idSet = sorted ? undefined : new Set(ids);
  const hasId = (id: number): boolean => (idSet !== undefined ? idSet.has(id) : rowOfId(ids, n, id) >= 0);
  for (const s of src.snapshots) for (const name of Object.keys(s.classes)) nameOf(name);
  for (const name of src.history.keys()) nameOf(name);
  for (const name of src.folded.keys()) nameOf(name);

  const snapshots = src.snapshots.map((s, i): DumpSnapshot => {
    const cols = i < src.columnsFrom ? undefined : src.columns[i - src.columnsFrom];
    const sizes = cols === undefined ? { rows: [] as number[], refs: undefined } : sizeRows(cols, ids, idSet);
    // Records without a prototype: a class named __proto__ is data, not lost (issue 16).
    const classes: DumpSnapshot['classes'] = nullRecord();
    for (const [name, f] of Object.entries(s.classes)) classes[name] = { ...f };
    const out: DumpSnapshot = {
      id: s.id, label: s.label, time: s.time, sizing: s.sizing, trackedTotal: s.trackedTotal,
      total: structuredTotal(s.total), classes, sizes: { fields: ['id', 'size', 'flat'], rows: sizes.rows },
    };
    if (sizes.refs !== undefined) out.refs = sizes.refs;
    if (cols === undefined) out.sizesDropped = true;
    if (s.coarsened !== undefined) out.coarsened = copySpan(s.coarsened);
    if (s.heapCounts !== undefined) {
      out.heapCounts = nullRecord();
      for (const [name, c] of Object.entries(s.heapCounts)) out.heapCounts[name] = { heap: c.heap, tracked: c.tracked, untracked: c.untracked };
    }
    return out;
  });

  const history: Dump['history'] = nullRecord();
  for (const [n, h] of src.history) history[n] = h.points();
  const folded: Dump['folded'] = nullRecord();
  for (const [n, f] of src.folded) folded[n] = { ...f };

  const dump: Dump = {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    created: new Date().toISOString(),
    platform: { ...src.platform },
    startTime: src.startTime,
    names,
    traces,
    instances: { fields: ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'], rows },
    snapshots,
    history,
    folded,
    marks: src.marks.map((m) => ({ ...m, ...(m.detail ? { detail: Object.assign(nullRecord<string>(), m.detail) } : {}) })),
  };
  if (src.attached !== undefined && src.attached.length > 0) dump.attached = [...new Set(src.attached)].sort(byCodeUnit);
  if (src.retainers !== undefined) {
    const retainers = nullRecord<string[]>();
    let any = false;
    for (const [id, path] of src.retainers) {
      if (!hasId(id) || path.length === 0) continue;
      retainers[String(id)] = [...path];
      any = true;
    }
    if (any) dump.retainers = retainers;
  }
  return dump;
}

/**
 * One snapshot's size rows (id delta, size, flat) and referent trees, for the rows whose record is
 * still in `ids` (ascending; `idSet` instead when not): records folded since (dead beyond
 * deadRecordLimit) are gone, their bytes stay in the snapshot's `classes`. Both lists ascend, so
 * one merge walk tests membership.
 */
function sizeRows(cols: SnapshotColumns, ids: Float64Array, idSet: Set<number> | undefined): { rows: number[]; refs: Record<string, RefTuple[]> | undefined } {
  const count = cols.count;
  const colIds = cols.ids;
  const size = cols.size;
  const flat = cols.flat;
  const trees = cols.refs;
  const n = ids.length;
  const rows = packedArray<number>(0.5);
  let refs: Record<string, RefTuple[]> | undefined;
  let prev = 0;
  let last = -Infinity;
  for (let k = 0, j = 0; k < count; k++) {
    const id = colIds[k]!;
    if (idSet !== undefined) {
      if (!idSet.has(id)) continue;
    } else {
      // Columns are in id order; should one ever step back, the walk restarts (slower, still right).
      if (id < last) j = 0;
      last = id;
      while (j < n && ids[j]! < id) j++;
      if (j === n || ids[j] !== id) continue;
    }
    rows.push(id - prev, size[k]!, flat[k]!);
    prev = id;
    if (trees !== undefined) {
      const tree = trees.get(id);
      if (tree !== undefined) (refs ??= nullRecord())[String(id)] = tree.map(refToTuple);
    }
  }
  return { rows, refs };
}

/**
 * An empty array already of the element kind `sample` needs (V8: doubles, or any value), so the
 * pushes that fill it never convert it. Not preallocated: `new Array(n)` is holey, and
 * JSON.stringify serializes a holey array several times slower than a packed one.
 */
function packedArray<T>(sample: T): T[] {
  const a = [sample];
  a.pop();
  return a;
}

/** A coarsened snapshot's span as plain data (its class record without a prototype). */
export function copySpan(c: CoarsenedSpan): CoarsenedSpan {
  const classes: CoarsenedSpan['classes'] = nullRecord();
  for (const [n, r] of Object.entries(c.classes)) classes[n] = [r[0], r[1], r[2], r[3]];
  return { count: c.count, firstId: c.firstId, firstTime: c.firstTime, trackedTotal: [c.trackedTotal[0], c.trackedTotal[1]], totalBytes: [c.totalBytes[0], c.totalBytes[1]], classes };
}

function structuredTotal(t: Snapshot['total']): Snapshot['total'] {
  const out: Snapshot['total'] = { bytes: t.bytes, source: t.source };
  if (Array.isArray(t.breakdown)) out.breakdown = t.breakdown.map((e) => ({ bytes: e.bytes, attribution: e.attribution.map((a) => ({ ...a })), types: [...e.types] }));
  else if (t.breakdown !== undefined) out.breakdown = { ...t.breakdown };
  return out;
}
