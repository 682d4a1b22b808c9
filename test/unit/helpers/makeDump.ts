import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple, type RefTuple } from '../../../src/dump/Dump.js';
import type { ClassFigures, FoldedClass, HistoryPoint, Mark, MemoryTotal, TraceFrame } from '../../../src/types.js';

/** A referent in a friendly form: `[name, size]`, `[name, size, flat, children, preview]` or an object. */
export type RefSpec =
  | [name: string, size: number, flat?: number, refs?: RefSpec[], preview?: string]
  | { name: string; size: number; flat?: number; refs?: RefSpec[]; preview?: string };

export interface InstanceSpec {
  /** Default: position + 1. */
  id?: number;
  name: string;
  birth?: number;
  death?: number;
  resolution?: number;
  trace?: TraceFrame[];
  preview?: string;
}

/** A size: bytes, or `{ size, flat, refs }`. */
export type SizeSpec = number | { size: number; flat?: number; refs?: RefSpec[] };

export interface SnapshotSpec {
  label?: string;
  /** Default: 1000 * position + 1000. */
  time?: number;
  /** Platform total bytes (source process.memoryUsage), or a whole MemoryTotal. Default 10 MiB. */
  total?: number | MemoryTotal;
  /** Sizes by instance id; instances not listed are not sized in this snapshot. */
  sizes?: Record<number, SizeSpec>;
  /** Overrides of the computed per-class figures. */
  classes?: Record<string, ClassFigures>;
}

export interface DumpSpec {
  instances?: InstanceSpec[];
  snapshots?: SnapshotSpec[];
  platform?: Dump['platform'];
  history?: Record<string, HistoryPoint[]>;
  folded?: Record<string, FoldedClass>;
  marks?: Mark[];
  /** Extra names (classes with no instance rows). */
  names?: string[];
}

function refTuple(r: RefSpec): RefTuple {
  const o = Array.isArray(r) ? { name: r[0], size: r[1], flat: r[2], refs: r[3], preview: r[4] } : r;
  const t: RefTuple = [o.name, o.size, o.flat ?? o.size, (o.refs ?? []).map(refTuple)];
  if (o.preview !== undefined) t.push(o.preview);
  return t;
}

/** Builds a valid dump from a friendly description: ids, names, traces, delta-encoded sizes and class figures are derived. */
export function makeDump(spec: DumpSpec = {}): Dump {
  const insts = (spec.instances ?? []).map((s, i) => ({ ...s, id: s.id ?? i + 1, birth: s.birth ?? 0 }));
  const names: string[] = [];
  const nameOf = (n: string): number => {
    let i = names.indexOf(n);
    if (i < 0) i = names.push(n) - 1;
    return i;
  };
  const traces: FrameTuple[][] = [];
  const rows: Array<number | string | null> = [];
  for (const s of insts) {
    let t = -1;
    if (s.trace !== undefined) t = traces.push(s.trace.map((f): FrameTuple => [f.fn, f.file, f.line, f.column])) - 1;
    rows.push(s.id, nameOf(s.name), s.birth, s.death ?? null, s.resolution ?? 0, t, s.preview ?? null);
  }
  for (const n of spec.names ?? []) nameOf(n);
  const snapshots = (spec.snapshots ?? []).map((s, i): DumpSnapshot => {
    const time = s.time ?? 1000 * (i + 1);
    const total: MemoryTotal = typeof s.total === 'object' ? s.total : { bytes: s.total ?? 10 * 1024 * 1024, source: 'process.memoryUsage' };
    const entries = Object.entries(s.sizes ?? {})
      .map(([id, v]) => [Number(id), typeof v === 'number' ? { size: v } : v] as const)
      .sort((a, b) => a[0] - b[0]);
    const sizeRows: number[] = [];
    let prev = 0;
    let refs: Record<string, RefTuple[]> | undefined;
    const bytes = new Map<string, number>();
    let trackedTotal = 0;
    for (const [id, v] of entries) {
      sizeRows.push(id - prev, v.size, v.flat ?? v.size);
      prev = id;
      if (v.refs !== undefined) (refs ??= {})[String(id)] = v.refs.map(refTuple);
      const inst = insts.find((x) => x.id === id);
      if (inst === undefined) throw new Error(`makeDump: size for unknown id ${id}`);
      bytes.set(inst.name, (bytes.get(inst.name) ?? 0) + v.size);
      trackedTotal += v.size;
    }
    const classes: Record<string, ClassFigures> = {};
    for (const name of new Set(insts.map((x) => x.name))) {
      const active = insts.filter((x) => x.name === name && x.birth < time && (x.death === undefined || x.death > time)).length;
      const b = bytes.get(name) ?? 0;
      const denom = total.source === 'none' ? trackedTotal : total.bytes;
      classes[name] = { active, bytes: b, average: active > 0 ? b / active : 0, pct: denom > 0 ? (b * 100) / denom : 0 };
    }
    Object.assign(classes, s.classes ?? {});
    const out: DumpSnapshot = {
      id: i + 1, label: s.label ?? '', time, sizing: 'model', trackedTotal, total, classes,
      sizes: { fields: ['id', 'size', 'flat'], rows: sizeRows },
    };
    if (refs !== undefined) out.refs = refs;
    return out;
  });
  return {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    created: '2025-01-01T00:00:00.000Z',
    platform: spec.platform ?? { name: 'node', taggedSize: 8, runtime: 'node v20.20.0' },
    startTime: 1_700_000_000_000,
    names,
    traces,
    instances: { fields: ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'], rows },
    snapshots,
    history: spec.history ?? {},
    folded: spec.folded ?? {},
    marks: spec.marks ?? [],
  };
}

/** The tutorial's SCons example: five classes over four snapshots, sized to give its figures. */
export function tutorialDump(): Dump {
  const KB = 1024;
  const MB = 1024 * 1024;
  const classes = ['SCons.Executor.Executor', 'SCons.Node.FS.Base', 'SCons.Node.FS.Dir', 'SCons.Node.FS.File', 'SCons.Node.Node'];
  const instances: InstanceSpec[] = classes.map((name) => ({ name, birth: 1, preview: `<${name}>` }));
  const fig = (active: number, bytes: number, total: number): ClassFigures => ({ active, bytes, average: active ? bytes / active : 0, pct: (bytes * 100) / total });
  const t0 = 4.17 * MB;
  const t3 = 34.77 * MB;
  return makeDump({
    instances,
    snapshots: [
      {
        label: 'before reading SConscript files:', total: Math.round(t0),
        sizes: { 1: Math.round(7.53 * KB), 2: Math.round(9.3 * KB), 3: Math.round(17.77 * KB), 4: Math.round(2.91 * KB), 5: 0 },
        classes: {
          'SCons.Executor.Executor': fig(7, 7.53 * KB, t0), 'SCons.Node.FS.Base': fig(1, 9.3 * KB, t0), 'SCons.Node.FS.Dir': fig(6, 17.77 * KB, t0),
          'SCons.Node.FS.File': fig(1, 2.91 * KB, t0), 'SCons.Node.Node': fig(0, 0, t0),
        },
      },
      { label: 'after reading SConscript files:', total: Math.round(13.06 * MB), sizes: { 1: 100, 2: 100, 3: 100, 4: 100, 5: 100 } },
      { label: 'before building targets:', total: Math.round(13.41 * MB), sizes: { 1: 100, 2: 100, 3: 100, 4: 100, 5: 100 } },
      {
        label: 'after building targets:', total: Math.round(t3),
        sizes: { 1: Math.round(3.57 * MB), 2: Math.round(4.84 * MB), 3: Math.round(5.67 * MB), 4: Math.round(10.45 * MB), 5: Math.round(84.93 * KB) },
        classes: {
          'SCons.Executor.Executor': fig(1311, 3.57 * MB, t3), 'SCons.Node.FS.Base': fig(1102, 4.84 * MB, t3), 'SCons.Node.FS.Dir': fig(108, 5.67 * MB, t3),
          'SCons.Node.FS.File': fig(2302, 10.45 * MB, t3), 'SCons.Node.Node': fig(1, 84.93 * KB, t3),
        },
      },
    ],
  });
}
