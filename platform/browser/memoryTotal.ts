import type { MemoryBreakdownEntry, MemoryTotal } from '../../src/types.js';

/** Chromium's non-standard `performance.memory`. */
interface LegacyMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
  jsHeapSizeLimit: number;
}

/** The immediate total: `performance.memory.usedJSHeapSize` where it exists, else none. */
export function memoryTotal(): MemoryTotal {
  const m = (performance as Performance & { memory?: LegacyMemory }).memory;
  if (m === undefined || typeof m.usedJSHeapSize !== 'number') return { bytes: 0, source: 'none' };
  return {
    bytes: m.usedJSHeapSize,
    source: 'performance.memory',
    breakdown: { usedJSHeapSize: m.usedJSHeapSize, totalJSHeapSize: m.totalJSHeapSize, jsHeapSizeLimit: m.jsHeapSizeLimit },
  };
}

type Measure = () => Promise<{ bytes: number; breakdown: MemoryBreakdownEntry[] }>;

/**
 * The precise total from `performance.measureUserAgentSpecificMemory()`, available only
 * when the page is cross-origin isolated; it resolves after the next GC (seconds later).
 */
export function preciseTotal(): Promise<MemoryTotal> | undefined {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: Measure }).measureUserAgentSpecificMemory;
  if (typeof measure !== 'function' || globalThis.crossOriginIsolated !== true) return undefined;
  return measure.call(performance).then((r) => ({
    bytes: r.bytes,
    source: 'measureUserAgentSpecificMemory' as const,
    breakdown: r.breakdown
      .filter((e) => e.bytes > 0)
      .map((e) => ({ bytes: e.bytes, attribution: e.attribution.map((a) => ({ ...a })), types: [...e.types] })),
  }));
}
