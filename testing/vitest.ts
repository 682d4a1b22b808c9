/**
 * heapcensus/vitest: leak matchers for vitest (an optional peer dependency, loaded only through
 * this entry). Importing it adds them to `expect`; their types come with it.
 * @example
 * import 'heapcensus/vitest';
 * it('closing a document frees it', async () => {
 *   await expect(async () => (await openDoc()).close()).not.toLeak({ iterations: 5 });
 *   await expect(tracker).toHaveAlive('Doc', 0);
 * });
 */
import { expect } from 'vitest';
// The build maps this import to 'heapcensus' itself (rollup.config.mjs): the matchers then use the
// app's own copy of the package (its default tracker, Node or browser build).
import { collectGarbage, findLeaks, type ClassTracker, type FindLeaksOptions } from '../platform/node/index.js';

declare module 'vitest' {
  // Merges with vitest's own `interface Matchers<T = any>`, whose type parameter must be repeated
  // as is (TS2428 otherwise); no heapcensus value is typed `any`.
  interface Matchers<T = any> {
    /**
     * Runs the scenario (a function) through `findLeaks` and passes when a tracked class leaked;
     * use `await expect(scenario).not.toLeak(options)`. A failure prints the leak report.
     */
    toLeak(options?: FindLeaksOptions): Promise<void>;
    /** Collects garbage, then passes when the tracker has exactly `count` live instances of `name`. */
    toHaveAlive(name: string, count: number): Promise<void>;
  }
}

/** What a matcher returns to vitest. */
interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** A ClassTracker, or something else (the matcher then says what it got). */
function isTracker(value: unknown): value is ClassTracker {
  return typeof value === 'object' && value !== null && typeof (value as ClassTracker).counts === 'function' && typeof (value as ClassTracker).sweep === 'function';
}

const what = (v: unknown): string => (v === null ? 'null' : typeof v);

expect.extend({
  async toLeak(received: unknown, options: FindLeaksOptions = {}): Promise<MatcherResult> {
    if (typeof received !== 'function') {
      return { pass: this.isNot, message: () => `toLeak expects the scenario as a function (one iteration), got ${what(received)}` };
    }
    const result = await findLeaks(received as () => unknown, options);
    // Inconclusive (no way to collect garbage): fail either way rather than pass on a guess.
    if (!result.collected) return { pass: this.isNot, message: () => String(result) };
    return {
      pass: !result.ok,
      message: () => (result.ok ? `expected the scenario to leak, but ${String(result)}` : String(result)),
    };
  },

  async toHaveAlive(received: unknown, name: string, count: number): Promise<MatcherResult> {
    if (!isTracker(received)) return { pass: this.isNot, message: () => `toHaveAlive expects a ClassTracker (e.g. heapcensus' tracker), got ${what(received)}` };
    if (typeof name !== 'string' || !Number.isInteger(count) || count < 0) {
      return { pass: this.isNot, message: () => `toHaveAlive expects a class name and a count >= 0, got ${what(name)} and ${String(count)}` };
    }
    if (!(await collectGarbage({ tracker: received }))) {
      return { pass: this.isNot, message: () => `toHaveAlive: garbage could not be collected here, so live and dead ${name} instances cannot be told apart` };
    }
    const alive = received.counts().get(name)?.alive ?? 0;
    const ids = (received.index.get(name) ?? []).filter((t) => t.death === undefined).map((t) => t.id);
    const shown = ids.length === 0 ? '' : ` (ids ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}; findLeaks with retainers: true tells what holds them)`;
    return {
      pass: alive === count,
      message: () => (this.isNot ? `expected the number of live ${name} instances after a full GC not to be ${count}` : `expected ${count} live ${name} instance${count === 1 ? '' : 's'} after a full GC, found ${alive}${shown}`),
    };
  },
});
