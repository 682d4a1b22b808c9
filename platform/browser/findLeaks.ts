import type { ClassTracker, FindLeaks } from '../../src/index.js';
import { createFindLeaks } from '../../src/index.js';

/**
 * findLeaks in a page: collects with `gc()` when the browser exposes it (Chromium started with
 * `--js-flags=--expose-gc`); otherwise the result says the check was inconclusive. Pages driven
 * by Playwright get GC and retainer paths over the DevTools protocol from heapcensus/playwright.
 */
export function browserFindLeaks(defaultTracker: () => ClassTracker): FindLeaks {
  return createFindLeaks(defaultTracker, {
    async collectGarbage() {
      const gc = (globalThis as { gc?: unknown }).gc;
      if (typeof gc !== 'function') return false;
      for (let i = 0; i < 3; i++) {
        (gc as () => void)();
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
      }
      return true;
    },
    collectUnavailable: 'this page cannot force a GC: drive it with findPageLeaks from heapcensus/playwright (DevTools protocol), or start Chromium with --js-flags=--expose-gc',
    retainersUnavailable: 'a page cannot take its own heap snapshot: use findPageLeaks from heapcensus/playwright',
  });
}
