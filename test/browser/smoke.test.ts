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

  it('works from a plain <script src> tag on a page with no bundler (no module, no build step)', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    // A hand-written page: the IIFE from /heapcensus.iife.js, then an inline classic script using the global.
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>plain</title><link rel="icon" href="data:,">
      <script src="/heapcensus.iife.js"></script></head><body><p id="out">waiting</p>
      <script>
        var Row = heapcensus.tracker.trackClass(class Row { constructor(i) { this.i = i; this.label = 'row ' + i; } });
        var rows = [];
        for (var i = 0; i < 250; i++) rows.push(new Row(i));
        heapcensus.snapshot('plain page').then(function (s) {
          var out = document.getElementById('out');
          out.dataset.active = String(s.classes.Row.active);
          out.dataset.verbs = ['snapshot', 'summary', 'stats', 'start', 'stop', 'download', 'report', 'help'].filter(function (v) { return typeof heapcensus[v] === 'function'; }).length;
          out.dataset.summary = heapcensus.summary().indexOf('Row') >= 0 ? 'yes' : 'no';
          out.id = 'done';
        });
      </script></body></html>`;
    await page.route(`${server.origin}/plain.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(`${server.origin}/plain.html`);
    const done = page.locator('#done');
    await done.waitFor();
    expect(await done.getAttribute('data-active')).toBe('250');
    expect(await done.getAttribute('data-verbs')).toBe('8');
    expect(await done.getAttribute('data-summary')).toBe('yes');
    expect(server.requests).toContain('/heapcensus.iife.js');
    expect(problems).toEqual([]);
    await page.close();
  });
});
