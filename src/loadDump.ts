import { decodeUtf8, Utf8Error } from './decodeUtf8.js';
import type { Dump } from './Dump.js';
import { jsonProblem } from './jsonProblem.js';
import { SdkError } from './SdkError.js';
import { validateDump } from './validateDump.js';

/** Options of `loadDump`. */
export interface LoadDumpOptions {
  /** Decompresses gzip bytes synchronously (Node: `zlib.gunzipSync`); needed only for gzip input. */
  gunzip?: (bytes: Uint8Array) => Uint8Array;
}

/**
 * Reads a dump from JSON text or bytes (gzip detected by its magic bytes) and validates all of it.
 * Returns the `Dump`, or throws an `SdkError` naming the problem: E_DUMP_FORMAT (not a dump),
 * E_DUMP_VERSION (newer than this build), E_DUMP_TRUNCATED (ends early) or E_DUMP_CORRUPT.
 */
export function loadDump(input: string | Uint8Array | ArrayBuffer, opts: LoadDumpOptions = {}): Dump {
  const text = typeof input === 'string' ? input : bytesToText(toBytes(input), opts);
  return validateDump(parseJson(text));
}

function toBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const what = input === null ? 'null' : typeof input;
  throw new SdkError('E_DUMP_FORMAT', `loadDump expects JSON text, a Uint8Array or an ArrayBuffer, got ${what}`);
}

function bytesToText(raw: Uint8Array, opts: LoadDumpOptions): string {
  let bytes = raw;
  // A lone 0x1f is the first byte of a gzip header cut off after one byte.
  if (bytes.length === 1 && bytes[0] === 0x1f) throw new SdkError('E_DUMP_TRUNCATED', 'truncated heapcensus dump: the input ends after the first byte of a gzip header');
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (opts.gunzip === undefined) {
      throw new SdkError('E_DUMP_FORMAT', 'the dump is gzip-compressed and no gunzip was given: pass loadDump(bytes, { gunzip }) (Node: zlib.gunzipSync), or decompress it first');
    }
    bytes = gunzip(bytes, opts.gunzip);
  }
  try {
    return decodeUtf8(bytes);
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

function gunzip(bytes: Uint8Array, fn: (b: Uint8Array) => Uint8Array): Uint8Array {
  let out: unknown;
  try {
    out = fn(bytes);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // zlib reports a cut-off stream as "unexpected end of file"; anything else is damage.
    if (/unexpected end|end of (file|stream|input)|truncat|incomplete/i.test(msg)) {
      throw new SdkError('E_DUMP_TRUNCATED', `truncated heapcensus dump: the gzip stream ends early (${oneLine(msg)})`);
    }
    throw new SdkError('E_DUMP_CORRUPT', `corrupt heapcensus dump: the gzip data cannot be decompressed (${oneLine(msg)})`);
  }
  if (!(out instanceof Uint8Array)) throw new SdkError('E_PLATFORM', 'loadDump: the gunzip option must return a Uint8Array');
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
