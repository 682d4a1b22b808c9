import type { Dump } from './dump/Dump.js';
import type { MemoryTotal } from './types.js';

/**
 * Hears how far a long snapshot got: `done` of `total` units of `phase` (`'parse'`: numbers of
 * the V8 heap snapshot read, exact mode only, `total` 0 until known; `'size'`: instances sized).
 */
export type SnapshotProgress = (phase: 'parse' | 'size', done: number, total: number) => void;

/**
 * What the core needs from its host, and all it may use of it: the adapters in
 * platform/node and platform/browser provide one each. The core touches no other global.
 */
export interface Platform {
  name: 'browser' | 'node';
  /** A monotonic high-resolution clock in milliseconds. */
  now(): number;
  /** Width of a tagged field: 8 in Node without pointer compression, 4 in Chrome. */
  taggedSize: 4 | 8;
  /**
   * V8's version as major x 10 + minor (15.6 -> 156; a Chromium major version is the same
   * number), where the host tells it: the layout model follows the few sizes that changed.
   */
  v8Version?: number;
  /** A short description of the runtime (e.g. `node v20.20.2`), written into dumps. */
  runtime?: string;
  /** The memory total available right now. */
  memoryTotal(): MemoryTotal;
  /** A more precise total that arrives later (browser `measureUserAgentSpecificMemory`), or undefined when unavailable. */
  preciseTotal?(): Promise<MemoryTotal> | undefined;
  /** Tells a Proxy from the object it wraps, where the host can (Node `util.types.isProxy`). */
  isProxy?(value: object): boolean;
  /**
   * Exact sizes from a V8 heap snapshot (Node `sizing: 'exact'`): one `{ size, flat }` per root,
   * roots in birth order, charged by the same ownership rules as the layout model.
   */
  exactSizes?(roots: readonly object[], onProgress?: SnapshotProgress): Promise<Array<{ size: number; flat: number }>>;
  /**
   * Live objects whose prototype chain holds `ctor.prototype`, counted after a full GC (Node:
   * `v8.queryObjects(ctor, { format: 'count' })` where the runtime has it; absent elsewhere).
   * Exact snapshots use it to find instances the tracker does not know of.
   */
  countObjects?(ctor: Function): number;
  /** Decompresses gzip bytes synchronously (for `loadDump`), stopping with E_DUMP_TOO_LARGE beyond `maxBytes` of output. */
  gunzip?(bytes: Uint8Array, maxBytes?: number): Uint8Array;
  /** Decodes UTF-8 strictly, throwing on bad bytes (the host's `TextDecoder`), for `loadDump`; without it a ~100x slower fallback runs. */
  decodeUtf8?(bytes: Uint8Array): string;
  /** Writes a dump (Node: a file, atomically; browser: a download); resolves to where it went. */
  save?(name: string, dump: Dump): Promise<string>;
  /** Schedules a timer that never keeps the process alive; returns a cancel function. */
  setInterval?(fn: () => void, ms: number): () => void;
  /** Runs `fn` once after `ms`, on a timer that never keeps the process alive; returns a cancel function. */
  setTimeout?(fn: () => void, ms: number): () => void;
  /** Yields to the event loop between slices of a long snapshot (browser). */
  yieldToHost?(): Promise<void>;
  /** Resolves in a later task, keeping the process alive until then (Node `setImmediate`); else `yieldToHost`. */
  nextTask?(): Promise<void>;
  /** Writes text for a person to read (Node: stdout; browser: the console). */
  print?(text: string): void;
  /** Reports an error the SDK caught and swallowed (a failing periodic snapshot, a registration error). */
  onError?(error: unknown): void;
}
