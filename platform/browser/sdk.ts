/**
 * The browser SDK's definitions: the core bound to the browser platform (index.ts re-exports
 * them with installConsole and watchVitals; installConsole puts them on globalThis.heapcensus).
 */
import { createSdk, createTracked, type Dump, type Sized } from '../../src/index.js';
import { browserPlatform } from './browserPlatform.js';

export * from '../../src/index.js';

const sdk = createSdk(browserPlatform);

/**
 * A ClassTracker on the browser platform (`instanceof` also holds for the shared default tracker
 * another copy of the package made), with `download(filename?)`. */
export class ClassTracker extends sdk.ClassTracker {
  /** Offers the dump as a download (`.json`, or `.json.gz` compressed); resolves to the file name. */
  download(filename = `heapcensus-${new Date().toISOString().replace(/[:.]/g, '-')}.json`): Promise<string> {
    return this.platform.save!(filename, this.toDump());
  }
}

/**
 * The default tracker that `@Tracked()` registers with unless told otherwise: one per process,
 * shared by the package's ESM and CJS builds (src/sharedDefault.ts).
 */
export const tracker: ClassTracker = sdk.defaultTracker(() => new ClassTracker());

/**
 * Class decorator: tracks the instances of the class (standard or legacy decorators).
 * @example @Tracked({ resolution: 1 }) class Editor { doc = new Doc() }
 */
export const Tracked = createTracked(() => tracker);

/** The bytes V8 holds for `value` and everything reachable from it (4-byte tagged fields), counted once. */
export function sizeOf(value: unknown): number {
  return sdk.sizeOf(value);
}

/** `value`'s size, flat size and, with `detail` n, its referent tree n levels deep. */
export function asized(value: unknown, options: { detail?: number } = {}): Sized {
  return sdk.asized(value, options);
}

/**
 * Reads and validates a dump (JSON text, or bytes: plain or gzip, inflated synchronously);
 * throws an SdkError naming what is wrong. `maxBytes` (default 256 MiB) limits the JSON text,
 * or what gzip data inflates to (E_DUMP_TOO_LARGE: inflating stops there).
 */
export function loadDump(input: string | Uint8Array | ArrayBuffer, options: { maxBytes?: number } = {}): Dump {
  return sdk.loadDump(input, options);
}

/** Statistics over a tracker or a dump; `printSummary()` / `printStats()` write to the console by default. */
export class Stats extends sdk.Stats {}
