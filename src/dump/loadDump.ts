import { decodeUtf8, Utf8Error, type Utf8Decoder } from './decodeUtf8.js';
import { LazyRows, parseDeferred } from './deferRows.js';
import { dumpTooLarge, maxBytesOf } from './dumpLimit.js';
import type { Dump } from './Dump.js';
import { jsonProblem } from './jsonProblem.js';
import { SdkError } from '../SdkError.js';
import { validateDump, validateDumpInStages, type DumpStages } from './validateDump.js';

/** Options of `loadDump`. */
export interface LoadDumpOptions {
  /**
   * Decompresses gzip bytes synchronously (Node: `zlib.gunzipSync`); needed only for gzip input.
   * It is given the limit as a second argument and should stop inflating beyond it.
   */
  gunzip?: (bytes: Uint8Array, maxBytes: number) => Uint8Array;
  /**
   * The largest dump accepted, in bytes of JSON text (for gzip input: what it inflates to;
   * for a string: its length). Default `DEFAULT_MAX_DUMP_BYTES` (256 MiB); Infinity: no limit.
   */
  maxBytes?: number;
  /**
   * The host's strict UTF-8 decoder for byte input (`Platform.decodeUtf8`; the package entries and
   * the report pass `TextDecoder`'s). Without it a small built-in decoder runs, ~100x slower.
   */
  decodeUtf8?: Utf8Decoder;
}

/**
 * Reads a dump from JSON text or bytes (gzip detected by its magic bytes) and validates all of it.
 * Returns the `Dump`, or throws an `SdkError` naming the problem: E_DUMP_FORMAT (not a dump),
 * E_DUMP_VERSION (newer than this build), E_DUMP_TRUNCATED (ends early), E_DUMP_CORRUPT, or
 * E_DUMP_TOO_LARGE (over `maxBytes`; a gzip bomb stops inflating at the limit).
 */
export function loadDump(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions = {}): Dump {
  return validateDump(readJson(input, opts));
}

/**
 * `loadDump` in two stages (see `validateDumpInStages`): reads and parses the input and checks all
 * but the rows now, throwing as `loadDump` does; the rows' checks run in slices with `step`.
 */
export function loadDumpInStages(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions = {}): DumpStages {
  const { value, lazy } = readJsonDeferred(input, opts);
  return stagesOf(value, lazy);
}

/**
 * The stages of a parsed dump whose long row tables are still text (`parseDeferred`). A problem in
 * its overview is reported only once the rows are known to be JSON: a text that is not JSON gets
 * the JSON error, as from `loadDump`.
 */
function stagesOf(value: unknown, lazy: readonly LazyRows[]): DumpStages {
  try {
    return validateDumpInStages(value);
  } catch (e) {
    for (const l of lazy) l.parse();
    throw e;
  }
}

/** The dumps a report page embeds (see `embedDumps`) and what the page calls each one. */
export interface EmbeddedDumps {
  dumps: Dump[];
  names: string[];
}

/**
 * Reads a report page's embedded data (JSON text or bytes): one dump, an array of one or two, or
 * `{ names, dumps }`, with `loadDump`'s checks and messages, so an error reads the same whichever
 * way a dump was opened; a dump that fails validation is named in the message.
 */
export function loadEmbeddedDumps(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions = {}): EmbeddedDumps {
  const { stages, names } = loadEmbeddedDumpsInStages(input, opts);
  return { dumps: stages.map((s) => s.step(Infinity)!), names };
}

/**
 * `loadEmbeddedDumps` in two stages: each dump's overview is checked now, its rows by its `step`;
 * every error, now or from a step, names the dump.
 */
export function loadEmbeddedDumpsInStages(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions = {}): { stages: DumpStages[]; names: string[] } {
  const { value, lazy } = readJsonDeferred(input, opts);
  const { list, given } = unwrapEmbedded(value);
  if (list.length < 1 || list.length > 2) throw new SdkError('E_OPTION', `the page embeds ${list.length} dumps; it shows one or two`);
  const names = given ?? (list.length === 2 ? ['embedded dump 1', 'embedded dump 2'] : ['embedded dump']);
  const stages = list.map((d, i): DumpStages => {
    const s = naming(names[i]!, () => stagesOf(d, lazy));
    return { overview: s.overview, step: (budget: number) => naming(names[i]!, () => s.step(budget)) };
  });
  return { stages, names };
}

/** Runs `fn`, putting `name` before the message of any SdkError it throws. */
function naming<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SdkError) throw new SdkError(e.code, `${name}: ${e.message}`);
    throw e;
  }
}

/** The embedded dumps and, in the `{ names, dumps }` form, their names (one non-empty string each, clipped). */
function unwrapEmbedded(data: unknown): { list: unknown[]; given?: string[] } {
  if (Array.isArray(data)) return { list: data };
  const o = data as { names?: unknown; dumps?: unknown; format?: unknown } | null;
  if (o === null || typeof o !== 'object' || o.format !== undefined || !Array.isArray(o.dumps)) return { list: [data] };
  const names = o.names;
  if (!Array.isArray(names) || names.length !== o.dumps.length || !names.every((n) => typeof n === 'string' && n !== '')) {
    throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus report data: "names" must hold one non-empty string per dump');
  }
  return { list: o.dumps, given: names.map((n: string) => n.slice(0, 200)) };
}

/** JSON text or bytes (gzip inflated with `opts.gunzip`) parsed, within the size limit; not yet validated. */
function readJson(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions): unknown {
  return parseJson(readText(input, opts));
}

/** `readJson` with the long row tables left as text (`parseDeferred`), parsed when checked. */
function readJsonDeferred(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions): { value: unknown; lazy: LazyRows[] } {
  const text = readText(input, opts);
  return parseDeferred(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, parseJson);
}

function readText(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions): string {
  const max = maxBytesOf(opts.maxBytes);
  if (typeof input === 'string' && input.length > max) throw dumpTooLarge('the JSON text is', max);
  return typeof input === 'string' ? input : bytesToText(toBytes(input), opts, max);
}

function toBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const what = input === null ? 'null' : typeof input;
  throw new SdkError('E_DUMP_FORMAT', `loadDump expects JSON text, a Uint8Array or an ArrayBuffer, got ${what}`);
}

function bytesToText(raw: Uint8Array, opts: LoadDumpOptions, max: number): string {
  const inflate = opts.gunzip;
  let bytes = raw;
  // A lone 0x1f is the first byte of a gzip header cut off after one byte.
  if (bytes.length === 1 && bytes[0] === 0x1f) throw new SdkError('E_DUMP_TRUNCATED', 'truncated heapcensus dump: the input ends after the first byte of a gzip header');
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (inflate === undefined) {
      throw new SdkError('E_DUMP_FORMAT', 'the dump is gzip-compressed and no gunzip was given: pass loadDump(bytes, { gunzip }) (Node: zlib.gunzipSync), or decompress it first');
    }
    bytes = gunzip(bytes, inflate, max);
  } else if (bytes.length > max) {
    throw dumpTooLarge('the JSON text is', max);
  }
  try {
    return decodeUtf8(bytes, opts.decodeUtf8);
  } catch (e) {
    // Binary data that does not even start like JSON is a foreign file, not a damaged dump.
    if (!startsLikeJson(bytes)) throw new SdkError('E_DUMP_FORMAT', 'not a heapcensus dump: the input is binary data, not JSON text');
    if (e instanceof Utf8Error) throw new SdkError(e.incomplete ? 'E_DUMP_TRUNCATED' : 'E_DUMP_CORRUPT', `${e.incomplete ? 'truncated' : 'corrupt'} heapcensus dump: ${e.message}`);
    throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus dump: its bytes are not UTF-8 text');
  }
}

function startsLikeJson(b: Uint8Array): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i < b.length && (b[i] === 0x7b || b[i] === 0x5b);
}

function gunzip(bytes: Uint8Array, fn: NonNullable<LoadDumpOptions['gunzip']>, max: number): Uint8Array {
  let out: unknown;
  try {
    out = fn(bytes, max);
  } catch (e) {
    // The platform inflaters stop at the limit with E_DUMP_TOO_LARGE; zlib's maxOutputLength says ERR_BUFFER_TOO_LARGE.
    if (e instanceof SdkError) throw e;
    if ((e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') throw dumpTooLarge('the gzip data inflates to', max);
    const msg = e instanceof Error ? e.message : String(e);
    // zlib reports a cut-off stream as "unexpected end of file"; anything else is damage.
    if (/unexpected end|end of (file|stream|input)|truncat|incomplete/i.test(msg)) {
      throw new SdkError('E_DUMP_TRUNCATED', `truncated heapcensus dump: the gzip stream ends early (${oneLine(msg)})`);
    }
    throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: the gzip data cannot be decompressed (${oneLine(msg)})`);
  }
  if (!(out instanceof Uint8Array)) throw new SdkError('E_PLATFORM', 'loadDump: the gunzip option must return a Uint8Array');
  // A gunzip that ignores the limit still gets its output refused.
  if (out.length > max) throw dumpTooLarge('the gzip data inflates to', max);
  return out;
}

function parseJson(text: string): unknown {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = start === 0 ? text : text.slice(1);
  if (body.trim() === '') throw new SdkError('E_DUMP_TRUNCATED', 'truncated heapcensus dump: the input is empty');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    // Engines word JSON errors differently: find the problem ourselves.
  }
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') throw new SdkError('E_DUMP_FORMAT', 'not a heapcensus dump: the input is not JSON');
  const p = jsonProblem(body);
  if (p !== undefined && p.truncated) {
    throw new SdkError('E_DUMP_TRUNCATED', `truncated heapcensus dump: the JSON ends early (after ${body.length} characters)`);
  }
  const at = p?.offset ?? 0;
  throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: invalid JSON at character ${at} (${snippet(body, at)})`);
}

function snippet(text: string, at: number): string {
  const s = text.slice(Math.max(0, at - 12), at + 12);
  return `near ${JSON.stringify(s).replace(/[\u007f-\uffff]/g, '?')}`;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}
