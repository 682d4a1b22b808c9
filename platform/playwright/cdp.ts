/**
 * The DevTools protocol side of findPageLeaks: a CDP session on the page (Chromium only),
 * full garbage collections, and heap snapshots streamed in chunks into the Node-side parser.
 */
import type { CDPSession, Page } from 'playwright-core';
import { parseHeapGraph, type HeapGraph } from '../node/exactSizes.js';
import { HeapSnapshotParser } from '../node/heapSnapshotParser.js';

/** A CDP session on one page, or why there is none (a browser other than Chromium). */
export type PageProtocol = { session: CDPSession; unavailable?: undefined } | { session?: undefined; unavailable: string };

/** The name of the page's browser ('chromium', 'firefox', 'webkit'), or undefined when Playwright does not say. */
function browserName(page: Page): string | undefined {
  try {
    return page.context().browser()?.browserType().name();
  } catch {
    return undefined;
  }
}

/**
 * Opens a CDP session on `page`. Playwright offers one only in Chromium; elsewhere the
 * result says why (no guess is made about garbage the page could not collect).
 */
export async function openProtocol(page: Page): Promise<PageProtocol> {
  const name = browserName(page);
  try {
    const session = await page.context().newCDPSession(page);
    await session.send('HeapProfiler.enable');
    return { session };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      unavailable: `${name ?? 'this browser'} offers no DevTools protocol session (${why}): garbage cannot be collected nor a heap snapshot taken from the test, so growth cannot be told from garbage not yet collected; run the leak check in Chromium`,
    };
  }
}

/** One full, non-incremental garbage collection in the page's JS heap (twice: objects freed by the first pass's finalization go in the second). */
export async function collectGarbage(session: CDPSession): Promise<void> {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
}

/**
 * Takes a heap snapshot of the page and parses it in Node as its chunks arrive (the text is
 * never held whole: about the heap's size again in typed arrays).
 */
export async function takePageHeapGraph(session: CDPSession): Promise<HeapGraph> {
  const parser = new HeapSnapshotParser();
  let failure: unknown;
  const onChunk = ({ chunk }: { chunk: string }): void => {
    if (failure !== undefined) return;
    try {
      parser.write(chunk);
    } catch (e) {
      failure = e;
    }
  };
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  return parseHeapGraph(parser.end());
}
