import type { ClassTracker } from '../tracker/ClassTracker.js';
import type { LeakHost, LeakSample } from './runLeakCheck.js';

/** How a host forces a full GC in this process: resolves to false when it cannot. */
export type CollectGarbage = () => Promise<boolean> | boolean;

/**
 * Forces a full GC with `collect` and records the deaths it caused in `tracker`. Sweeps before
 * and after, each resolving in a later task: a WeakRef read in a task keeps its target alive
 * until the task ends. Resolves to what `collect` did (false: it could not collect).
 */
export async function collectAndSweep(tracker: ClassTracker, collect: CollectGarbage): Promise<boolean> {
  await tracker.sweep();
  const ok = await collect();
  await tracker.sweep();
  return ok;
}

/**
 * A LeakHost over an in-process tracker (findLeaks in Node and in a page): counts from
 * `tracker.counts()`, samples from its records, GC by `collectAndSweep`. Samples read record ids
 * and deaths only, never the instances themselves.
 */
export function trackerLeakHost(tracker: ClassTracker, collect: CollectGarbage, extra: Partial<Pick<LeakHost, 'retainers' | 'retainersUnavailable' | 'collectUnavailable'>> = {}): LeakHost {
  return {
    ...extra,
    collectGarbage: () => collectAndSweep(tracker, collect),
    readCounts(): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [name, c] of tracker.counts()) out[name] = c.alive;
      return out;
    },
    lastId(): number {
      let last = 0;
      for (const list of tracker.index.values()) for (const t of list) if (t.id > last) last = t.id;
      return last;
    },
    sample(name: string, afterId: number, max: number): LeakSample[] {
      const out: LeakSample[] = [];
      for (const t of tracker.index.get(name) ?? []) {
        if (t.id <= afterId || t.death !== undefined) continue;
        const trace = t.trace;
        out.push(trace === undefined || trace.length === 0 ? { id: t.id } : { id: t.id, trace });
        if (out.length >= max) break;
      }
      return out;
    },
  };
}
