import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts6 from '@typescript/typescript6';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeapGraph, type RawSnapshot } from '../../platform/node/exactSizes.js';
import { calibrationTable } from '../unit/helpers/calibrationStats.js';
import { ownedInGraph, PROBE_CLASS, PROBE_FIELD } from '../unit/helpers/heapOwnership.js';
import { launchChromium } from './helpers/chromium.js';
import { serveStatic, type StaticServer } from './helpers/serve.js';

/**
 * Calibrates the layout model with Chromium's 4-byte tagged fields: the Node calibration's
 * corpus (test/unit/helpers/calibrationCorpus.ts, transpiled and imported into the page) is
 * built in a page that loaded the IIFE build, sized there by `heapcensus.sizeOf`, and
 * compared with what each root owns in a heap snapshot taken through the DevTools protocol
 * (the same ownership count as in Node). Targets as in Node: median |error| <= 5%,
 * >= 80% of shapes within +-20%. Results are printed and kept in docs/sizing.md.
 */

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic(join(process.cwd(), 'dist'));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The corpus as a browser ES module (types erased; the module has no imports). */
function corpusModule(): string {
  const file = join(process.cwd(), 'test/unit/helpers/calibrationCorpus.ts');
  const out = ts6.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { target: ts6.ScriptTarget.ES2022, module: ts6.ModuleKind.ESNext, useDefineForClassFields: true },
  });
  return out.outputText;
}

/** Takes a heap snapshot of the page through the DevTools protocol. */
async function heapSnapshot(page: Page): Promise<RawSnapshot> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return JSON.parse(chunks.join('')) as RawSnapshot;
}

describe('calibration against a Chromium heap snapshot (taggedSize 4)', () => {
  it('stays within the error targets', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // The page builds the corpus; a probe held by a global keeps the roots, in order.
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>calibration</title><link rel="icon" href="data:,">
      <script src="/heapcensus.iife.js"></script>
      <script type="module">
        import { corpus } from '/calibrationCorpus.js';
        class ${PROBE_CLASS} { constructor(roots) { this.${PROBE_FIELD} = roots; } }
        const shapes = corpus();
        globalThis.__calibrationProbe = new ${PROBE_CLASS}(shapes.map(([, v]) => v));
        globalThis.__calibrationNames = shapes.map(([name]) => name);
      </script></head><body></body></html>`;
    await page.route(`${server.origin}/calibration.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.route(`${server.origin}/calibrationCorpus.js`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: corpusModule() }));
    await page.goto(`${server.origin}/calibration.html`);
    await page.waitForFunction(() => Array.isArray((globalThis as Record<string, unknown>).__calibrationNames));
    const names = await page.evaluate(() => (globalThis as unknown as { __calibrationNames: string[] }).__calibrationNames);
    const graph = parseHeapGraph(await heapSnapshot(page));
    const owned = ownedInGraph(graph, names.length);
    const sized = await page.evaluate((probeField) => {
      const hc = (globalThis as unknown as { heapcensus: { sizeOf(v: unknown): number; tracker: { platform: { taggedSize: number } } } }).heapcensus;
      const probe = (globalThis as Record<string, unknown>).__calibrationProbe as Record<string, object[]>;
      return { tagged: hc.tracker.platform.taggedSize, model: probe[probeField]!.map((v) => hc.sizeOf(v)) };
    }, PROBE_FIELD);
    await page.close();

    expect(problems).toEqual([]);
    expect(sized.tagged).toBe(4);
    const rows = names.map((name, i) => ({ name, model: sized.model[i]!, actual: owned[i]!.bytes, parts: owned[i]!.parts }));
    const { median, within, table } = calibrationTable(rows);
    process.stdout.write(`\nChromium ${browser.version()}\n${table}\n`);
    if (process.env.HEAPCENSUS_CALIBRATION_PARTS) {
      for (const r of rows) process.stdout.write(`${r.name}: ${JSON.stringify([...r.parts])}\n`);
    }
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(median).toBeLessThanOrEqual(5);
    expect(within).toBeGreaterThanOrEqual(0.8);
  });
});
