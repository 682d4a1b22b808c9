/**
 * findPageLeaks (heapcensus/playwright) on the browser demo (build/demo-browser, standard
 * decorators) in Chromium: the time of a 5-iteration leak check against the scenario alone
 * (the same clicks, no collection, no counts), interleaved in the same page; and, on the
 * leaking editor, the check with retainer paths (one heap snapshot of the page, parsed in Node).
 * Figures: check time, overhead per iteration over the scenario alone, snapshot + paths time.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { HeapGraphParser } from '../platform/node/heapGraphParser.js';
import { retainerPaths } from '../platform/node/retainerPaths.js';
import { heapSnapshotChunks } from '../platform/playwright/cdp.js';
import { findPageLeaks } from '../platform/playwright/index.js';
import { QUICK, check, fmt, mdTable, median, now, report, spread, type Figure } from './harness.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const ITERATIONS = 5;
const WARMUP = 1;
const REPS = QUICK ? 2 : 5;
/** Flags as in test/browser/helpers/chromium.ts. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/* eslint-disable @typescript-eslint/no-explicit-any -- page code */
async function openDemo(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/standard/`);
  await page.waitForFunction(() => 'editor' in globalThis && 'heapcensus' in globalThis);
}

/** One iteration of the demo scenario: "Type 40 characters" (40 undo steps). */
const typeSome = (page: Page) => () => page.click('#btn-type');

async function main(): Promise<void> {
  const { ensureDemo } = (await import(pathToFileURL(join(root, 'demo/browser/build.mjs')).href)) as { ensureDemo(): Promise<string> };
  const { serveStatic } = (await import(pathToFileURL(join(root, 'scripts/serveStatic.mjs')).href)) as {
    serveStatic(dir: string, o: { isolated: boolean }): Promise<{ origin: string; close(): Promise<void> }>;
  };
  const server = await serveStatic(await ensureDemo(), { isolated: false });
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ARGS });
  const alone: number[] = [];
  const checked: number[] = [];
  const leaking: number[] = [];
  const leakingNoPaths: number[] = [];
  let heapBytes = 0;
  let leakingHeapBytes = 0;
  const phases = { firstChunk: [] as number[], snapshot: [] as number[], parse: [] as number[], paths: [] as number[] };
  let snapshotNodes = 0;
  let snapshotChars = 0;
  let version = '';
  try {
    version = browser.version();
    // The fixed editor: the history plateaus at 50 steps, so repetitions in one page stay alike.
    const page = await browser.newPage();
    await openDemo(page, server.origin);
    await page.click('#btn-fix');
    const scenario = typeSome(page);
    for (let rep = 0; rep < 1 + REPS; rep++) {
      const t0 = now();
      for (let i = 0; i < WARMUP + ITERATIONS; i++) await scenario();
      const t1 = now();
      const result = await findPageLeaks(page, scenario, { iterations: ITERATIONS, warmup: WARMUP });
      const t2 = now();
      check(result.ok && result.collected, `the fixed demo does not leak:\n${String(result)}`);
      if (rep === 0) continue;
      alone.push(t1 - t0);
      checked.push(t2 - t1);
    }
    heapBytes = await page.evaluate(() => (performance as any).memory?.usedJSHeapSize ?? 0);
    await page.close();
    // The leaking editor, a fresh page each time (it grows): with and without retainer paths.
    for (let rep = 0; rep < 1 + REPS; rep++) {
      for (const retainers of [true, false]) {
        const p = await browser.newPage();
        await openDemo(p, server.origin);
        await p.click('#btn-leak');
        const t0 = now();
        const result = await findPageLeaks(p, typeSome(p), { iterations: ITERATIONS, warmup: WARMUP, retainers });
        const ms = now() - t0;
        check(!result.ok && result.leaks.some((l) => l.name === 'UndoStep'), `the leaking demo leaks UndoStep:\n${String(result)}`);
        if (retainers) check(result.leaks.find((l) => l.name === 'UndoStep')!.retainers?.[0]?.endsWith('UndoStep') === true, `retainer paths name UndoStep:\n${String(result)}`);
        leakingHeapBytes = await p.evaluate(() => (performance as any).memory?.usedJSHeapSize ?? 0);
        await p.close();
        if (rep === 0) continue;
        (retainers ? leaking : leakingNoPaths).push(ms);
      }
    }
    // Where the retainer-path time goes, on one leaking page: Chromium writing the snapshot (to its
    // first chunk, and to its last), parsing it here, and the path search.
    const p = await browser.newPage();
    await openDemo(p, server.origin);
    await p.click('#btn-leak');
    for (let i = 0; i < WARMUP + ITERATIONS; i++) await typeSome(p)();
    const session = await p.context().newCDPSession(p);
    await session.send('HeapProfiler.enable');
    for (let rep = 0; rep < 1 + REPS; rep++) {
      const chunks: string[] = [];
      const t0 = now();
      let first = 0;
      for await (const c of heapSnapshotChunks(session)) {
        if (chunks.length === 0) first = now() - t0;
        chunks.push(c);
      }
      const t1 = now();
      const parser = new HeapGraphParser();
      for (const c of chunks) parser.write(c);
      const graph = parser.end();
      const t2 = now();
      retainerPaths(graph, [graph.nodeCount - 1]);
      const t3 = now();
      if (rep === 0) continue;
      phases.firstChunk.push(first);
      phases.snapshot.push(t1 - t0);
      phases.parse.push(t2 - t1);
      phases.paths.push(t3 - t2);
      snapshotNodes = graph.nodeCount;
      snapshotChars = chunks.reduce((n, c) => n + c.length, 0);
    }
    await p.close();
  } finally {
    await browser.close();
    await server.close();
  }

  const rounds = WARMUP + ITERATIONS;
  const perIteration = (median(checked) - median(alone)) / rounds;
  const paths = median(leaking) - median(leakingNoPaths);
  const row = (label: string, v: number[]): string[] => [label, `${fmt(median(v))} ms`, `${fmt(spread(v).min)}-${fmt(spread(v).max)} ms`];
  const table = mdTable(
    ['run (5 iterations after 1 warm-up)', 'median', 'range'],
    [
      row('scenario alone: 6 clicks on "Type 40 characters" (fixed editor)', alone),
      row('findPageLeaks on the same scenario (fixed editor: no leak)', checked),
      row('findPageLeaks, leaking editor, retainers: false', leakingNoPaths),
      row('findPageLeaks, leaking editor, retainer paths (one heap snapshot)', leaking),
      row('  of which: Chromium, HeapProfiler.takeHeapSnapshot to its first chunk', phases.firstChunk),
      row('  of which: Chromium, HeapProfiler.takeHeapSnapshot to its last chunk', phases.snapshot),
      row('  of which: parsing the chunks in Node (HeapGraphParser)', phases.parse),
      row('  of which: retainer path search (retainerPaths)', phases.paths),
    ],
  );
  const figures: Figure[] = [
    { name: 'findPageLeaks, 5 iterations, demo (no leak)', value: median(checked), unit: ' ms', note: `scenario alone ${fmt(median(alone))} ms` },
    { name: 'findPageLeaks overhead per iteration over the scenario alone', value: perIteration, unit: ' ms', note: `(check - scenario alone) / ${rounds} rounds of GC + sweep + count` },
    { name: 'findPageLeaks, 5 iterations, leaking demo, with retainer paths', value: median(leaking), unit: ' ms' },
    { name: 'retainer paths (heap snapshot streamed + parsed + paths)', value: paths, unit: ' ms', note: 'leaking check with paths minus without' },
  ];
  report({
    bench: 'pageLeaks',
    title: 'findPageLeaks on the browser demo (Chromium, heapcensus/playwright)',
    method:
      `The browser demo page (standard decorators) in ${version ? `Chromium ${version}` : 'Chromium'}, headless, via playwright-core. ` +
      `Scenario: one click on "Type 40 characters". In one page with the leak fixed, each repetition times the scenario alone ${rounds} times ` +
      `(1 warm-up + 5 iterations, no collection) and then \`findPageLeaks(page, scenario, { iterations: 5 })\` (the same ${rounds} clicks plus, after the warm-up and each ` +
      'iteration, a sweep, two HeapProfiler.collectGarbage and a read of the counts). The leaking editor is checked in a fresh page per repetition, ' +
      `with and without retainer paths. Medians of ${REPS} repetitions after one warm-up repetition.`,
    table,
    figures,
    notes: [
      `The page's JS heap in use (performance.memory.usedJSHeapSize): ${fmt(heapBytes / 1048576)} MB after the fixed runs, ${fmt(leakingHeapBytes / 1048576)} MB after a leaking check.`,
      `The leaking page's heap snapshot: ${fmt(snapshotNodes)} nodes, ${fmt(snapshotChars / 1048576)} MB of text. Its phases were timed on one leaking page after a check (medians of ${REPS}).`,
      'Overhead per iteration = (findPageLeaks - scenario alone) / 6: each of the 6 counts costs a sweep and two full GCs in the page, and four protocol round trips.',
    ],
    params: { iterations: ITERATIONS, warmup: WARMUP, reps: REPS },
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
