import { ClassTracker, type TrackerOptions } from './tracker/ClassTracker.js';
import type { Dump } from './dump/Dump.js';
import { loadDump } from './dump/loadDump.js';
import type { Platform } from './platform.js';
import { asized, sizeOf, type Sized } from './sizer/index.js';
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
}

/**
 * Binds the core to a platform: the one place where both package entries get their tracker
 * class, Stats, sizeOf, asized and loadDump. `platform` is called lazily (import-safe).
 */
export function createSdk(platform: () => Platform): PlatformSdk {
  const sizing = () => {
    const p = platform();
    return p.isProxy ? { taggedSize: p.taggedSize, isProxy: p.isProxy.bind(p) } : { taggedSize: p.taggedSize };
  };
  return {
    ClassTracker: class extends ClassTracker {
      constructor(options: TrackerOptions = {}) {
        super({ platform: platform(), ...options });
      }
    },
    Stats: class extends Stats {
      constructor(dump: Dump, options: StatsOptions = {}) {
        const print = platform().print;
        super(dump, { ...(print ? { print } : {}), ...options });
      }
    },
    sizeOf: (value) => sizeOf(value, sizing()),
    asized: (value, options = {}) => asized(value, { ...options, ...sizing() }),
    loadDump: (input, options = {}) => {
      const gunzip = platform().gunzip;
      return loadDump(input, { ...(gunzip ? { gunzip } : {}), ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) });
    },
  };
}
