/**
 * findPageLeaks: the leak check of `findLeaks` for a page driven by Playwright (Chromium). The
 * scenario runs in the test (clicks, navigation), garbage is collected through the DevTools
 * protocol, counts come from the page's tracker, and retainer paths from a heap snapshot of
 * the page parsed here, in Node.
 */
import type { Page } from 'playwright-core';
import type { LeakResult } from '../../src/leaks/LeakResult.js';
import { runLeakCheck, type LeakCheckOptions, type LeakHost, type LeakScenario } from '../../src/leaks/runLeakCheck.js';
import { collectGarbage, openProtocol, takePageHeapGraph } from './cdp.js';
import { checkPageTracker, markLeakRoots, readPageCounts, readPageLastId, samplePage, sweepPage, unmarkLeakRoots } from './pageTracker.js';
import { pageRetainerPaths } from './pageRetainers.js';

/** Options of `findPageLeaks`: those of `findLeaks` (without `tracker`: the page's default tracker is read). */
export interface PageLeakOptions extends LeakCheckOptions {
  /** Retainer paths from a heap snapshot of the page for the leaked samples (default true; taken only when a class leaked). */
  retainers?: boolean;
}

/**
 * Runs `scenario` (which drives `page`) `warmup` + `iterations` times, forcing a full GC in the
 * page through the DevTools protocol before each count of the page tracker's live instances
 * (`globalThis.heapcensus`: the IIFE build or `installConsole()`). Returns the same result as
 * `findLeaks`; outside Chromium it is inconclusive and says why. Throws when the page has no heapcensus.
 */
export async function findPageLeaks(page: Page, scenario: LeakScenario, options: PageLeakOptions = {}): Promise<LeakResult> {
  if (page === null || typeof page !== 'object' || typeof (page as { evaluate?: unknown }).evaluate !== 'function') {
    throw new TypeError('findPageLeaks expects a Playwright Page as its first argument');
  }
  await checkPageTracker(page);
  const protocol = await openProtocol(page);
  const session = protocol.session;
  const host: LeakHost = {
    async collectGarbage() {
      if (session === undefined) return false;
      await sweepPage(page);
      await collectGarbage(session);
      await sweepPage(page);
      return true;
    },
    ...(protocol.unavailable !== undefined ? { collectUnavailable: protocol.unavailable, retainersUnavailable: protocol.unavailable } : {}),
    readCounts: () => readPageCounts(page),
    lastId: () => readPageLastId(page),
    sample: (name, afterId, max) => samplePage(page, name, afterId, max),
    ...(session !== undefined
      ? {
          async retainers(ids: readonly number[]) {
            await markLeakRoots(page, ids);
            try {
              const graph = await takePageHeapGraph(session);
              return pageRetainerPaths(graph, ids);
            } finally {
              await unmarkLeakRoots(page);
            }
          },
        }
      : {}),
  };
  try {
    return await runLeakCheck(scenario, host, { ...options, retainers: options.retainers ?? true });
  } finally {
    await session?.detach().catch(() => undefined);
  }
}
