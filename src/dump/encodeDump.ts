import { nullRecord } from './nullRecord.js';
import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple, type RefTuple } from './Dump.js';
import { byCodeUnit } from './byCodeUnit.js';
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

/** What `encodeDump` needs from a tracker. */
export interface DumpSource {
  platform: Dump['platform'];
  startTime: number;
  records: readonly RecordRow[];
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
  const rows: Array<number | string | null> = [];
  const ids = new Set<number>();
  for (const r of src.records) {
    let t = -1;
    if (r.trace !== undefined) {
      t = traceIndex.get(r.trace) ?? -1;
      if (t < 0) {
        t = traces.length;
        traces.push(r.trace.map((f): FrameTuple => [f.fn, f.file, f.line, f.column]));
        traceIndex.set(r.trace, t);
      }
    }
    ids.add(r.id);
    rows.push(r.id, nameOf(r.name), r.birth, r.death ?? null, r.resolution, t, r.preview ?? null);
  }
  for (const s of src.snapshots) for (const n of Object.keys(s.classes)) nameOf(n);
  for (const n of src.history.keys()) nameOf(n);
  for (const n of src.folded.keys()) nameOf(n);

  const snapshots = src.snapshots.map((s, i): DumpSnapshot => {
    const cols = i < src.columnsFrom ? undefined : src.columns[i - src.columnsFrom];
    const sizeRows: number[] = [];
    let prev = 0;
    let refs: Record<string, RefTuple[]> | undefined;
    for (let k = 0; cols !== undefined && k < cols.count; k++) {
      const id = cols.ids[k]!;
      // Records folded since (dead beyond deadRecordLimit) are gone; their bytes stay in `classes`.
      if (!ids.has(id)) continue;
      sizeRows.push(id - prev, cols.size[k]!, cols.flat[k]!);
      prev = id;
      const tree = cols.refs?.get(id);
      if (tree !== undefined) (refs ??= nullRecord())[String(id)] = tree.map(refToTuple);
    }
    // Records without a prototype: a class named __proto__ is data, not lost (issue 16).
    const classes: DumpSnapshot['classes'] = nullRecord();
    for (const [n, f] of Object.entries(s.classes)) classes[n] = { ...f };
    const out: DumpSnapshot = {
      id: s.id, label: s.label, time: s.time, sizing: s.sizing, trackedTotal: s.trackedTotal,
      total: structuredTotal(s.total), classes, sizes: { fields: ['id', 'size', 'flat'], rows: sizeRows },
    };
    if (refs !== undefined) out.refs = refs;
    if (cols === undefined) out.sizesDropped = true;
    if (s.coarsened !== undefined) out.coarsened = copySpan(s.coarsened);
    if (s.heapCounts !== undefined) {
      out.heapCounts = nullRecord();
      for (const [n, c] of Object.entries(s.heapCounts)) out.heapCounts[n] = { heap: c.heap, tracked: c.tracked, untracked: c.untracked };
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
      if (!ids.has(id) || path.length === 0) continue;
      retainers[String(id)] = [...path];
      any = true;
    }
    if (any) dump.retainers = retainers;
  }
  return dump;
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
