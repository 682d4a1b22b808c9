import type { TraceFrame } from '../types.js';
import { growthPerIteration, isLeaking } from './leakCriterion.js';
import { type ClassLeak, LeakResult } from './LeakResult.js';

/** A sampled live instance of a leaking class: its id, and its creation trace when tracked with `trace`. */
export interface LeakSample {
  id: number;
  trace?: readonly TraceFrame[];
}

/**
 * What the leak check needs from its host: the in-process tracker (findLeaks in Node and in a
 * page), or a page driven over the DevTools protocol (heapcensus/playwright). All may be async.
 */
export interface LeakHost {
  /**
   * Forces a full garbage collection, waits for finalizers and the tracker's sweep; resolves to
   * false when the host has no way to collect (the check then reports itself inconclusive).
   */
  collectGarbage(): Promise<boolean> | boolean;
  /** Why `collectGarbage` resolves to false, for the result's notice (e.g. how to enable it). */
  collectUnavailable?: string;
  /** Alive instances per tracked class name, now (every class with an instance so far, 0 when none lives). */
  readCounts(): Promise<Record<string, number>> | Record<string, number>;
  /** The highest instance id registered so far (later instances get larger ids); 0 when none. */
  lastId(): Promise<number> | number;
  /** Up to `max` live instances of `name` with an id above `afterId`, oldest first. */
  sample(name: string, afterId: number, max: number): Promise<LeakSample[]> | LeakSample[];
  /**
   * Retainer paths of these instances: id → the path's steps from a GC root (`(global)`,
   * `holder.cache`, `Array[41]`, `Leaky`); ids it could not explain are left out.
   */
  retainers?(ids: readonly number[]): Promise<Map<number, string[]>>;
  /** Why `retainers` is missing, for the result's notice (e.g. "browsers: use heapcensus/playwright"). */
  retainersUnavailable?: string;
}

/** Options of a leak check (findLeaks, findPageLeaks). */
export interface LeakCheckOptions {
  /** Measured iterations (default 5, at least 2). */
  iterations?: number;
  /** Unmeasured iterations run first, to fill caches and warm lazy state (default 1). */
  warmup?: number;
  /** Class names to watch (default: every tracked class). */
  classes?: readonly string[];
  /** Explain leaked instances with retainer paths where the host can (default false). */
  retainers?: boolean;
  /** Instances explained per leaking class (default 3). */
  maxRetainers?: number;
  /** Leaked instance ids kept per class (default 20). */
  maxIds?: number;
}

/** Steps of a retainer path joined for reading. */
export const PATH_SEPARATOR = ' → ';

/** One iteration of the scenario; `iteration` counts from 0 (warm-up included). */
export type LeakScenario = (iteration: number) => unknown;

const intOption = (value: number | undefined, fallback: number, min: number, what: string): number => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`findLeaks: ${what} must be an integer >= ${min}, got ${String(value)}`);
  return v;
};

/**
 * Runs the leak check: `warmup` unmeasured iterations, then `iterations` measured ones, a full
 * GC (through `host`) and a count after the warm-up and after each; a class leaks when its alive
 * count grew in every measured iteration (see `isLeaking`). Leaking classes get sample ids,
 * creation traces and, with `retainers`, retainer paths.
 */
export async function runLeakCheck(scenario: LeakScenario, host: LeakHost, options: LeakCheckOptions = {}): Promise<LeakResult> {
  if (typeof scenario !== 'function') throw new TypeError(`findLeaks expects the scenario as a function, got ${scenario === null ? 'null' : typeof scenario}`);
  const iterations = intOption(options.iterations, 5, 2, 'iterations');
  const warmup = intOption(options.warmup, 1, 0, 'warmup');
  const maxRetainers = intOption(options.maxRetainers, 3, 0, 'maxRetainers');
  const maxIds = intOption(options.maxIds, 20, 1, 'maxIds');
  const watch = options.classes;
  if (watch !== undefined && (!Array.isArray(watch) || watch.some((c) => typeof c !== 'string'))) {
    throw new TypeError('findLeaks: classes must be an array of class names (strings)');
  }

  let run = 0;
  for (; run < warmup; run++) await scenario(run);
  let collected = await host.collectGarbage();
  const watermark = await host.lastId();
  const series = new Map<string, number[]>();
  const seen = new Set<string>();
  if (watch !== undefined) for (const name of watch) series.set(name, []);
  const record = async (step: number): Promise<void> => {
    const counts = await host.readCounts();
    for (const [name, alive] of Object.entries(counts)) {
      seen.add(name);
      if (watch === undefined && !series.has(name)) series.set(name, new Array<number>(step).fill(0));
      series.get(name)?.push(alive);
    }
    // A watched class absent from this reading has no live instance (or was never created).
    for (const s of series.values()) if (s.length === step) s.push(0);
  };
  await record(0);
  for (let i = 1; i <= iterations; i++, run++) {
    await scenario(run);
    if (!(await host.collectGarbage())) collected = false;
    await record(i);
  }

  const leaks: ClassLeak[] = [];
  let notice: string | undefined;
  if (collected) {
    for (const [name, counts] of series) {
      if (!isLeaking(counts)) continue;
      const samples = await host.sample(name, watermark, maxIds);
      const leak: ClassLeak = { name, counts, perIteration: growthPerIteration(counts), ids: samples.map((s) => s.id) };
      const traces = samples.slice(0, maxRetainers).map((s) => s.trace ?? []);
      if (traces.some((t) => t.length > 0)) leak.traces = traces;
      leaks.push(leak);
    }
    leaks.sort((a, b) => b.perIteration - a.perIteration);
    if (options.retainers === true && leaks.length > 0 && maxRetainers > 0) {
      if (host.retainers === undefined) notice = `no retainer paths: ${host.retainersUnavailable ?? 'this host cannot take a heap snapshot'}`;
      else {
        const ids = leaks.flatMap((l) => l.ids.slice(0, maxRetainers));
        const paths = await host.retainers(ids);
        for (const leak of leaks) {
          leak.retainers = leak.ids.slice(0, maxRetainers).map((id) => paths.get(id)?.join(PATH_SEPARATOR) ?? '(no path from a GC root: held only by heapcensus, or collected)');
        }
      }
    }
  } else {
    notice = `garbage could not be collected, so live and dead instances cannot be told apart: ${host.collectUnavailable ?? 'this host offers no way to force a garbage collection'}`;
  }
  const never = watch?.filter((name) => !seen.has(name)) ?? [];
  if (never.length > 0) {
    const unknown = `the tracker never had an instance of ${never.join(', ')} (a misspelt class name?)`;
    notice = notice === undefined ? unknown : `${notice}; ${unknown}`;
  }
  return new LeakResult({
    ok: collected && leaks.length === 0,
    collected,
    ...(notice !== undefined ? { notice } : {}),
    iterations,
    warmup,
    leaks,
    series: Object.fromEntries(series),
  });
}
