/**
 * The README's pictures cannot rot: `npm run screenshots` (scripts/screenshots.mjs) runs the same
 * `takeScreenshots` on the demo's dumps into docs/images/; here it runs on the SDK-made dumps
 * into test-results/, and each picture must be 1280x800 and show a drawn view (not blank).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeScreenshots, VIEWS } from '../../scripts/screenshots.mjs';
import { launchChromium } from './helpers/chromium.js';
import { sdkDumps } from './helpers/reportDumps.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('report screenshots', () => {
  it('overview, class page with an instance, lifetime view and compare: 1280x800, each a drawn view', async () => {
    const { before, after } = await sdkDumps();
    const outDir = join(process.cwd(), 'test-results', 'docs-images');
    const paths = await takeScreenshots(browser, { dumps: [before, after], names: ['before.json', 'after.json'], outDir, workDir: join(process.cwd(), 'test-results') });
    expect(paths.map((p) => p.slice(outDir.length + 1))).toEqual(VIEWS.map(([file]) => file));
    // Decode each PNG in the browser: its size, and how much of it differs from its corner colour.
    const page = await browser.newPage();
    for (const p of paths) {
      const b64 = readFileSync(p).toString('base64');
      const seen = await page.evaluate(async (data) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let differ = 0;
        const colours = new Set<number>();
        for (let i = 0; i < d.length; i += 4) {
          if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) differ++;
          if (colours.size < 1000) colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
        }
        return { width: c.width, height: c.height, differ: differ / (c.width * c.height), colours: colours.size };
      }, b64);
      expect(seen.width, p).toBe(1280);
      expect(seen.height, p).toBe(800);
      expect(seen.differ, p).toBeGreaterThan(0.03);
      expect(seen.colours, p).toBeGreaterThan(20);
    }
    await page.close();
  });
});
