import { types } from 'node:util';
import type { Platform } from '../../../src/platform.js';
import type { MemoryTotal } from '../../../src/types.js';

/** A Platform for unit tests: real clock and timers, a fixed total, printed text and errors collected. */
export interface FakePlatform extends Platform {
  printed: string[];
  errors: unknown[];
  total: MemoryTotal;
}

export function fakePlatform(overrides: Partial<Platform> = {}): FakePlatform {
  const p: FakePlatform = {
    name: 'node',
    now: () => performance.now(),
    taggedSize: 8,
    total: { bytes: 10 * 1024 * 1024, source: 'process.memoryUsage' },
    memoryTotal: () => p.total,
    isProxy: (v: object) => types.isProxy(v),
    setInterval(fn, ms) {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    },
    setTimeout(fn, ms) {
      const t = setTimeout(fn, ms);
      t.unref();
      return () => clearTimeout(t);
    },
    printed: [],
    errors: [],
    print: (text: string) => void p.printed.push(text),
    onError: (e: unknown) => void p.errors.push(e),
    ...overrides,
  };
  return p;
}

/** Runs full GCs and lets finalizers run (FinalizationRegistry callbacks need turns of the event loop). */
export async function collectGarbage(rounds = 6): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('tests need --expose-gc');
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Interval timers that a test fires by hand, so nothing depends on when real timers run. */
export interface ManualTimers {
  /** For a Platform: registers `fn` every `ms`; returns the cancel function. */
  setInterval(fn: () => void, ms: number): () => void;
  /** The intervals (ms) of the timers not cancelled. */
  intervals(): number[];
  /** Runs every live timer's callback once, then lets the promise jobs they started settle. */
  fire(): Promise<void>;
}

export function manualTimers(): ManualTimers {
  const live = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    setInterval(fn, ms) {
      const id = next++;
      live.set(id, { fn, ms });
      return () => void live.delete(id);
    },
    intervals: () => [...live.values()].map((t) => t.ms),
    async fire() {
      for (const t of [...live.values()]) t.fn();
      // setImmediate runs after every promise job queued so far (and those they queue).
      await new Promise((r) => setImmediate(r));
    },
  };
}
