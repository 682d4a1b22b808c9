import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium.js';
import { serveStatic, type StaticServer } from './helpers/serve.js';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic(join(process.cwd(), 'dist'), { isolated: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the IIFE build in Chromium', () => {
  it('installs globalThis.heapcensus from a plain script tag and sizes with 4-byte fields', async () => {
    const page = await browser.newPage();
    const iife = readFileSync(join(process.cwd(), 'dist', 'heapcensus.iife.js'), 'utf8');
    await page.goto(`${server.origin}/heapcensus.iife.js`);
    await page.setContent('<!doctype html><title>iife</title><p>plain page</p>');
    await page.addScriptTag({ content: iife });
    const result = await page.evaluate(async () => {
      const hc = (globalThis as unknown as { heapcensus: Record<string, any> }).heapcensus;
      class Row { cells = ['a', 'b']; n = 1.5; }
      const Tracked = hc.tracker.trackClass(Row);
      const keep = Array.from({ length: 10 }, () => new Tracked());
      const snap = await hc.snapshot('in page');
      return { active: snap.classes.Row.active, bytes: snap.classes.Row.bytes, source: snap.total.source, tagged: hc.tracker.platform.taggedSize, kept: keep.length };
    });
    expect(result.active).toBe(10);
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.tagged).toBe(4);
    expect(['performance.memory', 'measureUserAgentSpecificMemory']).toContain(result.source);
    await page.close();
  });
});
