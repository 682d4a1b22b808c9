import type { ClassTracker, FindLeaks } from '../../src/index.js';
import { createFindLeaks } from '../../src/index.js';

/** Full GCs with the page's `gc()` (Chromium started with `--js-flags=--expose-gc`), a task apart for finalizers; false without it. */
export async function browserGc(): Promise<boolean> {
  const gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') return false;
  for (let i = 0; i < 3; i++) {
    (gc as () => void)();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return true;
}

/**
 * findLeaks in a page: collects with `gc()` when the browser exposes it; otherwise the result says
 * the check was inconclusive. Pages driven by Playwright get GC and retainer paths over the
 * DevTools protocol from heapcensus/playwright.
 */
export function browserFindLeaks(defaultTracker: () => ClassTracker): FindLeaks {
  return createFindLeaks(defaultTracker, {
    collectGarbage: browserGc,
    collectUnavailable: 'this page cannot force a GC: drive it with findPageLeaks from heapcensus/playwright (DevTools protocol), or start Chromium with --js-flags=--expose-gc',
    retainersUnavailable: 'a page cannot take its own heap snapshot: use findPageLeaks from heapcensus/playwright',
  });
}
