import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple, type InstanceField, type RefTuple, type Table } from './Dump.js';
import { nullRecord } from './nullRecord.js';
import { SdkError } from '../SdkError.js';
import { checkRecord, checkStringArray, corrupt, describe, isFiniteNum, isInt, isRecord, isSize, keyPath, type Rec } from './dumpChecks.js';
import { checkClasses, checkCoarsened, checkHeapCounts, checkRefList, checkTotal } from './snapshotChecks.js';
import type { FoldedClass, HistoryPoint, Mark } from '../types.js';

export { MAX_REF_DEPTH } from './snapshotChecks.js';

const INSTANCE_FIELDS: readonly InstanceField[] = ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'];
const SIZE_FIELDS = ['id', 'size', 'flat'] as const;
const FOLDED_FIELDS: ReadonlyArray<keyof FoldedClass> = ['count', 'lifetimeTotal', 'lifetimeMin', 'lifetimeMax', 'maxSize', 'firstBirth', 'lastDeath'];

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
    this._names = checkStringArray(v['names'], 'names');
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
      ...(v['attached'] === undefined ? {} : { attached: checkStringArray(v['attached'], 'attached') }),
      ...(v['retainers'] === undefined ? {} : { retainers: this.retainers(v['retainers']) }),
    };
  }

  /** `retainers`: instance ids of the instance table -> non-empty paths of strings. */
  private retainers(v: unknown): Record<string, string[]> {
    const r = checkRecord(v, 'retainers');
    const out = nullRecord<string[]>();
    for (const key of Object.keys(r)) {
      const p = keyPath('retainers', key);
      if (!/^(0|[1-9]\d{0,15})$/.test(key)) corrupt(p, 'expected an instance id as the key');
      if (!this._ids.has(Number(key))) corrupt(p, `instance id ${key} is not in the instance table`);
      const steps = checkStringArray(r[key], p);
      if (steps.length === 0) corrupt(p, 'expected at least one step in a retainer path');
      out[key] = steps;
    }
    return out;
  }

  private platform(v: unknown): Dump['platform'] {
    const p = checkRecord(v, 'platform');
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
    const t = checkRecord(v, path);
    const fields = checkStringArray(t['fields'], `${path}.fields`);
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
    const s = checkRecord(v, path);
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
    const total = checkTotal(s['total'], `${path}.total`);
    const classes = checkClasses(s['classes'], `${path}.classes`);
    const sizes = this.sizes(s['sizes'], `${path}.sizes`, position);
    const out: DumpSnapshot = { id, label, time, sizing, trackedTotal, total, classes, sizes };
    if (s['refs'] !== undefined) out.refs = this.refsRecord(s['refs'], `${path}.refs`, position);
    const dropped = s['sizesDropped'];
    if (dropped !== undefined) {
      if (dropped !== true) corrupt(`${path}.sizesDropped`, `expected true when present, got ${describe(dropped)}`);
      if (sizes.rows.length > 0 || out.refs !== undefined) corrupt(`${path}.sizesDropped`, 'a snapshot whose per-instance sizes were dropped has no sizes rows and no refs');
      out.sizesDropped = true;
    }
    if (s['heapCounts'] !== undefined) out.heapCounts = checkHeapCounts(s['heapCounts'], `${path}.heapCounts`);
    if (s['coarsened'] !== undefined) {
      out.coarsened = checkCoarsened(s['coarsened'], `${path}.coarsened`, out);
      if (out.sizesDropped !== true) corrupt(`${path}.coarsened`, 'a coarsened snapshot has no per-instance sizes: expected "sizesDropped": true');
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
    const r = checkRecord(v, path);
    const out = nullRecord<RefTuple[]>();
    for (const key of Object.keys(r)) {
      const p = keyPath(path, key);
      if (!/^(0|[1-9]\d{0,15})$/.test(key)) corrupt(p, 'expected an instance id as the key');
      const at = this._ids.get(Number(key));
      if (at === undefined) corrupt(p, `instance id ${key} is not in the instance table`);
      if (this._sizedIn[at] !== position) corrupt(p, `instance id ${key} has no size row in this snapshot`);
      out[key] = checkRefList(r[key], p, 1);
    }
    return out;
  }

  private history(v: unknown): Record<string, HistoryPoint[]> {
    const h = checkRecord(v, 'history');
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
    const f = checkRecord(v, 'folded');
    const out = nullRecord<FoldedClass>();
    for (const name of Object.keys(f)) {
      const p = keyPath('folded', name);
      const r = checkRecord(f[name], p);
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
      const r = checkRecord(m, p);
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
        const d = checkRecord(r['detail'], `${p}.detail`);
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
