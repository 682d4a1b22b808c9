import type { MemoryBreakdownEntry, MemoryTotal } from '../../src/types.js';

/** Chromium's non-standard `performance.memory`. */
interface LegacyMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
  jsHeapSizeLimit: number;
}

type Measurement = { bytes: number; breakdown: MemoryBreakdownEntry[] };
type Measure = () => Promise<Measurement>;

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

/** The measurement under way, and the one queued behind it (shared by every caller since it began). */
let running: Promise<MemoryTotal> | undefined;
let queued: Promise<MemoryTotal> | undefined;

function measure(fn: Measure): Promise<MemoryTotal> {
  const p = fn.call(performance).then(
    (r): MemoryTotal => ({
      bytes: r.bytes,
      source: 'measureUserAgentSpecificMemory',
      // Entries come in random order with a zero-byte padding entry; keep the real ones, largest first.
      breakdown: r.breakdown
        .filter((e) => e.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes)
        .map((e) => ({
          bytes: e.bytes,
          attribution: e.attribution.map((a) => ({ url: a.url, scope: a.scope, ...(a.container ? { container: { ...a.container } } : {}) })),
          types: [...e.types],
        })),
    }),
  );
  running = p;
  const done = (): void => {
    if (running === p) running = undefined;
  };
  p.then(done, done);
  return p;
}

/**
 * The precise total from `performance.measureUserAgentSpecificMemory()`, available only
 * when the page is cross-origin isolated (else undefined); it resolves after the next GC,
 * often 10-20 s later. A caller never gets a figure measured before it asked: while one
 * measurement runs, later callers share a single follow-up, so periodic snapshots cannot pile them up.
 */
export function preciseTotal(): Promise<MemoryTotal> | undefined {
  const fn = (performance as Performance & { measureUserAgentSpecificMemory?: Measure }).measureUserAgentSpecificMemory;
  if (typeof fn !== 'function' || globalThis.crossOriginIsolated !== true) return undefined;
  if (running === undefined) return measure(fn);
  if (queued === undefined) {
    const next = running.catch(() => undefined).then(() => {
      queued = undefined;
      return measure(fn);
    });
    queued = next;
  }
  return queued;
}
