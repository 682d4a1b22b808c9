import type { ClassTracker } from '../tracker/ClassTracker.js';
import type { LeakResult } from './LeakResult.js';
import { type LeakCheckOptions, type LeakScenario, runLeakCheck } from './runLeakCheck.js';
import { type CollectGarbage, collectAndSweep, trackerLeakHost } from './trackerLeakHost.js';

/** Options of `findLeaks`: the leak check's, and the tracker whose classes are watched. */
export interface FindLeaksOptions extends LeakCheckOptions {
  /** The tracker to read (default: the default `tracker`). */
  tracker?: ClassTracker;
}

/** What a package entry gives findLeaks: how to collect garbage and, where it can, retainer paths. */
export interface FindLeaksHost {
  collectGarbage: CollectGarbage;
  /** Why garbage cannot be collected here (shown when `collectGarbage` resolves to false). */
  collectUnavailable?: string;
  /** Retainer paths of the tracker's instances with these ids: id → steps from a GC root. */
  retainers?(tracker: ClassTracker, ids: readonly number[]): Promise<Map<number, string[]>>;
  /** Why there are no retainer paths here. */
  retainersUnavailable?: string;
}

const recorded = (tracker: ClassTracker, paths: Map<number, string[]>): Map<number, string[]> => {
  tracker.recordRetainers(paths);
  return paths;
};

/** `findLeaks(scenario, options)`: runs `scenario` repeatedly and reports classes whose alive count grows every iteration. */
export type FindLeaks = (scenario: LeakScenario, options?: FindLeaksOptions) => Promise<LeakResult>;

/** Builds a package entry's `findLeaks` over its default tracker and its host's GC (platform/node, platform/browser). */
export function createFindLeaks(defaultTracker: () => ClassTracker, host: FindLeaksHost): FindLeaks {
  return (scenario, options = {}) => {
    const tracker = options.tracker ?? defaultTracker();
    const retainers = host.retainers;
    return runLeakCheck(
      scenario,
      trackerLeakHost(tracker, host.collectGarbage, {
        // The paths found go into the tracker's next dumps too.
        ...(retainers !== undefined ? { retainers: async (ids: readonly number[]) => recorded(tracker, await retainers(tracker, ids)) } : {}),
        ...(host.retainersUnavailable !== undefined ? { retainersUnavailable: host.retainersUnavailable } : {}),
        ...(host.collectUnavailable !== undefined ? { collectUnavailable: host.collectUnavailable } : {}),
      }),
      options,
    );
  };
}

/** `collectGarbage({ tracker })`: a full GC where the host allows it, then the tracker's sweep; false when the host cannot collect. */
export type CollectGarbageAndSweep = (options?: { tracker?: ClassTracker }) => Promise<boolean>;

/** Builds a package entry's public `collectGarbage` over its default tracker and its host's GC. */
export function createCollectGarbage(defaultTracker: () => ClassTracker, collect: CollectGarbage): CollectGarbageAndSweep {
  return (options = {}) => collectAndSweep(options.tracker ?? defaultTracker(), collect);
}
