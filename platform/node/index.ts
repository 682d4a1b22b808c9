/**
 * heapcensus for Node: the core bound to the Node platform (process.memoryUsage totals,
 * 8- or 4-byte tagged fields as this V8 was built, zlib, atomic dump files).
 * @example
 * import { Tracked, tracker } from 'heapcensus';
 * @Tracked() class Doc { text = '' }
 * new Doc(); console.log(tracker.snapshotSync('loaded')); tracker.stats().printSummary();
 */
import { createSdk, createTracked, type Dump, type Sized } from '../../src/index.js';
import { nodePlatform } from './nodePlatform.js';
import { readDumpFile } from './readDumpFile.js';

export * from '../../src/index.js';

const sdk = createSdk(nodePlatform);
export { writeReport } from './writeReport.js';

/**
 * A ClassTracker on the Node platform (`instanceof` also holds for the shared default tracker
 * another copy of the package made), with `writeDump(path)`. */
export class ClassTracker extends sdk.ClassTracker {
  /** Writes the dump to `path` atomically (a `.gz` suffix compresses); resolves to the absolute path. */
  writeDump(path: string): Promise<string> {
    return this.platform.save!(path, this.toDump());
  }
}

/**
 * The default tracker that `@Tracked()` registers with unless told otherwise: one per process,
 * shared by the package's ESM and CJS builds (src/sharedDefault.ts).
 */
export const tracker: ClassTracker = sdk.defaultTracker(() => new ClassTracker());

/**
 * Class decorator: tracks the instances of the class (standard or legacy decorators).
 * @example @Tracked({ resolution: 2 }) class Node { children: Node[] = [] }
 */
export const Tracked = createTracked(() => tracker);

/** The bytes V8 holds for `value` and everything reachable from it (tracked or not), counted once. */
export function sizeOf(value: unknown): number {
  return sdk.sizeOf(value);
}

/** `value`'s size, flat size and, with `detail` n, its referent tree n levels deep. */
export function asized(value: unknown, options: { detail?: number } = {}): Sized {
  return sdk.asized(value, options);
}

/**
 * Reads and validates a dump (JSON text or bytes, gzip detected); throws an SdkError naming what is
 * wrong. `maxBytes` (default 256 MiB) limits the JSON text, or what gzip data inflates to.
 */
export function loadDump(input: string | Uint8Array | ArrayBuffer, options: { maxBytes?: number } = {}): Dump {
  return sdk.loadDump(input, options);
}

/** Reads a dump file (`.json` or `.json.gz`) and validates it; `maxBytes` as for `loadDump`. */
export function readDump(path: string, options: { maxBytes?: number } = {}): Dump {
  return readDumpFile(path, options);
}

/** Statistics over a tracker or a dump; `printSummary()` / `printStats()` write to stdout by default. */
export class Stats extends sdk.Stats {}
