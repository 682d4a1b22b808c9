/**
 * The browser SDK's definitions: the core bound to the browser platform (index.ts re-exports
 * them with installConsole and watchVitals; installConsole puts them on globalThis.heapcensus).
 */
import { createCollectGarbage, createSdk, type CollectGarbageAndSweep, type FindLeaks } from '../../src/index.js';
import { browserPlatform } from './browserPlatform.js';
import { browserFindLeaks, browserGc } from './findLeaks.js';

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
export const Tracked = sdk.Tracked;

/**
 * Runs `scenario` repeatedly and reports the tracked classes whose alive count grew every
 * iteration. A page can collect garbage only when Chromium exposes `gc()`; otherwise the result is
 * inconclusive and says so (heapcensus/playwright's findPageLeaks collects over the DevTools protocol).
 */
export const findLeaks: FindLeaks = browserFindLeaks(() => tracker);

/**
 * A full garbage collection where the page can force one (`gc()` exposed), then the tracker's
 * sweep; resolves to false when it cannot (heapcensus/playwright collects over the DevTools protocol).
 */
export const collectGarbage: CollectGarbageAndSweep = createCollectGarbage(() => tracker, browserGc);

/** The bytes V8 holds for `value` and everything reachable from it (4-byte tagged fields), counted once. */
export const sizeOf = sdk.sizeOf;

/** `value`'s size, flat size and, with `detail` n, its referent tree n levels deep. */
export const asized = sdk.asized;

/**
 * Reads and validates a dump (JSON text, or bytes: plain or gzip, inflated synchronously);
 * throws an SdkError naming what is wrong. `maxBytes` (default 256 MiB) limits the JSON text,
 * or what gzip data inflates to (E_DUMP_TOO_LARGE: inflating stops there).
 */
export const loadDump = sdk.loadDump;

/** Statistics over a tracker or a dump; `printSummary()` / `printStats()` write to the console by default. */
export class Stats extends sdk.Stats {}
