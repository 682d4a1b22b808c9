import type { ClassTracker, FindLeaks } from '../../src/index.js';
import { createFindLeaks } from '../../src/index.js';
import { collectGarbage, NODE_GC_UNAVAILABLE } from './collectGarbage.js';

/** findLeaks for Node: full GCs without `--expose-gc`, retainer paths from a V8 heap snapshot. */
export function nodeFindLeaks(defaultTracker: () => ClassTracker): FindLeaks {
  return createFindLeaks(defaultTracker, {
    collectGarbage,
    collectUnavailable: NODE_GC_UNAVAILABLE,
    retainersUnavailable: 'retainer paths are not built yet',
  });
}
