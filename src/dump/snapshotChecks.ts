import type { RefTuple } from './Dump.js';
import { checkRecord, checkStringArray, corrupt, describe, isFiniteNum, isInt, isRecord, isSize, keyPath } from './dumpChecks.js';
import { nullRecord } from './nullRecord.js';
import type { ClassFigures, MemoryBreakdownEntry, MemoryTotal, TotalSource } from '../types.js';

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
  const c = checkRecord(v, path);
  const out = nullRecord<ClassFigures>();
  for (const name of Object.keys(c)) {
    const p = keyPath(path, name);
    const f = checkRecord(c[name], p);
    const active = f['active'];
    if (!isInt(active) || active < 0) corrupt(`${p}.active`, `expected a non-negative integer, got ${describe(active)}`);
    const bytes = f['bytes'];
    if (!isSize(bytes)) corrupt(`${p}.bytes`, `expected a byte count, got ${describe(bytes)}`);
    const average = f['average'];
    if (!isSize(average)) corrupt(`${p}.average`, `expected a byte count, got ${describe(average)}`);
    const pct = f['pct'];
    if (!isFiniteNum(pct) || pct < 0) corrupt(`${p}.pct`, `expected a non-negative number, got ${describe(pct)}`);
    out[name] = { active, bytes, average, pct };
  }
  return out;
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
