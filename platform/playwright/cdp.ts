/**
 * The DevTools protocol side of findPageLeaks: a CDP session on the page (Chromium only),
 * full garbage collections, and heap snapshots streamed chunk by chunk to the parser in Node.
 */
import type { CDPSession, Page } from 'playwright-core';

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

/** A full, non-incremental garbage collection of the page's JS heap, twice (what the first pass's finalization frees goes in the second). */
export async function collectGarbage(session: CDPSession): Promise<void> {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
}

/**
 * Takes a heap snapshot of the page and yields its text chunk by chunk as the protocol delivers
 * them (`HeapProfiler.addHeapSnapshotChunk`), so the parser consumes it while it streams and the
 * text is never held whole. Ends when the snapshot command has returned and every chunk was yielded.
 */
export async function* heapSnapshotChunks(session: CDPSession): AsyncGenerator<string> {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let failure: { error: unknown } | undefined;
  const onChunk = ({ chunk }: { chunk: string }): void => {
    queue.push(chunk);
    wake?.();
  };
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const taken = session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false }).then(
    () => undefined,
    (error: unknown) => {
      failure = { error };
    },
  );
  void taken.then(() => {
    done = true;
    wake?.();
  });
  try {
    for (;;) {
      // Chunks arrive in protocol messages, each in its own task: nothing lands between these checks and the await.
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) yield c;
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    if (failure !== undefined) throw failure.error instanceof Error ? failure.error : new Error(String(failure.error));
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await taken;
  }
}
