import { ClassTracker, type TrackerOptions } from './tracker/ClassTracker.js';
import { createTracked, type TrackedDecorator, type TrackedOptions } from './tracker/Tracked.js';
import type { Dump } from './dump/Dump.js';
import { loadDump, type LoadDumpOptions } from './dump/loadDump.js';
import type { Platform } from './platform.js';
import { asized, sizeOf, type Sized } from './sizer/index.js';
import { sizerOptionsOf } from './sizerOptionsOf.js';
import { isSharedDefault, sharedDefault } from './sharedDefault.js';
import { Stats, type StatsOptions } from './stats/Stats.js';

/** What a package entry builds from its platform (see platform/node/index.ts, platform/browser/sdk.ts). */
export interface PlatformSdk {
  /** ClassTracker bound to the platform. */
  ClassTracker: typeof ClassTracker;
  /** Stats printing through the platform by default. */
  Stats: typeof Stats;
  sizeOf(value: unknown): number;
  asized(value: unknown, options?: { detail?: number }): Sized;
  loadDump(input: string | Uint8Array | ArrayBuffer, options?: { maxBytes?: number }): Dump;
  /**
   * The process's default tracker, made by `make` unless another copy of the package (its ESM or
   * CJS build) made it first (src/sharedDefault.ts); `instanceof` the entry's class holds for it either way.
   */
  defaultTracker<T extends ClassTracker>(make: () => T): T;
  /** The class decorator, registering with the tracker `defaultTracker` gave (made then if it was not yet asked for). */
  Tracked: (options?: TrackedOptions) => TrackedDecorator;
}

/** What `loadDump` takes from a platform: its gunzip and its UTF-8 decoder, where it has them. */
export function loadOptions(p: Platform): LoadDumpOptions {
  return { ...(p.gunzip ? { gunzip: p.gunzip.bind(p) } : {}), ...(p.decodeUtf8 ? { decodeUtf8: p.decodeUtf8.bind(p) } : {}) };
}

/**
 * Binds the core to a platform: the one place where both package entries get their tracker
 * class, default tracker, Tracked, Stats, sizeOf, asized and loadDump. `platform` is called lazily (import-safe).
 */
export function createSdk(platform: () => Platform): PlatformSdk {
  const sizing = () => sizerOptionsOf(platform());
  const slot = (): string => platform().name;
  /** The core's tracker bound to the platform. */
  class Bound extends ClassTracker {
    constructor(options: TrackerOptions = {}) {
      super({ platform: platform(), ...options });
    }

    /** For an entry's class (a direct subclass): also true for the shared default tracker that another copy of the package made. */
    static override [Symbol.hasInstance](value: unknown): boolean {
      return Function.prototype[Symbol.hasInstance].call(this, value) || (Object.getPrototypeOf(this) === Bound && isSharedDefault(slot(), value));
    }
  }
  let made: ClassTracker | undefined;
  const defaultTracker = <T extends ClassTracker>(make: () => T): T => {
    const t = sharedDefault(slot(), make);
    made = t;
    return t;
  };
  return {
    ClassTracker: Bound,
    Stats: class extends Stats {
      constructor(dump: Dump, options: StatsOptions = {}) {
        const print = platform().print;
        super(dump, { ...(print ? { print } : {}), ...options });
      }
    },
    sizeOf: (value) => sizeOf(value, sizing()),
    asized: (value, options = {}) => asized(value, { ...options, ...sizing() }),
    loadDump: (input, options = {}) => {
      return loadDump(input, { ...loadOptions(platform()), ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) });
    },
    defaultTracker,
    Tracked: createTracked(() => made ?? defaultTracker(() => new Bound())),
  };
}
