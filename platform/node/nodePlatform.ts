import { TextDecoder, types } from 'node:util';
import { kMaxLength } from 'node:buffer';
import v8 from 'node:v8';
import { gunzipSync } from 'node:zlib';
import type { Platform } from '../../src/platform.js';
import { exactSizes } from './exactSizes.js';
import { memoryTotal } from './memoryTotal.js';
import { saveDump } from './saveDump.js';

let platform: Platform | undefined;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type QueryObjects = (ctor: Function, options: { format: 'count' }) => number;
const queryObjects = (v8 as { queryObjects?: QueryObjects }).queryObjects;

/**
 * `v8.queryObjects(ctor, { format: 'count' })` (Node 20.13, 22 and later; undefined before).
 * Node marks it experimental and prints a one-time ExperimentalWarning on first use: that
 * warning is not passed on (the app did not call it), every other warning is.
 */
const queryObjectsCount = queryObjects === undefined ? undefined : (ctor: Function): number => {
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('v8.queryObjects()') && (rest[0] === 'ExperimentalWarning' || (rest[0] as { type?: unknown } | undefined)?.type === 'ExperimentalWarning')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return queryObjects.call(v8, ctor, { format: 'count' });
  } finally {
    process.emitWarning = emit;
  }
};

/**
 * zlib's gunzip, stopped at `maxBytes` of output (zlib then throws ERR_BUFFER_TOO_LARGE, which
 * loadDump names E_DUMP_TOO_LARGE): a 3 GB gzip bomb costs the limit, not 3 GB. No copy of the output.
 */
function inflateLimited(bytes: Uint8Array, maxBytes = Infinity): Uint8Array {
  const out = gunzipSync(bytes, { maxOutputLength: Math.min(maxBytes, kMaxLength), chunkSize: 1 << 20 });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** True when this V8 stores tagged fields in 4 bytes (pointer compression). */
function pointerCompression(): boolean {
  const v = (process.config.variables as Record<string, unknown>).v8_enable_pointer_compression;
  return v === true || v === 1 || v === '1' || v === 'true';
}

/** V8's version as major x 10 + minor (Node 20: 11.3 -> 113). */
function v8Version(): number {
  const [major = 0, minor = 0] = process.versions.v8.split('.').map(Number);
  return major * 10 + minor;
}

/** The Node adapter: hrtime clock, `process.memoryUsage()` totals, `util.types.isProxy`, zlib, atomic file writes. */
export function nodePlatform(): Platform {
  return (platform ??= {
    name: 'node',
    now: () => performance.now(),
    taggedSize: pointerCompression() ? 4 : 8,
    v8Version: v8Version(),
    runtime: `node ${process.version} (${process.platform} ${process.arch})`,
    memoryTotal,
    isProxy: (v: object) => types.isProxy(v),
    gunzip: inflateLimited,
    decodeUtf8: (bytes: Uint8Array) => utf8.decode(bytes),
    save: saveDump,
    exactSizes,
    ...(queryObjectsCount === undefined ? {} : { countObjects: queryObjectsCount }),
    setInterval(fn: () => void, ms: number) {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    },
    nextTask: () => new Promise<void>((resolve) => void setImmediate(resolve)),
    setTimeout(fn: () => void, ms: number) {
      const t = setTimeout(fn, ms);
      t.unref();
      return () => clearTimeout(t);
    },
    print: (text: string) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    onError: (error: unknown) => {
      process.emitWarning(`heapcensus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    },
  });
}
