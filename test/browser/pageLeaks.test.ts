/**
 * heapcensus/playwright's findPageLeaks in real Chromium: a true leak found with a retainer path
 * naming its holder; no false positive on instances created and dropped, nor on a cache that
 * fills once; the browser demo's leak found, and gone after "Fix the leak"; a page without
 * heapcensus and a browser without the DevTools protocol both say so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPageLeaks } from '../../platform/playwright/index.js';
import { launchChromium, newContext } from './helpers/chromium.js';
import { openDemo, serveDemo } from './helpers/demo.js';
import type { StaticServer } from './helpers/serve.js';

let browser: Browser;
let demo: StaticServer;
const iife = (): string => readFileSync(join(process.cwd(), 'dist', 'heapcensus.iife.js'), 'utf8');

beforeAll(async () => {
  browser = await launchChromium();
  demo = await serveDemo(false);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/**
 * A page with the IIFE build and `app`, a classic script using `heapcensus`: its buttons are
 * #leak (a Leaky kept in holder.cache), #listen (a Listened kept by a keydown listener's closure
 * on <body>), #churn (three Temp made and dropped) and #fill (a Cached per key in a Map, keys 0-2
 * only, so it fills once).
 */
async function testPage(withHeapcensus = true): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.setContent('<!doctype html><title>leaks</title><button id="leak">leak</button><button id="listen">listen</button><button id="churn">churn</button><button id="fill">fill</button>');
  if (!withHeapcensus) return page;
  await page.addScriptTag({ content: iife() });
  await page.addScriptTag({
    content: `
      var Leaky = heapcensus.tracker.trackClass(class Leaky { constructor(n) { this.n = n; } });
      var Temp = heapcensus.tracker.trackClass(class Temp { constructor() { this.data = new Array(100).fill(1); } });
      var Cached = heapcensus.tracker.trackClass(class Cached { constructor(key) { this.key = key; } });
      var Listened = heapcensus.tracker.trackClass(class Listened { constructor() { this.at = Date.now(); } });
      var holder = { cache: [] };
      var byKey = new Map();
      var round = 0;
      document.getElementById('leak').addEventListener('click', function () { holder.cache.push(new Leaky(holder.cache.length)); });
      document.getElementById('listen').addEventListener('click', function () { var l = new Listened(); document.body.addEventListener('keydown', function onKey() { return l; }); });
      document.getElementById('churn').addEventListener('click', function () { var t = [new Temp(), new Temp(), new Temp()]; t.length = 0; });
      document.getElementById('fill').addEventListener('click', function () { var k = round++ % 3; if (!byKey.has(k)) byKey.set(k, new Cached(k)); });
    `,
  });
  return page;
}

describe('findPageLeaks', () => {
  it('finds the classes that grow in every iteration, with retainer paths naming the holder (an array on a global, a DOM event listener)', async () => {
    const page = await testPage();
    const result = await findPageLeaks(page, async () => {
      await page.click('#leak');
      await page.click('#listen');
      await page.click('#churn');
    }, { iterations: 4 });
    expect(result.collected).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.leaks.map((l) => l.name).sort()).toEqual(['Leaky', 'Listened']);
    const leaky = result.leaks.find((l) => l.name === 'Leaky')!;
    expect(leaky.counts).toEqual([1, 2, 3, 4, 5]);
    expect(leaky.perIteration).toBe(1);
    expect(leaky.ids).toHaveLength(4);
    // The first instance made after the warm-up is the array's second element.
    expect(leaky.retainers).toEqual(['(global) → holder.cache → Array[1] → Leaky', '(global) → holder.cache → Array[2] → Leaky', '(global) → holder.cache → Array[3] → Leaky']);
    const listened = result.leaks.find((l) => l.name === 'Listened')!;
    expect(listened.retainers).toHaveLength(3);
    for (const path of listened.retainers!) expect(path).toMatch(/^\(global\) → document → .*<body> event listener → onKey\(\) → context variable l → Listened$/);
    expect(String(result)).toMatch(/Leaky: \+1 per iteration \(alive 1 → 2 → 3 → 4 → 5\)[\s\S]*retained by: \(global\) → holder\.cache → Array\[1\] → Leaky/);
    expect(result.series.Temp).toEqual([0, 0, 0, 0, 0]);
    // The page global that held the sampled instances for the heap snapshot is gone.
    expect(await page.evaluate(() => '__heapcensusRetainerTargets' in globalThis)).toBe(false);
    await page.context().close();
  });

  it('reports no leak for instances made and dropped, nor for a cache that fills once', async () => {
    const page = await testPage();
    const result = await findPageLeaks(page, async () => {
      await page.click('#churn');
      await page.click('#fill');
    }, { iterations: 5 });
    expect(result.collected).toBe(true);
    expect(result.leaks).toEqual([]);
    expect(result.ok).toBe(true);
    // Temp never survives a collection; Cached grows in the first two measured iterations, then stays at 3.
    expect(result.series.Temp).toEqual([0, 0, 0, 0, 0, 0]);
    expect(result.series.Cached).toEqual([1, 2, 3, 3, 3, 3]);
    expect(String(result)).toMatch(/no leak/);
    await page.context().close();
  });

  it('a page without heapcensus: a clear error, before the scenario runs', async () => {
    const page = await testPage(false);
    let ran = 0;
    await expect(findPageLeaks(page, () => void ran++)).rejects.toThrow(/no heapcensus tracker.*heapcensus\.iife\.js.*installConsole\(\)/);
    expect(ran).toBe(0);
    await page.context().close();
  });

  it('a browser without the DevTools protocol (no CDP session): inconclusive, and the result says why', async () => {
    const page = await testPage();
    // Playwright's Firefox and WebKit contexts reject newCDPSession this way.
    const context = page.context();
    const noCdp = new Proxy(context, {
      get: (target, key) => (key === 'newCDPSession' ? () => Promise.reject(new Error('browserContext.newCDPSession: CDP session is only available in Chromium')) : Reflect.get(target, key)),
    });
    const firefoxLike = new Proxy(page, { get: (target, key) => (key === 'context' ? () => noCdp : Reflect.get(target, key)) });
    const result = await findPageLeaks(firefoxLike, () => page.click('#leak'), { iterations: 2 });
    expect(result.collected).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.leaks).toEqual([]);
    expect(result.notice).toMatch(/only available in Chromium/);
    expect(String(result)).toMatch(/inconclusive/);
    await context.close();
  });
});

describe('the browser demo: a leak test', () => {
  it('fails while the editor leaks (UndoStep and Paragraph, held by the undo history) and passes after "Fix the leak"', async () => {
    const { page, problems } = await openDemo(browser, demo, 'standard');
    const typeSome = () => page.click('#btn-type');

    await page.click('#btn-leak');
    const leaking = await findPageLeaks(page, typeSome, { iterations: 5 });
    expect(leaking.ok).toBe(false);
    expect(leaking.leaks.map((l) => l.name).sort()).toEqual(['Paragraph', 'UndoStep']);
    const undo = leaking.leaks.find((l) => l.name === 'UndoStep')!;
    expect(undo.perIteration).toBe(40);
    // 300 steps from "Reproduce the leak", 40 from the warm-up: the first leaked one is the 341st.
    expect(undo.retainers![0]).toBe('(global) → editor.doc → EditorDocument.undo → Array[340] → UndoStep');
    expect(leaking.leaks.find((l) => l.name === 'Paragraph')!.perIteration).toBe(240);
    // The README shows this part of the message (section "Leak tests in a Playwright page"), the docs all of it.
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const sample = /"Type 40 characters"\), the message reads[^`]*```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(sample).toBeDefined();
    expect(String(leaking)).toContain(sample!.trimEnd());
    const doc = readFileSync(join(process.cwd(), 'docs/leaks-playwright.md'), 'utf8');
    expect(/`String\(result\)` reads:\n\n```\n([\s\S]*?)```/.exec(doc)?.[1]?.trimEnd()).toBe(String(leaking));

    await page.click('#btn-fix');
    const fixed = await findPageLeaks(page, typeSome, { iterations: 5 });
    expect(fixed.ok, String(fixed)).toBe(true);
    expect(String(fixed)).toBe('findLeaks: no leak in 3 classes over 5 iterations (after 1 warm-up)');
    expect(fixed.series.UndoStep).toEqual([40, 50, 50, 50, 50, 50]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
