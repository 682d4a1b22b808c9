import { DUMP_FORMAT, DUMP_VERSION, type Dump, type DumpSnapshot, type FrameTuple, type InstanceField, type RefTuple, type Table } from './Dump.js';
import { nullRecord } from './nullRecord.js';
import { LazyRows, PIECE_CHARS } from './deferRows.js';
import { rowOfId } from './rowOfId.js';
import { SdkError } from '../SdkError.js';
import { checkRecord, checkStringArray, corrupt, describe, isFiniteNum, isInt, isRecord, isSize, keyPath, type Rec } from './dumpChecks.js';
import { checkClasses, checkCoarsened, checkHeapCounts, checkRefList, checkTotal } from './snapshotChecks.js';
import { checkFolded, checkHistory, checkMarks } from './seriesChecks.js';

export { MAX_REF_DEPTH } from './snapshotChecks.js';

const INSTANCE_FIELDS: readonly InstanceField[] = ['id', 'name', 'birth', 'death', 'resolution', 'trace', 'preview'];
const SIZE_FIELDS = ['id', 'size', 'flat'] as const;

/**
 * Checks a parsed dump against the format (docs/dump-format.md) and returns a normalized copy
 * whose records have null prototypes. Throws `SdkError` (E_DUMP_FORMAT, E_DUMP_VERSION or
 * E_DUMP_CORRUPT with the path of the first problem); never returns a partly valid dump.
 */
export function validateDump(value: unknown): Dump {
  return validateDumpInStages(value).step(Infinity)!;
}

/**
 * A dump checked in two stages (`validateDumpInStages`): `overview` is checked at once, the rows
 * by `step` in slices, so a page can draw the overview while a million rows are still checked.
 */
export interface DumpStages {
  /**
   * The dump without its instance rows, size rows, referent trees and retainer paths (empty or
   * absent): everything in it is checked, and it is a valid dump itself.
   */
  readonly overview: Dump;
  /**
   * Checks about `budget` more rows (instance rows, then each snapshot's size rows and referent
   * trees, then retainer paths); returns the whole validated dump once all is checked, else
   * undefined. Throws an SdkError at the first problem, and the same error on any later call.
   */
  step(budget: number): Dump | undefined;
}

/**
 * `validateDump` in two stages: checks everything but the rows now (throwing as `validateDump`
 * does) and returns the rows' checks to run in slices. The rows are never part of `overview`.
 */
export function validateDumpInStages(value: unknown): DumpStages {
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
  const checker = new Checker();
  const head = safely(() => checker.head(value, version));
  let failed: SdkError | undefined;
  let result: Dump | undefined;
  return {
    overview: head.overview,
    step(budget: number): Dump | undefined {
      if (failed !== undefined) throw failed;
      if (result !== undefined) return result;
      try {
        result = safely(() => {
          let done = 0;
          while (done < budget) {
            const n = head.body.next();
            if (n.done === true) return n.value;
            done += n.value;
          }
          return undefined;
        });
      } catch (e) {
        failed = e as SdkError;
        throw e;
      }
      return result;
    },
  };
}

/** Runs a stage of the checks: whatever slipped past them, the caller gets a dump error, not a crash. */
function safely<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SdkError) throw e;
    throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: unreadable structure (${e instanceof Error ? e.name : 'error'})`);
  }
}

/** Rows checked between two looks at the budget. */
const CHUNK = 4096;

/** A table whose shape is checked and whose rows are still to check. */
interface Pending {
  fields: string[];
  rows: Table['rows'];
  /** The rows still as JSON text (see parseDeferred): parsed, then checked like the others, by `resolve`. */
  lazy?: LazyRows;
  offsets: number[];
  path: string;
}

class Checker {
  private _names: string[] = [];
  private _traceCount = 0;
  /** Instance ids by row, as far as checked; while ascending, look-ups are a binary search. */
  private _rowIds = new Float64Array(0);
  private _count = 0;
  /** Instance id -> row, built only when the table is out of id order (heapcensus writes it ascending). */
  private _ids: Map<number, number> | undefined;
  /** Per instance row: the last snapshot (1-based position) that sized it, to catch duplicate rows. */
  private _sizedIn = new Int32Array(0);

  /** Checks everything but the rows; returns the overview dump and the row checks (a generator of rows done, returning the dump). */
  head(v: Rec, version: number): { overview: Dump; body: Generator<number, Dump> } {
    const created = v['created'];
    if (typeof created !== 'string') corrupt('created', `expected a string, got ${describe(created)}`);
    const platform = this.platform(v['platform']);
    const startTime = v['startTime'];
    if (!isFiniteNum(startTime)) corrupt('startTime', `expected a number, got ${describe(startTime)}`);
    this._names = checkStringArray(v['names'], 'names');
    const traces = this.traces(v['traces']);
    const instances = this.table(v['instances'], 'instances', INSTANCE_FIELDS);
    const snapsIn = v['snapshots'];
    if (!Array.isArray(snapsIn)) corrupt('snapshots', `expected an array, got ${describe(snapsIn)}`);
    const snapIds = new Set<number>();
    const snapshots: DumpSnapshot[] = [];
    const sizes: Pending[] = [];
    for (let i = 0; i < snapsIn.length; i++) {
      const { snap, rows } = this.snapshot(snapsIn[i], `snapshots[${i}]`);
      if (snapIds.has(snap.id)) corrupt(`snapshots[${i}].id`, `duplicate snapshot id ${snap.id}`);
      snapIds.add(snap.id);
      snapshots.push(snap);
      sizes.push(rows);
    }
    const history = checkHistory(v['history']);
    const folded = checkFolded(v['folded']);
    const marks = checkMarks(v['marks']);
    const attached = v['attached'] === undefined ? undefined : checkStringArray(v['attached'], 'attached');
    const retainers = v['retainers'];
    if (retainers !== undefined) checkRecord(retainers, 'retainers');
    const base = { format: DUMP_FORMAT, version, created, platform, startTime, names: this._names, traces, history, folded, marks, ...(attached === undefined ? {} : { attached }) } as const;
    const overview: Dump = {
      ...base,
      instances: { fields: instances.fields as InstanceField[], rows: [] },
      snapshots: snapshots.map((s) => ({ ...s, sizes: { fields: s.sizes.fields, rows: [] } })),
    };
    return { overview, body: this.body(base, instances, snapshots, sizes, snapsIn as unknown[], retainers) };
  }

  /** The row checks, yielding the rows checked since the last yield; returns the whole dump. */
  private *body(base: Omit<Dump, 'instances' | 'snapshots'>, instances: Pending, snapshots: DumpSnapshot[], sizes: Pending[], raw: unknown[], retainers: unknown): Generator<number, Dump> {
    yield* this.parsed(instances);
    const count = instances.rows.length / instances.fields.length;
    this._rowIds = new Float64Array(count);
    for (let r = 0; r < count; r += CHUNK) {
      this.instanceRows(instances, r, Math.min(count, r + CHUNK));
      yield Math.min(CHUNK, count - r);
    }
    this._sizedIn = new Int32Array(count);
    for (let i = 0; i < snapshots.length; i++) {
      const t = sizes[i]!;
      if (t.lazy !== undefined) {
        yield* this.parsed(t);
        snapshots[i]!.sizes = { fields: snapshots[i]!.sizes.fields, rows: t.rows };
      }
      const n = t.rows.length / t.fields.length;
      const walk = { id: 0, near: 0 };
      for (let r = 0; r < n; r += CHUNK) {
        this.sizeRows(t, i + 1, walk, r, Math.min(n, r + CHUNK));
        yield Math.min(CHUNK, n - r);
      }
      const refs = (raw[i] as Rec)['refs'];
      if (refs !== undefined) snapshots[i]!.refs = this.refsRecord(refs, `snapshots[${i}].refs`, i + 1);
    }
    return {
      ...base,
      instances: { fields: instances.fields as InstanceField[], rows: instances.rows },
      snapshots,
      ...(retainers === undefined ? {} : { retainers: this.retainers(retainers) }),
    };
  }

  /** The instance row of `id`, or -1. */
  private rowOf(id: number): number {
    return this._ids !== undefined ? (this._ids.get(id) ?? -1) : rowOfId(this._rowIds, this._count, id);
  }

  /** `retainers`: instance ids of the instance table -> non-empty paths of strings. */
  private retainers(v: unknown): Record<string, string[]> {
    const r = checkRecord(v, 'retainers');
    const out = nullRecord<string[]>();
    for (const key of Object.keys(r)) {
      const p = keyPath('retainers', key);
      if (!/^(0|[1-9]\d{0,15})$/.test(key)) corrupt(p, 'expected an instance id as the key');
      if (this.rowOf(Number(key)) < 0) corrupt(p, `instance id ${key} is not in the instance table`);
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

  /** Checks a table's shape and returns its column offsets, required ones first (its rows are checked later). */
  private table(v: unknown, path: string, required: readonly string[]): Pending {
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
    if (rows instanceof LazyRows) return { fields, rows: [], lazy: rows, offsets, path };
    return { fields, rows: this.rowsArray(rows, path, fields.length), offsets, path };
  }

  private rowsArray(rows: unknown, path: string, stride: number): Table['rows'] {
    if (!Array.isArray(rows)) corrupt(`${path}.rows`, `expected an array, got ${describe(rows)}`);
    if (rows.length % stride !== 0) corrupt(`${path}.rows`, `${rows.length} values is not a whole number of rows of ${stride} columns`);
    return rows as Table['rows'];
  }

  /** Parses a table's rows left as text, a piece per yield (parsing a piece costs about as much as checking CHUNK * 4 rows). */
  private *parsed(t: Pending): Generator<number, void> {
    const lazy = t.lazy;
    if (lazy === undefined) return;
    while (!lazy.parseSome(PIECE_CHARS)) yield CHUNK * 4;
    this.resolve(t);
    yield CHUNK * 4;
  }

  /** A table's rows, parsed now if they were left as text. */
  private resolve(t: Pending): Table['rows'] {
    if (t.lazy !== undefined) {
      t.rows = this.rowsArray(t.lazy.parse(), t.path, t.fields.length);
      t.lazy = undefined;
    }
    return t.rows;
  }

  /** Checks instance rows `from` to `to` (exclusive), in order, indexing their ids. */
  private instanceRows({ fields, rows, offsets }: Pending, from: number, to: number): void {
    const [oId, oName, oBirth, oDeath, oRes, oTrace, oPreview] = offsets as [number, number, number, number, number, number, number];
    const stride = fields.length;
    const nNames = this._names.length;
    const rowIds = this._rowIds;
    const bad = (r: number, col: number, what: string): never => corrupt(`instances.rows[${r * stride + col}]`, `${fields[col]} of instance row ${r}: ${what}`);
    for (let r = from; r < to; r++) {
      const base = r * stride;
      const cell = rows[base + oId];
      if (!isInt(cell) || cell < 0) bad(r, oId, `expected a non-negative integer id, got ${describe(cell)}`);
      const id = cell as number;
      if (this._ids === undefined && r > 0 && id <= rowIds[r - 1]!) {
        // Out of id order (or a repeat): from here on ids are looked up in a map.
        this._ids = new Map();
        for (let k = 0; k < r; k++) this._ids.set(rowIds[k]!, k);
      }
      if (this._ids !== undefined) {
        if (this._ids.has(id)) bad(r, oId, `duplicate instance id ${id}`);
        this._ids.set(id, r);
      }
      rowIds[r] = id;
      this._count = r + 1;
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
  }

  /** A snapshot's own fields checked, and its size table's shape (its rows and refs are checked later). */
  private snapshot(v: unknown, path: string): { snap: DumpSnapshot; rows: Pending } {
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
    const rows = this.table(s['sizes'], `${path}.sizes`, SIZE_FIELDS);
    const out: DumpSnapshot = { id, label, time, sizing, trackedTotal, total, classes, sizes: { fields: rows.fields as Array<'id' | 'size' | 'flat'>, rows: rows.rows } };
    if (s['refs'] !== undefined) checkRecord(s['refs'], `${path}.refs`);
    const dropped = s['sizesDropped'];
    if (dropped !== undefined) {
      if (dropped !== true) corrupt(`${path}.sizesDropped`, `expected true when present, got ${describe(dropped)}`);
      if (this.resolve(rows).length > 0 || s['refs'] !== undefined) corrupt(`${path}.sizesDropped`, 'a snapshot whose per-instance sizes were dropped has no sizes rows and no refs');
      out.sizesDropped = true;
    }
    if (s['heapCounts'] !== undefined) out.heapCounts = checkHeapCounts(s['heapCounts'], `${path}.heapCounts`);
    if (s['coarsened'] !== undefined) {
      out.coarsened = checkCoarsened(s['coarsened'], `${path}.coarsened`, out);
      if (out.sizesDropped !== true) corrupt(`${path}.coarsened`, 'a coarsened snapshot has no per-instance sizes: expected "sizesDropped": true');
    }
    return { snap: out, rows };
  }

  /** Checks size rows `from` to `to` of the snapshot at 1-based `position`; `walk` carries the running id and the last row found. */
  private sizeRows({ fields, rows, offsets, path }: Pending, position: number, walk: { id: number; near: number }, from: number, to: number): void {
    const [oId, oSize, oFlat] = offsets as [number, number, number];
    const stride = fields.length;
    const sizedIn = this._sizedIn;
    const rowIds = this._rowIds;
    let { id, near } = walk;
    for (let r = from; r < to; r++) {
      const base = r * stride;
      const delta = rows[base + oId];
      if (!isInt(delta)) corrupt(`${path}.rows[${base + oId}]`, `expected an integer id delta, got ${describe(delta)}`);
      id += delta;
      // Size rows follow the instance table's id order in the dumps heapcensus writes: the row
      // after the last one found, else a look-up.
      const at = rowIds[near] === id ? near : rowIds[near + 1] === id ? near + 1 : this.rowOf(id);
      if (at < 0) corrupt(`${path}.rows[${base + oId}]`, `row ${r} is for instance id ${id}, which is not in the instance table`);
      near = at;
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
    walk.id = id;
    walk.near = near;
  }

  private refsRecord(v: unknown, path: string, position: number): Record<string, RefTuple[]> {
    const r = checkRecord(v, path);
    const out = nullRecord<RefTuple[]>();
    for (const key of Object.keys(r)) {
      const p = keyPath(path, key);
      if (!/^(0|[1-9]\d{0,15})$/.test(key)) corrupt(p, 'expected an instance id as the key');
      const at = this.rowOf(Number(key));
      if (at < 0) corrupt(p, `instance id ${key} is not in the instance table`);
      if (this._sizedIn[at] !== position) corrupt(p, `instance id ${key} has no size row in this snapshot`);
      out[key] = checkRefList(r[key], p, 1);
    }
    return out;
  }
}
