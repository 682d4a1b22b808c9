/**
 * Time-slicing in real Chromium: a snapshot of 100,000 tracked instances (the demo's Paragraph,
 * compiled with standard and with legacy decorators) is cut into many slices, each ends at its
 * deadline on a clock the test controls, and a task of the page runs between every two slices.
 * Nothing here depends on the machine's speed: how long the slices take in real time is a
 * benchmark (bench/browserSnapshot.bench.ts), not a test.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLICE_MS } from '../../src/tracker/SweepScheduler.js';
import { launchChromium } from './helpers/chromium.js';
import { openDemo, serveDemo, type DecoratorMode } from './helpers/demo.js';
import type { StaticServer } from './helpers/serve.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- page code reaches globals the page installed */
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium(['--js-flags=--expose-gc']);
  server = await serveDemo(true);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a 100k-instance snapshot in the page', () => {
  for (const mode of ['standard', 'legacy'] as DecoratorMode[]) {
    it(`is cut into slices that end at their deadline, with the page's tasks run between them (${mode} decorators)`, async () => {
      const { page, problems } = await openDemo(browser, server, mode);
      // 100 open documents of 1,000 paragraphs: 100,100 tracked instances.
      await page.evaluate(() => (globalThis as any).editor.openDocuments(100, 1000));
      const r = await page.evaluate(async () => {
        const hc = (globalThis as any).heapcensus;
        const platform = hc.tracker.platform;
        const { now, yieldToHost } = platform;
        // The test's clock: every read advances it by 1 ms, so a slice's length is counted in
        // clock reads (the sizer reads it every few instances), whatever the machine's speed.
        let clock = 0;
        platform.now = () => ++clock;
        // Per slice, the clock when it began (the snapshot's start, or a resume) and when it yielded;
        // per yield, whether a user-blocking task the page posted at the yield ran before the resume.
        const spans: Array<[number, number]> = [];
        const pageRan: boolean[] = [];
        let began = clock;
        platform.yieldToHost = async () => {
          spans.push([began, clock]);
          let ran = false;
          (globalThis as any).scheduler.postTask(() => (ran = true), { priority: 'user-blocking' });
          await yieldToHost.call(platform);
          pageRan.push(ran);
          began = clock;
        };
        try {
          const snap = await hc.tracker.snapshot('100k');
          spans.push([began, clock]);
          return { spans, pageRan, active: snap.classes.Paragraph.active };
        } finally {
          platform.now = now;
          platform.yieldToHost = yieldToHost;
        }
      });
      expect(r.active).toBe(100_006);
      // Many slices: at most a few hundred instances each.
      expect(r.spans.length).toBeGreaterThan(100);
      // Each slice reads the clock for its deadline (start + 1 + SLICE_MS), then works until a
      // read passes it: it ends exactly one read later, never later. Only a slice that finishes a
      // phase (the walk over the records, the fold, the sizing) ends sooner: each phase yields
      // before the next begins. The first slice also read the clock twice to begin the snapshot
      // (its time, and its start for the duration that onSnapshot listeners get).
      const lengths = r.spans.map(([from, to]) => to - from);
      lengths.forEach((n, i) => expect(n, `slice ${i}`).toBeLessThanOrEqual(i === 0 ? SLICE_MS + 4 : SLICE_MS + 2));
      expect(lengths.filter((n, i) => i > 0 && n < SLICE_MS + 2).length).toBeLessThanOrEqual(3);
      // The page had control between every two slices: its task ran before the next slice began.
      expect(r.pageRan).toHaveLength(r.spans.length - 1);
      expect(r.pageRan.every(Boolean)).toBe(true);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }
});
