/**
 * findPageLeaks: the leak check of `findLeaks` for a page driven by Playwright (Chromium). The
 * scenario runs in the test (clicks, navigation), garbage is collected through the DevTools
 * protocol, counts come from the page's tracker, and retainer paths from a heap snapshot of
 * the page parsed here, in Node.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { LeakResult } from '../../src/leaks/LeakResult.js';
import { runLeakCheck, type LeakCheckOptions, type LeakHost, type LeakScenario } from '../../src/leaks/runLeakCheck.js';
import { RETAINER_MARKER, retainerPathsFromChunks } from '../node/retainerPaths.js';
import { readableBlinkSteps } from './blinkSteps.js';
import { collectGarbage, heapSnapshotChunks, openProtocol } from './cdp.js';
import { checkPageTracker, markLeakRoots, readPageCounts, readPageLastId, samplePage, sweepPage, unmarkLeakRoots } from './pageTracker.js';

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
    ...(session !== undefined ? { retainers: (ids: readonly number[]) => pageRetainers(page, session, ids) } : {}),
  };
  try {
    return await runLeakCheck(scenario, host, { ...options, retainers: options.retainers ?? true });
  } finally {
    await session?.detach().catch(() => undefined);
  }
}

/**
 * Retainer paths of the page's instances with these ids: marks them in the page, takes a heap
 * snapshot over the protocol and parses it as it streams, with the retainer-path code findLeaks
 * uses in Node (same marker convention, same names for the steps).
 */
async function pageRetainers(page: Page, session: CDPSession, ids: readonly number[]): Promise<Map<number, string[]>> {
  const { marker, held } = await markLeakRoots(page, ids);
  let paths: Array<string[] | undefined>;
  try {
    if (marker !== RETAINER_MARKER) throw new Error(`findPageLeaks: the page marker is a ${marker}, the retainer-path code looks for a ${RETAINER_MARKER}`);
    const labels = held.filter((name): name is string => name !== null);
    paths = await retainerPathsFromChunks(heapSnapshotChunks(session), { count: labels.length, labels });
  } finally {
    await unmarkLeakRoots(page);
  }
  const out = new Map<number, string[]>();
  let k = 0;
  ids.forEach((id, i) => {
    if (held[i] === null) return;
    const path = paths[k++];
    if (path !== undefined) out.set(id, readableBlinkSteps(path));
  });
  return out;
}
