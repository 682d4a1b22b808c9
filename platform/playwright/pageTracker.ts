/**
 * The page side of findPageLeaks: everything it reads or sets in the page, through
 * `page.evaluate`, on the tracker the page put on `globalThis.heapcensus` (the IIFE build, or
 * `installConsole()` in an app). The functions passed to `evaluate` run in the page: they
 * must use nothing from this module's scope.
 */
import type { Page } from 'playwright-core';
import type { LeakSample } from '../../src/leaks/runLeakCheck.js';

/** The constructor name of the page object that holds the sampled leaked instances while a heap snapshot is taken. */
export const LEAK_ROOTS_CLASS = 'HeapcensusLeakRoots';
/** The page global that holds it meanwhile (deleted right after; it holds the instances weakly, so no retainer path passes through it). */
export const LEAK_ROOTS_GLOBAL = '__heapcensusLeakRoots';

/** A page tracker's record as the page functions below read it (`tracker.index` rows). */
type PageRow = { id: number; death: number | undefined; trace: ReadonlyArray<{ fn: string; file: string; line: number; column: number }> | undefined; deref(): object | undefined };
/** The part of the page's `globalThis.heapcensus` these functions use. */
type PageGlobal = { heapcensus: { tracker: { sweep(): Promise<void>; index: Map<string, PageRow[]>; counts(): Map<string, { alive: number }> } } };

/** Throws a clear error when the page has no heapcensus tracker to read. */
export async function checkPageTracker(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const hc = (globalThis as { heapcensus?: { tracker?: { index?: unknown; sweep?: unknown } } }).heapcensus;
    if (hc === undefined || hc === null) return 'none';
    const t = hc.tracker;
    return t !== undefined && t !== null && typeof t.sweep === 'function' && t.index instanceof Map ? 'ok' : 'other';
  });
  if (found === 'none') {
    throw new Error(
      "findPageLeaks: the page has no heapcensus tracker (globalThis.heapcensus is undefined): load dist/heapcensus.iife.js in the page, or call installConsole() from 'heapcensus/browser' in the app, before the leak check",
    );
  }
  if (found === 'other') throw new Error('findPageLeaks: globalThis.heapcensus in the page is not heapcensus (it has no tracker with sweep() and an index)');
}

/**
 * Runs the page tracker's sweep (deaths the last garbage collection caused) and resolves in a
 * later page task, after pending finalizers: a WeakRef read in a task keeps its target alive
 * until the task ends, so a collection must come after this resolves, and a count after it.
 */
export async function sweepPage(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await (globalThis as unknown as PageGlobal).heapcensus.tracker.sweep();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** Alive instances per tracked class name in the page's tracker (`tracker.counts()`). */
export function readPageCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const [name, c] of (globalThis as unknown as PageGlobal).heapcensus.tracker.counts()) out[name] = c.alive;
    return out;
  });
}

/** The highest instance id the page's tracker registered so far (0 when none). */
export function readPageLastId(page: Page): Promise<number> {
  return page.evaluate(() => {
    let last = 0;
    for (const rows of (globalThis as unknown as PageGlobal).heapcensus.tracker.index.values()) for (const r of rows) if (r.id > last) last = r.id;
    return last;
  });
}

/** Up to `max` live instances of `name` with an id above `afterId`, oldest first: ids and creation traces (records only, never the instances). */
export function samplePage(page: Page, name: string, afterId: number, max: number): Promise<LeakSample[]> {
  return page.evaluate(
    ({ name, afterId, max }) => {
      const out: Array<{ id: number; trace?: Array<{ fn: string; file: string; line: number; column: number }> }> = [];
      for (const r of (globalThis as unknown as PageGlobal).heapcensus.tracker.index.get(name) ?? []) {
        if (r.id <= afterId || r.death !== undefined) continue;
        const trace = r.trace;
        out.push(trace === undefined || trace.length === 0 ? { id: r.id } : { id: r.id, trace: trace.map((f) => ({ fn: f.fn, file: f.file, line: f.line, column: f.column })) });
        if (out.length >= max) break;
      }
      return out;
    },
    { name, afterId, max },
  );
}

/**
 * Puts a WeakRef to each instance with these ids (in this order) into a `HeapcensusLeakRoots`
 * object's `list`, held by a page global until `unmarkLeakRoots`, so the heap snapshot parser
 * finds them. The refs are weak, so the marker is on no retainer path. An instance collected
 * meanwhile is a hole (`undefined`) in the list.
 */
export function markLeakRoots(page: Page, ids: readonly number[]): Promise<void> {
  return page.evaluate(
    ({ ids, global }) => {
      const t = (globalThis as unknown as PageGlobal).heapcensus.tracker;
      const at = new Map<number, number>(ids.map((id, i) => [id, i]));
      const list: Array<WeakRef<object> | undefined> = new Array(ids.length).fill(undefined);
      for (const rows of t.index.values()) {
        for (const r of rows) {
          const i = at.get(r.id);
          const obj = i === undefined ? undefined : r.deref();
          if (obj !== undefined) list[i!] = new WeakRef(obj);
        }
      }
      // The class's name is what the parser looks for (LEAK_ROOTS_CLASS); evaluated code is not minified.
      class HeapcensusLeakRoots {
        constructor(readonly list: Array<WeakRef<object> | undefined>) {}
      }
      (globalThis as Record<string, unknown>)[global] = new HeapcensusLeakRoots(list);
    },
    { ids: [...ids], global: LEAK_ROOTS_GLOBAL },
  );
}

/** Drops the page global `markLeakRoots` set. */
export async function unmarkLeakRoots(page: Page): Promise<void> {
  await page.evaluate((global) => {
    delete (globalThis as Record<string, unknown>)[global];
  }, LEAK_ROOTS_GLOBAL);
}
