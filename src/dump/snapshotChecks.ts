import type { DumpSnapshot, RefTuple } from './Dump.js';
import { checkRecord, checkStringArray, corrupt, describe, isFiniteNum, isInt, isRecord, isSize, keyPath, type Rec } from './dumpChecks.js';
import { nullRecord } from './nullRecord.js';
import type { ClassFigures, CoarsenedSpan, HeapCount, MemoryBreakdownEntry, MemoryTotal, TotalSource } from '../types.js';

/** Deepest referent tree a dump may hold (a `resolution` beyond this is not useful, and it bounds recursion). */
export const MAX_REF_DEPTH = 200;

const SOURCES: readonly TotalSource[] = ['measureUserAgentSpecificMemory', 'performance.memory', 'process.memoryUsage', 'none'];

/** A snapshot's platform total (bytes, source, optional breakdown). */
export function checkTotal(v: unknown, path: string): MemoryTotal {
  const t = checkRecord(v, path);
  const bytes = t['bytes'];
  if (!isSize(bytes)) corrupt(`${path}.bytes`, `expected a byte count, got ${describe(bytes)}`);
  const source = t['source'];
  if (!SOURCES.includes(source as TotalSource)) corrupt(`${path}.source`, `expected one of ${SOURCES.join(', ')}, got ${describe(source)}`);
  const out: MemoryTotal = { bytes, source: source as TotalSource };
  const b = t['breakdown'];
  if (b === undefined) return out;
  if (Array.isArray(b)) {
    out.breakdown = b.map((e: unknown, i) => checkBreakdownEntry(e, `${path}.breakdown[${i}]`));
  } else if (isRecord(b)) {
    const rec = nullRecord<number>();
    for (const k of Object.keys(b)) {
      const n = b[k];
      if (!isFiniteNum(n)) corrupt(keyPath(`${path}.breakdown`, k), `expected a number, got ${describe(n)}`);
      rec[k] = n;
    }
    out.breakdown = rec;
  } else {
    corrupt(`${path}.breakdown`, `expected an array or an object, got ${describe(b)}`);
  }
  return out;
}

function checkBreakdownEntry(v: unknown, path: string): MemoryBreakdownEntry {
  const e = checkRecord(v, path);
  const bytes = e['bytes'];
  if (!isSize(bytes)) corrupt(`${path}.bytes`, `expected a byte count, got ${describe(bytes)}`);
  const types = checkStringArray(e['types'], `${path}.types`);
  const attr = e['attribution'];
  if (!Array.isArray(attr)) corrupt(`${path}.attribution`, `expected an array, got ${describe(attr)}`);
  const attribution = attr.map((a: unknown, i) => {
    const ap = `${path}.attribution[${i}]`;
    const r = checkRecord(a, ap);
    const url = r['url'];
    const scope = r['scope'];
    if (typeof url !== 'string') corrupt(`${ap}.url`, `expected a string, got ${describe(url)}`);
    if (typeof scope !== 'string') corrupt(`${ap}.scope`, `expected a string, got ${describe(scope)}`);
    const o: MemoryBreakdownEntry['attribution'][number] = { url, scope };
    if (r['container'] !== undefined) {
      const c = checkRecord(r['container'], `${ap}.container`);
      const container: { id?: string; src?: string } = {};
      for (const k of ['id', 'src'] as const) {
        const cv = c[k];
        if (cv === undefined) continue;
        if (typeof cv !== 'string') corrupt(`${ap}.container.${k}`, `expected a string, got ${describe(cv)}`);
        container[k] = cv;
      }
      o.container = container;
    }
    return o;
  });
  return { bytes, attribution, types };
}

/** A snapshot's per-class figures, into a record without a prototype. */
export function checkClasses(v: unknown, path: string): Record<string, ClassFigures> {
  return checkByName(v, path, (f, p) => {
    const active = f['active'];
    if (!isInt(active) || active < 0) corrupt(`${p}.active`, `expected a non-negative integer, got ${describe(active)}`);
    const bytes = f['bytes'];
    if (!isSize(bytes)) corrupt(`${p}.bytes`, `expected a byte count, got ${describe(bytes)}`);
    const average = f['average'];
    if (!isSize(average)) corrupt(`${p}.average`, `expected a byte count, got ${describe(average)}`);
    const pct = f['pct'];
    if (!isFiniteNum(pct) || pct < 0) corrupt(`${p}.pct`, `expected a non-negative number, got ${describe(pct)}`);
    return { active, bytes, average, pct };
  });
}

/** An object keyed by class name (any string: a null-prototype record) whose values are records, each read by `read`. */
function checkByName<T>(v: unknown, path: string, read: (f: Rec, p: string) => T): Record<string, T> {
  const c = checkRecord(v, path);
  const out = nullRecord<T>();
  for (const name of Object.keys(c)) {
    const p = keyPath(path, name);
    out[name] = read(checkRecord(c[name], p), p);
  }
  return out;
}

/** Per class `{ heap, tracked, untracked }`: counts, with `untracked` what the heap holds beyond the tracked. */
export function checkHeapCounts(v: unknown, path: string): Record<string, HeapCount> {
  return checkByName(v, path, (f, p) => {
    const n = (k: 'heap' | 'tracked' | 'untracked'): number => {
      const x = f[k];
      if (!isInt(x) || x < 0) corrupt(`${p}.${k}`, `expected a non-negative integer, got ${describe(x)}`);
      return x;
    };
    const heap = n('heap');
    const tracked = n('tracked');
    const untracked = n('untracked');
    if (untracked !== Math.max(0, heap - tracked)) corrupt(`${p}.untracked`, `expected heap - tracked (${Math.max(0, heap - tracked)}), got ${untracked}`);
    return { heap, tracked, untracked };
  });
}

/** A coarsened snapshot's span: consistent with the snapshot's own figures (its newest). */
export function checkCoarsened(v: unknown, path: string, snap: DumpSnapshot): CoarsenedSpan {
  const c = checkRecord(v, path);
  const count = c['count'];
  if (!isInt(count) || count < 2) corrupt(`${path}.count`, `expected an integer of at least 2 (snapshots merged), got ${describe(count)}`);
  const firstId = c['firstId'];
  if (!isInt(firstId) || firstId < 0 || firstId >= snap.id) corrupt(`${path}.firstId`, `expected a snapshot id below this one's (${snap.id}), got ${describe(firstId)}`);
  const firstTime = c['firstTime'];
  if (!isFiniteNum(firstTime) || firstTime > snap.time) corrupt(`${path}.firstTime`, `expected a time not after this snapshot's (${snap.time}), got ${describe(firstTime)}`);
  const range = (x: unknown, p: string, width: number, own: readonly number[]): number[] => {
    if (!Array.isArray(x) || x.length !== width) corrupt(p, `expected an array of ${width} byte counts, got ${describe(x)}`);
    const r = x as unknown[];
    for (let k = 0; k < width; k++) if (!isSize(r[k])) corrupt(`${p}[${k}]`, `expected a byte count, got ${describe(r[k])}`);
    const n = r as number[];
    // Each [min, max] pair holds the snapshot's own figure: the entry carries its newest snapshot's figures.
    for (let k = 0; k < width; k += 2) {
      if (n[k]! > n[k + 1]!) corrupt(`${p}[${k}]`, `min ${n[k]!} is above max ${n[k + 1]!}`);
      const f = own[k / 2];
      if (f !== undefined && (f < n[k]! || f > n[k + 1]!)) corrupt(p, `the snapshot's own figure ${f} is outside [${n[k]!}, ${n[k + 1]!}]`);
    }
    return n;
  };
  const trackedTotal = range(c['trackedTotal'], `${path}.trackedTotal`, 2, [snap.trackedTotal]) as [number, number];
  const totalBytes = range(c['totalBytes'], `${path}.totalBytes`, 2, [snap.total.bytes]) as [number, number];
  const cl = checkRecord(c['classes'], `${path}.classes`);
  const classes: CoarsenedSpan['classes'] = nullRecord();
  for (const name of Object.keys(cl)) {
    const own = snap.classes[name];
    classes[name] = range(cl[name], keyPath(`${path}.classes`, name), 4, own === undefined ? [] : [own.active, own.bytes]) as CoarsenedSpan['classes'][string];
  }
  return { count, firstId, firstTime, trackedTotal, totalBytes, classes };
}

/** A referent list at `depth` (1 for an instance's own referents), with its children, at most MAX_REF_DEPTH levels. */
export function checkRefList(v: unknown, path: string, depth: number): RefTuple[] {
  if (!Array.isArray(v)) corrupt(path, `expected an array of referents, got ${describe(v)}`);
  if (depth > MAX_REF_DEPTH) corrupt(path, `referent tree deeper than ${MAX_REF_DEPTH} levels`);
  const out: RefTuple[] = [];
  for (let i = 0; i < v.length; i++) out.push(checkRef(v[i], `${path}[${i}]`, depth));
  return out;
}

function checkRef(v: unknown, path: string, depth: number): RefTuple {
  if (!Array.isArray(v) || v.length < 4 || v.length > 5) corrupt(path, `expected a referent [name, size, flat, refs, preview?], got ${describe(v)}`);
  const [name, size, flat, refs, preview] = v as unknown[];
  if (typeof name !== 'string') corrupt(`${path}[0]`, `expected a name string, got ${describe(name)}`);
  if (!isSize(size)) corrupt(`${path}[1]`, `expected a byte count, got ${describe(size)}`);
  if (!isSize(flat)) corrupt(`${path}[2]`, `expected a byte count, got ${describe(flat)}`);
  const children = checkRefList(refs, `${path}[3]`, depth + 1);
  const t: RefTuple = [name, size, flat, children];
  if (preview !== undefined && preview !== null) {
    if (typeof preview !== 'string') corrupt(`${path}[4]`, `expected a preview string, got ${describe(preview)}`);
    t.push(preview);
  }
  return t;
}
