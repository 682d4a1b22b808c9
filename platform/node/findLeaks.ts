import type { ClassTracker, FindLeaks } from '../../src/index.js';
import { createFindLeaks } from '../../src/index.js';
import { fullGc, NODE_GC_UNAVAILABLE } from './collectGarbage.js';
import { explainRetainers } from './explainRetainers.js';

/** Retainer paths of a tracker's instances by id (steps from a GC root), from a V8 heap snapshot of this process. */
export async function trackedRetainers(tracker: ClassTracker, ids: readonly number[]): Promise<Map<number, string[]>> {
  const want = new Map(ids.map((id, i) => [id, i]));
  const order: number[] = [];
  const labels: string[] = [];
  const paths = await explainRetainers(function* () {
    for (const list of tracker.index.values()) {
      for (const t of list) {
        if (!want.has(t.id)) continue;
        order.push(t.id);
        labels.push(t.name);
        yield t.deref();
      }
    }
  }, labels);
  const out = new Map<number, string[]>();
  paths.forEach((p, i) => {
    if (p !== undefined) out.set(order[i]!, p);
  });
  return out;
}

/** findLeaks for Node: full GCs without `--expose-gc`, retainer paths from a V8 heap snapshot. */
export function nodeFindLeaks(defaultTracker: () => ClassTracker): FindLeaks {
  return createFindLeaks(defaultTracker, { collectGarbage: fullGc, collectUnavailable: NODE_GC_UNAVAILABLE, retainers: trackedRetainers });
}
