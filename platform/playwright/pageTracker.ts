/**
 * The page side of findPageLeaks: everything it reads or sets in the page, through
 * `page.evaluate`, on the tracker the page put on `globalThis.heapcensus` (the IIFE build, or
 * `installConsole()` in an app). The functions passed to `evaluate` run in the page: they
 * must use nothing from this module's scope.
 */
import type { Page } from 'playwright-core';
import type { LeakSample } from '../../src/leaks/runLeakCheck.js';

/**
 * The page global that holds the marker (a `HeapcensusRetainerTargets`, the retainer-path code's
 * convention) while a heap snapshot is taken; deleted right after. The path search never enters
 * the marker, so neither it nor this global appears in a path.
 */
export const MARKER_GLOBAL = '__heapcensusRetainerTargets';

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
 * Puts the live instances with these ids (in this order) into the `list` of a page object of
 * class `HeapcensusRetainerTargets`, held by a page global until `unmarkLeakRoots`, so the heap
 * snapshot parser finds them. Resolves to the marker's class name (for the caller to check)
 * and, per id, its class name when its instance was still there (collected ones are left out
 * of the list: null).
 */
export function markLeakRoots(page: Page, ids: readonly number[]): Promise<{ marker: string; held: Array<string | null> }> {
  return page.evaluate(
    ({ ids, global }) => {
      const t = (globalThis as unknown as PageGlobal).heapcensus.tracker;
      const found = new Map<number, { obj: object; name: string }>();
      const wanted = new Set(ids);
      for (const [name, rows] of t.index) {
        for (const r of rows) {
          const obj = wanted.has(r.id) ? r.deref() : undefined;
          if (obj !== undefined) found.set(r.id, { obj, name });
        }
      }
      // Found in the snapshot by this class name and field (evaluated code is not minified).
      class HeapcensusRetainerTargets {
        constructor(readonly list: object[]) {}
      }
      const list = ids.flatMap((id) => (found.has(id) ? [found.get(id)!.obj] : []));
      (globalThis as Record<string, unknown>)[global] = new HeapcensusRetainerTargets(list);
      // null, not undefined: evaluate's results keep nulls in arrays.
      return { marker: HeapcensusRetainerTargets.name, held: ids.map((id) => found.get(id)?.name ?? null) };
    },
    { ids: [...ids], global: MARKER_GLOBAL },
  );
}

/** Drops the page global `markLeakRoots` set. */
export async function unmarkLeakRoots(page: Page): Promise<void> {
  await page.evaluate((global) => {
    delete (globalThis as Record<string, unknown>)[global];
  }, MARKER_GLOBAL);
}
