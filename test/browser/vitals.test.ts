/**
 * web-vitals in real Chromium: the demo calls watchVitals({ snapshotOn: ['LCP', 'hidden'] }).
 * FCP and TTFB arrive at load, LCP after the first input, CLS and INP when the page turns
 * hidden (simulated: visibilityState overridden and a visibilitychange event, as TOOLCHAIN.md says).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dump } from '../../src/dump/Dump.js';
import type { Mark } from '../../src/types.js';
import { launchChromium } from './helpers/chromium.js';
import { openDemo, serveDemo } from './helpers/demo.js';
import type { StaticServer } from './helpers/serve.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- page code reaches globals the page installed */
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveDemo(true);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const markNames = (d: Dump): string[] => [...new Set((d.marks ?? []).map((m: Mark) => m.name))].sort();
const dumpOf = (page: import('playwright-core').Page): Promise<Dump> => page.evaluate(() => (globalThis as any).heapcensus.tracker.toDump() as Dump);

describe('watchVitals in the demo page', () => {
  it('records FCP and TTFB at load, LCP after input, CLS and INP at hide, with snapshots at LCP and hidden', async () => {
    const { page, problems } = await openDemo(browser, server, 'standard');
    await page.waitForFunction(() => {
      const names = new Set(((globalThis as any).heapcensus.tracker.marks as Mark[]).map((m) => m.name));
      return names.has('FCP') && names.has('TTFB');
    });
    expect(markNames(await dumpOf(page))).toEqual(['FCP', 'TTFB']);

    // Input: a real click (an interaction for INP, and the end of LCP candidates).
    await page.click('#btn-type');
    await page.click('#doc p');
    await page.keyboard.type('abc');
    await page.waitForFunction(() => ((globalThis as any).heapcensus.tracker.marks as Mark[]).some((m) => m.name === 'LCP'));
    await page.waitForFunction(() => ((globalThis as any).heapcensus.tracker.snapshots as Array<{ label: string }>).some((s) => s.label === 'LCP'));

    // Simulated page hide.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForFunction(() => {
      const hc = (globalThis as any).heapcensus.tracker;
      const names = new Set((hc.marks as Mark[]).map((m) => m.name));
      return names.has('CLS') && names.has('INP') && (hc.snapshots as Array<{ label: string }>).some((s) => s.label === 'hidden');
    });

    const dump = await dumpOf(page);
    expect(markNames(dump)).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    for (const m of dump.marks ?? []) {
      expect(typeof m.value, m.name).toBe('number');
      expect(m.time).toBeGreaterThanOrEqual(0);
      expect(['good', 'needs-improvement', 'poor']).toContain(m.detail?.rating);
      expect(m.detail?.id).toMatch(/^v\d+-/);
      expect(m.detail?.navigationType).toBe('navigate');
    }
    const labels = dump.snapshots.map((s) => s.label);
    expect(labels.filter((l) => l === 'LCP')).toHaveLength(1);
    expect(labels).toContain('hidden');
    // The snapshot at hide sees the edits typed before it.
    const hidden = dump.snapshots.find((s) => s.label === 'hidden')!;
    expect(hidden.classes.UndoStep!.active).toBeGreaterThanOrEqual(43);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
