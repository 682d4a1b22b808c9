import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple, type InstanceField, type RefTuple, type Table } from './Dump.js';
import { nullRecord } from './nullRecord.js';
import { SdkError } from './SdkError.js';
import type { ClassFigures, FoldedClass, HistoryPoint, Mark, MemoryBreakdownEntry, MemoryTotal, TotalSource } from './types.js';

/** Deepest referent tree a dump may hold (a `resolution` beyond this is not useful, and it bounds recursion). */
export const MAX_REF_DEPTH = 200;

const INSTANCE_FIELDS: readonly InstanceField[] = ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'];
const SIZE_FIELDS = ['id', 'size', 'flat'] as const;
const SOURCES: readonly TotalSource[] = ['measureUserAgentSpecificMemory', 'performance.memory', 'process.memoryUsage', 'none'];
const FOLDED_FIELDS: ReadonlyArray<keyof FoldedClass> = ['count', 'lifetimeTotal', 'lifetimeMin', 'lifetimeMax', 'maxSize', 'firstBirth', 'lastDeath'];

type Rec = Record<string, unknown>;

/**
 * Checks a parsed dump against the format (docs/dump-format.md) and returns a normalized copy
 * whose records have null prototypes. Throws `SdkError` (E_DUMP_FORMAT, E_DUMP_VERSION or
 * E_DUMP_CORRUPT with the path of the first problem); never returns a partly valid dump.
 */
export function validateDump(value: unknown): Dump {
  if (!isRecord(value)) throw new SdkError('E_DUMP_FORMAT', `not a heapcensus dump: the data is ${describe(value)}, not a JSON object`);
  if (value['format'] !== DUMP_FORMAT) {
    const got = 'format' in value ? `"format" is ${describe(value['format'])}` : 'it has no "format" field';
    throw new SdkError('E_DUMP_FORMAT', `not a heapcensus dump: ${got} (expected "${DUMP_FORMAT}")`);
  }
  const version = value['version'];
  if (!isInt(version) || version < 1) corrupt('version', `expected a positive integer, got ${describe(version)}`);
  if (version > DUMP_VERSION) {
    throw new SdkError('E_DUMP_VERSION', `heapcensus dump version ${version} is newer than this heapcensus reads (version ${DUMP_VERSION}); upgrade heapcensus to read it`);
  }
  try {
    return new Checker().dump(value, version);
  } catch (e) {
    if (e instanceof SdkError) throw e;
    // A safety net: whatever slipped past the checks, the caller gets a dump error, not a crash.
    throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: unreadable structure (${e instanceof Error ? e.name : 'error'})`);
  }
}

function corrupt(path: string, what: string): never {
  // Paths deep in a referent tree grow by 3 characters a level: keep the message readable.
  const p = path.length > 160 ? `${path.slice(0, 80)}…${path.slice(-60)}` : path;
  throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: ${p}: ${what}`);
}

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function isFiniteNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isSize(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** A short, safe description of an unexpected value for an error message. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string': {
      const s = JSON.stringify(v.length > 24 ? `${v.slice(0, 21)}...` : v);
      return s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
    case 'number':
      return Number.isFinite(v) ? String(v) : String(v);
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'missing';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

/** `a.b`, or `a["odd key"]` for keys that are not identifiers (keys come from untrusted input). */
function keyPath(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$]{0,63}$/.test(key)) return `${base}.${key}`;
  return `${base}[${describe(key)}]`;
}


class Checker {
  private _names: string[] = [];
  private _traceCount = 0;
  /** Instance id -> row index in the instance table. */
  private _ids = new Map<number, number>();
  /** Per instance row: the last snapshot (1-based position) that sized it, to catch duplicate rows. */
  private _sizedIn = new Int32Array(0);

  dump(v: Rec, version: number): Dump {
    const created = v['created'];
    if (typeof created !== 'string') corrupt('created', `expected a string, got ${describe(created)}`);
    const platform = this.platform(v['platform']);
    const startTime = v['startTime'];
    if (!isFiniteNum(startTime)) corrupt('startTime', `expected a number, got ${describe(startTime)}`);
    this._names = this.stringArray(v['names'], 'names');
    const traces = this.traces(v['traces']);
    const instances = this.instances(v['instances']);
    const snapsIn = v['snapshots'];
    if (!Array.isArray(snapsIn)) corrupt('snapshots', `expected an array, got ${describe(snapsIn)}`);
    const snapIds = new Set<number>();
    const snapshots: DumpSnapshot[] = [];
    for (let i = 0; i < snapsIn.length; i++) {
      const s = this.snapshot(snapsIn[i], `snapshots[${i}]`, i + 1);
      if (snapIds.has(s.id)) corrupt(`snapshots[${i}].id`, `duplicate snapshot id ${s.id}`);
      snapIds.add(s.id);
      snapshots.push(s);
    }
    return {
      format: DUMP_FORMAT,
      version,
      created,
      platform,
      startTime,
      names: this._names,
      traces,
      instances,
      snapshots,
      history: this.history(v['history']),
      folded: this.folded(v['folded']),
      marks: this.marks(v['marks']),
      ...(v['attached'] === undefined ? {} : { attached: this.stringArray(v['attached'], 'attached') }),
      ...(v['retainers'] === undefined ? {} : { retainers: this.retainers(v['retainers']) }),
    };
  }

  /** `retainers`: instance ids of the instance table -> non-empty paths of strings. */
  private retainers(v: unknown): Record<string, string[]> {
    const r = this.record(v, 'retainers');
    const out = nullRecord<string[]>();
    for (const key of Object.keys(r)) {
      const p = keyPath('retainers', key);
      if (!/^(0|[1-9]\d{0,15})$/.test(key)) corrupt(p, 'expected an instance id as the key');
      if (!this._ids.has(Number(key))) corrupt(p, `instance id ${key} is not in the instance table`);
      const steps = this.stringArray(r[key], p);
      if (steps.length === 0) corrupt(p, 'expected at least one step in a retainer path');
      out[key] = steps;
    }
    return out;
  }

  private record(v: unknown, path: string): Rec {
    if (!isRecord(v)) corrupt(path, `expected an object, got ${describe(v)}`);
    return v;
  }

  private stringArray(v: unknown, path: string): string[] {
    if (!Array.isArray(v)) corrupt(path, `expected an array, got ${describe(v)}`);
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const s: unknown = v[i];
      if (typeof s !== 'string') corrupt(`${path}[${i}]`, `expected a string, got ${describe(s)}`);
      out.push(s);
    }
    return out;
  }

  private platform(v: unknown): Dump['platform'] {
    const p = this.record(v, 'platform');
    const name = p['name'];
    if (name !== 'node' && name !== 'browser') corrupt('platform.name', `expected "node" or "browser", got ${describe(name)}`);
    const taggedSize = p['taggedSize'];
    if (taggedSize !== 4 && taggedSize !== 8) corrupt('platform.taggedSize', `expected 4 or 8, got ${describe(taggedSize)}`);
    const out: Dump['platform'] = { name, taggedSize };
    const runtime = p['runtime'];
    if (runtime !== undefined) {
      if (typeof runtime !== 'string') corrupt('platform.runtime', `expected a string, got ${describe(runtime)}`);
      out.runtime = runtime;
    }
    return out;
  }

  private traces(v: unknown): FrameTuple[][] {
    if (!Array.isArray(v)) corrupt('traces', `expected an array, got ${describe(v)}`);
    const out: FrameTuple[][] = [];
    for (let i = 0; i < v.length; i++) {
      const t: unknown = v[i];
      if (!Array.isArray(t)) corrupt(`traces[${i}]`, `expected an array of frames, got ${describe(t)}`);
      const frames: FrameTuple[] = [];
      for (let k = 0; k < t.length; k++) {
        const f: unknown = t[k];
        const path = `traces[${i}][${k}]`;
        if (!Array.isArray(f) || f.length !== 4) corrupt(path, `expected a frame [fn, file, line, column], got ${describe(f)}`);
        const [fn, file, line, column] = f as unknown[];
        if (typeof fn !== 'string') corrupt(`${path}[0]`, `expected a function name string, got ${describe(fn)}`);
        if (typeof file !== 'string') corrupt(`${path}[1]`, `expected a file string, got ${describe(file)}`);
        if (!isInt(line) || line < 0) corrupt(`${path}[2]`, `expected a line number, got ${describe(line)}`);
        if (!isInt(column) || column < 0) corrupt(`${path}[3]`, `expected a column number, got ${describe(column)}`);
        frames.push([fn, file, line, column]);
      }
      out.push(frames);
    }
    this._traceCount = out.length;
    return out;
  }

  /** Checks a table's shape and returns its column offsets, required ones first. */
  private table(v: unknown, path: string, required: readonly string[]): { fields: string[]; rows: Table['rows']; offsets: number[] } {
    const t = this.record(v, path);
    const fields = this.stringArray(t['fields'], `${path}.fields`);
    const seen = new Set<string>();
    for (let i = 0; i < fields.length; i++) {
      if (seen.has(fields[i]!)) corrupt(`${path}.fields[${i}]`, `duplicate column ${describe(fields[i])}`);
      seen.add(fields[i]!);
    }
    const offsets = required.map((f) => {
      const o = fields.indexOf(f);
      if (o < 0) corrupt(`${path}.fields`, `missing the required column "${f}"`);
      return o;
    });
    const rows = t['rows'];
    if (!Array.isArray(rows)) corrupt(`${path}.rows`, `expected an array, got ${describe(rows)}`);
    if (rows.length % fields.length !== 0) {
      corrupt(`${path}.rows`, `${rows.length} values is not a whole number of rows of ${fields.length} columns`);
    }
    return { fields, rows: rows as Table['rows'], offsets };
  }

  private instances(v: unknown): Table<InstanceField> {
    const { fields, rows, offsets } = this.table(v, 'instances', INSTANCE_FIELDS);
    const [oId, oName, oBirth, oDeath, oRes, oTrace, oPreview] = offsets as [number, number, number, number, number, number, number];
    const stride = fields.length;
    const count = rows.length / stride;
    const nNames = this._names.length;
    const ids = this._ids;
    const bad = (r: number, col: number, what: string): never => corrupt(`instances.rows[${r * stride + col}]`, `${fields[col]} of instance row ${r}: ${what}`);
    for (let r = 0; r < count; r++) {
      const base = r * stride;
      const id = rows[base + oId];
      if (!isInt(id) || id < 0) bad(r, oId, `expected a non-negative integer id, got ${describe(id)}`);
      if (ids.has(id as number)) bad(r, oId, `duplicate instance id ${id as number}`);
      ids.set(id as number, r);
      const name = rows[base + oName];
      if (!isInt(name) || name < 0 || name >= nNames) bad(r, oName, `expected an index into names (0..${nNames - 1}), got ${describe(name)}`);
      const birth = rows[base + oBirth];
      if (!isFiniteNum(birth)) bad(r, oBirth, `expected a number, got ${describe(birth)}`);
      const death = rows[base + oDeath];
      if (death !== null && (!isFiniteNum(death) || death < (birth as number))) bad(r, oDeath, `expected null or a time not before birth, got ${describe(death)}`);
      const res = rows[base + oRes];
      if (!isInt(res) || res < 0) bad(r, oRes, `expected a non-negative integer, got ${describe(res)}`);
      const trace = rows[base + oTrace];
      if (!isInt(trace) || trace < -1 || trace >= this._traceCount) bad(r, oTrace, `expected -1 or an index into traces, got ${describe(trace)}`);
      const preview = rows[base + oPreview];
      if (preview !== null && typeof preview !== 'string') bad(r, oPreview, `expected a string or null, got ${describe(preview)}`);
      for (let c = 0; c < stride; c++) {
        const cell = rows[base + c];
        if (cell !== null && typeof cell !== 'string' && !isFiniteNum(cell)) bad(r, c, `expected a number, string or null, got ${describe(cell)}`);
      }
    }
    this._sizedIn = new Int32Array(count);
    return { fields: fields as InstanceField[], rows };
  }

  private snapshot(v: unknown, path: string, position: number): DumpSnapshot {
    const s = this.record(v, path);
    const id = s['id'];
    if (!isInt(id) || id < 0) corrupt(`${path}.id`, `expected a non-negative integer, got ${describe(id)}`);
    const label = s['label'];
    if (typeof label !== 'string') corrupt(`${path}.label`, `expected a string, got ${describe(label)}`);
    const time = s['time'];
    if (!isFiniteNum(time)) corrupt(`${path}.time`, `expected a number, got ${describe(time)}`);
    const sizing = s['sizing'];
    if (sizing !== 'model' && sizing !== 'exact') corrupt(`${path}.sizing`, `expected "model" or "exact", got ${describe(sizing)}`);
    const trackedTotal = s['trackedTotal'];
    if (!isSize(trackedTotal)) corrupt(`${path}.trackedTotal`, `expected a byte count, got ${describe(trackedTotal)}`);
    const total = this.total(s['total'], `${path}.total`);
    const classes = this.classes(s['classes'], `${path}.classes`);
    const sizes = this.sizes(s['sizes'], `${path}.sizes`, position);
    const out: DumpSnapshot = { id, label, time, sizing, trackedTotal, total, classes, sizes };
    if (s['refs'] !== undefined) out.refs = this.refsRecord(s['refs'], `${path}.refs`, position);
    const dropped = s['sizesDropped'];
    if (dropped !== undefined) {
      if (dropped !== true) corrupt(`${path}.sizesDropped`, `expected true when present, got ${describe(dropped)}`);
      if (sizes.rows.length > 0 || out.refs !== undefined) corrupt(`${path}.sizesDropped`, 'a snapshot whose per-instance sizes were dropped has no sizes rows and no refs');
      out.sizesDropped = true;
    }
    return out;
  }

  private total(v: unknown, path: string): MemoryTotal {
    const t = this.record(v, path);
    const bytes = t['bytes'];
    if (!isSize(bytes)) corrupt(`${path}.bytes`, `expected a byte count, got ${describe(bytes)}`);
    const source = t['source'];
    if (!SOURCES.includes(source as TotalSource)) corrupt(`${path}.source`, `expected one of ${SOURCES.join(', ')}, got ${describe(source)}`);
    const out: MemoryTotal = { bytes, source: source as TotalSource };
    const b = t['breakdown'];
    if (b === undefined) return out;
    if (Array.isArray(b)) {
      out.breakdown = b.map((e: unknown, i) => this.breakdownEntry(e, `${path}.breakdown[${i}]`));
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

  private breakdownEntry(v: unknown, path: string): MemoryBreakdownEntry {
    const e = this.record(v, path);
    const bytes = e['bytes'];
    if (!isSize(bytes)) corrupt(`${path}.bytes`, `expected a byte count, got ${describe(bytes)}`);
    const types = this.stringArray(e['types'], `${path}.types`);
    const attr = e['attribution'];
    if (!Array.isArray(attr)) corrupt(`${path}.attribution`, `expected an array, got ${describe(attr)}`);
    const attribution = attr.map((a: unknown, i) => {
      const ap = `${path}.attribution[${i}]`;
      const r = this.record(a, ap);
      const url = r['url'];
      const scope = r['scope'];
      if (typeof url !== 'string') corrupt(`${ap}.url`, `expected a string, got ${describe(url)}`);
      if (typeof scope !== 'string') corrupt(`${ap}.scope`, `expected a string, got ${describe(scope)}`);
      const o: MemoryBreakdownEntry['attribution'][number] = { url, scope };
      if (r['container'] !== undefined) {
        const c = this.record(r['container'], `${ap}.container`);
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

  private classes(v: unknown, path: string): Record<string, ClassFigures> {
    const c = this.record(v, path);
    const out = nullRecord<ClassFigures>();
    for (const name of Object.keys(c)) {
      const p = keyPath(path, name);
      const f = this.record(c[name], p);
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

  private sizes(v: unknown, path: string, position: number): DumpSnapshot['sizes'] {
    const { fields, rows, offsets } = this.table(v, path, SIZE_FIELDS);
    const [oId, oSize, oFlat] = offsets as [number, number, number];
    const stride = fields.length;
    const count = rows.length / stride;
    const sizedIn = this._sizedIn;
    let id = 0;
    for (let r = 0; r < count; r++) {
      const base = r * stride;
      const delta = rows[base + oId];
      if (!isInt(delta)) corrupt(`${path}.rows[${base + oId}]`, `expected an integer id delta, got ${describe(delta)}`);
      id += delta;
      const at = this._ids.get(id);
      if (at === undefined) corrupt(`${path}.rows[${base + oId}]`, `row ${r} is for instance id ${id}, which is not in the instance table`);
      if (sizedIn[at] === position) corrupt(`${path}.rows[${base + oId}]`, `instance id ${id} has two rows in this snapshot`);
      sizedIn[at] = position;
      const size = rows[base + oSize];
      if (!isSize(size)) corrupt(`${path}.rows[${base + oSize}]`, `expected a byte count, got ${describe(size)}`);
      const flat = rows[base + oFlat];
      if (!isSize(flat)) corrupt(`${path}.rows[${base + oFlat}]`, `expected a byte count, got ${describe(flat)}`);
      for (let c = 0; c < stride; c++) {
        const cell = rows[base + c];
        if (cell !== null && typeof cell !== 'string' && !isFiniteNum(cell)) corrupt(`${path}.rows[${base + c}]`, `expected a number, string or null, got ${describe(cell)}`);
      }
    }
    return { fields: fields as Array<'id' | 'size' | 'flat'>, rows };
  }

  private refsRecord(v: unknown, path: string, position: number): Record<string, RefTuple[]> {
    const r = this.record(v, path);
    const out = nullRecord<RefTuple[]>();
    for (const key of Object.keys(r)) {
      const p = keyPath(path, key);
      if (!/^(0|[1-9]\d{0,15})$/.test(key)) corrupt(p, 'expected an instance id as the key');
      const at = this._ids.get(Number(key));
      if (at === undefined) corrupt(p, `instance id ${key} is not in the instance table`);
      if (this._sizedIn[at] !== position) corrupt(p, `instance id ${key} has no size row in this snapshot`);
      out[key] = this.refList(r[key], p, 1);
    }
    return out;
  }

  private refList(v: unknown, path: string, depth: number): RefTuple[] {
    if (!Array.isArray(v)) corrupt(path, `expected an array of referents, got ${describe(v)}`);
    if (depth > MAX_REF_DEPTH) corrupt(path, `referent tree deeper than ${MAX_REF_DEPTH} levels`);
    const out: RefTuple[] = [];
    for (let i = 0; i < v.length; i++) out.push(this.ref(v[i], `${path}[${i}]`, depth));
    return out;
  }

  private ref(v: unknown, path: string, depth: number): RefTuple {
    if (!Array.isArray(v) || v.length < 4 || v.length > 5) corrupt(path, `expected a referent [name, size, flat, refs, preview?], got ${describe(v)}`);
    const [name, size, flat, refs, preview] = v as unknown[];
    if (typeof name !== 'string') corrupt(`${path}[0]`, `expected a name string, got ${describe(name)}`);
    if (!isSize(size)) corrupt(`${path}[1]`, `expected a byte count, got ${describe(size)}`);
    if (!isSize(flat)) corrupt(`${path}[2]`, `expected a byte count, got ${describe(flat)}`);
    const children = this.refList(refs, `${path}[3]`, depth + 1);
    const t: RefTuple = [name, size, flat, children];
    if (preview !== undefined && preview !== null) {
      if (typeof preview !== 'string') corrupt(`${path}[4]`, `expected a preview string, got ${describe(preview)}`);
      t.push(preview);
    }
    return t;
  }

  private history(v: unknown): Record<string, HistoryPoint[]> {
    const h = this.record(v, 'history');
    const out = nullRecord<HistoryPoint[]>();
    for (const name of Object.keys(h)) {
      const p = keyPath('history', name);
      const pts = h[name];
      if (!Array.isArray(pts)) corrupt(p, `expected an array of points, got ${describe(pts)}`);
      out[name] = pts.map((pt: unknown, i): HistoryPoint => {
        const pp = `${p}[${i}]`;
        if (!Array.isArray(pt) || (pt.length !== 2 && pt.length !== 4)) corrupt(pp, `expected [time, count] or [time, count, min, max], got ${describe(pt)}`);
        const nums = pt as unknown[];
        if (!isFiniteNum(nums[0])) corrupt(`${pp}[0]`, `expected a time, got ${describe(nums[0])}`);
        for (let k = 1; k < nums.length; k++) {
          if (!isInt(nums[k]) || (nums[k] as number) < 0) corrupt(`${pp}[${k}]`, `expected a non-negative count, got ${describe(nums[k])}`);
        }
        return nums.length === 2 ? [nums[0] as number, nums[1] as number] : [nums[0] as number, nums[1] as number, nums[2] as number, nums[3] as number];
      });
    }
    return out;
  }

  private folded(v: unknown): Record<string, FoldedClass> {
    const f = this.record(v, 'folded');
    const out = nullRecord<FoldedClass>();
    for (const name of Object.keys(f)) {
      const p = keyPath('folded', name);
      const r = this.record(f[name], p);
      const agg = {} as FoldedClass;
      for (const k of FOLDED_FIELDS) {
        const n = r[k];
        const ok = k === 'count' ? isInt(n) && n >= 0 : k === 'maxSize' ? isSize(n) : isFiniteNum(n);
        if (!ok) corrupt(`${p}.${k}`, `expected ${k === 'count' ? 'a non-negative integer' : 'a number'}, got ${describe(n)}`);
        agg[k] = n as number;
      }
      out[name] = agg;
    }
    return out;
  }

  private marks(v: unknown): Mark[] {
    if (!Array.isArray(v)) corrupt('marks', `expected an array, got ${describe(v)}`);
    return v.map((m: unknown, i): Mark => {
      const p = `marks[${i}]`;
      const r = this.record(m, p);
      const name = r['name'];
      if (typeof name !== 'string') corrupt(`${p}.name`, `expected a string, got ${describe(name)}`);
      const time = r['time'];
      if (!isFiniteNum(time)) corrupt(`${p}.time`, `expected a number, got ${describe(time)}`);
      const out: Mark = { name, time };
      const value = r['value'];
      if (value !== undefined) {
        if (!isFiniteNum(value)) corrupt(`${p}.value`, `expected a number, got ${describe(value)}`);
        out.value = value;
      }
      if (r['detail'] !== undefined) {
        const d = this.record(r['detail'], `${p}.detail`);
        const detail = nullRecord<string>();
        for (const k of Object.keys(d)) {
          const s = d[k];
          if (typeof s !== 'string') corrupt(keyPath(`${p}.detail`, k), `expected a string, got ${describe(s)}`);
          detail[k] = s;
        }
        out.detail = detail;
      }
      return out;
    });
  }
}
