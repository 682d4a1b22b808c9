/**
 * The report page in Chromium on a dump of 100k instances x 20 snapshots: time from opening
 * (navigation start, data embedded by writeReport) to the overview drawn, the same through the
 * file picker (a .json.gz: read, inflated with DecompressionStream, validated, drawn), and frame
 * times while the 100k-row instances table scrolls (rAF deltas while scrolling a screenful per frame).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeReport } from '../platform/node/index.js';
import type { Dump } from '../src/dump/Dump.js';
import { bigDump } from './bigDump.js';
import { QUICK, check, fmt, mdTable, median, report, spread } from './harness.js';
import { hourDump, marksDump, sparseDump, wideDump } from './scaleDumps.js';

const N = QUICK ? 20_000 : 100_000;
const S = 20;
const REPS = QUICK ? 2 : 5;
const SCROLL_FRAMES = QUICK ? 60 : 240;

// The callbacks passed to page.evaluate run in Chromium; this project compiles without the DOM
// lib, so the few page globals they use are declared here (module scope).
interface PageElement {
  dataset: Record<string, string | undefined>;
  scrollTop: number;
  clientHeight: number;
  addEventListener(type: string, fn: () => void, options?: { capture?: boolean }): void;
}
declare const document: {
  documentElement: PageElement;
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  getElementsByTagName(name: string): { length: number };
};
declare const window: object;
declare function requestAnimationFrame(fn: (now: number) => void): number;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const ready = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => document.documentElement.dataset['state'] === 'ready' || document.documentElement.dataset['state'] === 'error', undefined, { timeout: 120_000 });
/** performance.now() after the next two frames: the view is painted. */
const painted = (page: Page): Promise<number> => page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));

/** The heavy dumps timed against `small` (the baseline: the page's own cost of opening a dump). */
const HEAVY: Array<{ key: string; what: string; make: () => Dump }> = [
  { key: 'small', what: 'baseline: 3 classes x 2 snapshots', make: () => marksDump(0) },
  { key: 'sparse', what: '1,000 sparse classes x 1,000 snapshots', make: () => sparseDump(1000, 1000) },
  { key: 'wide', what: '100,000 classes in one snapshot', make: () => wideDump(100_000) },
  { key: 'marks', what: '150,000 marks', make: () => marksDump(150_000) },
  { key: 'hour', what: 'realistic hour: 30 classes x 3,600 snapshots', make: () => hourDump(30, 3600, 4) },
];

/** Opens each heavy dump (embedded by writeReport) `reps` times after a warm-up: ms from navigation start to the overview painted, and elements drawn. */
async function heavyOpenings(browser: Browser, dir: string, reps: number): Promise<Map<string, { ms: number[]; elements: number; kb: number }>> {
  const out = new Map<string, { ms: number[]; elements: number; kb: number }>();
  for (const h of HEAVY) {
    const dump = h.make();
    const url = pathToFileURL(await writeReport([dump], join(dir, `${h.key}.html`))).href;
    const row = { ms: [] as number[], elements: 0, kb: JSON.stringify(dump).length / 1024 };
    for (let r = 0; r < reps + 1; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(url, { timeout: 600_000 });
      await ready(page);
      const t = await painted(page);
      check((await page.evaluate(() => document.documentElement.dataset['view'])) === 'overview', `${h.key}: overview drawn`);
      if (r > 0) row.ms.push(t);
      row.elements = await page.evaluate(() => document.getElementsByTagName('*').length);
      await page.close();
    }
    out.set(h.key, row);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heapcensus-bench-report-'));
  const dump = bigDump(N, S, 1);
  const json = JSON.stringify(dump);
  const gz = join(dir, 'big.json.gz');
  writeFileSync(gz, gzipSync(json));
  const url = pathToFileURL(await writeReport([dump], join(dir, 'big.html'))).href;
  const empty = pathToFileURL(join(process.cwd(), 'dist', 'report.html')).href;
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ARGS });
  const embedded: number[] = [];
  const picked: number[] = [];
  const frames: number[] = [];
  let heavy = new Map<string, { ms: number[]; elements: number; kb: number }>();
  try {
    for (let r = 0; r < REPS + 1; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(url, { timeout: 120_000 });
      await ready(page);
      const t = await painted(page); // ms since navigation start
      check((await page.evaluate(() => document.documentElement.dataset['view'])) === 'overview', 'overview drawn');
      if (r > 0) embedded.push(t);
      await page.close();

      const p2 = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await p2.goto(empty);
      await p2.evaluate(() => document.getElementById('file-input')!.addEventListener('change', () => ((window as unknown as { __t0: number }).__t0 = performance.now()), { capture: true }));
      await p2.setInputFiles('#file-input', gz);
      await p2.waitForFunction(() => document.documentElement.dataset['view'] === 'overview', undefined, { timeout: 120_000 });
      const t1 = await painted(p2);
      const t0 = await p2.evaluate(() => (window as unknown as { __t0: number }).__t0);
      if (r > 0) picked.push(t1 - t0);
      if (r === REPS) {
        // Scroll the 100k-row table: one screenful per frame, then back up, recording frame gaps.
        await p2.click('[data-class-link="app.Row"]');
        await ready(p2);
        await painted(p2);
        check((await p2.locator('[data-field=shown]').textContent()) === `${N} instances`, 'instances table filled');
        const gaps = await p2.evaluate(
          (count) =>
            new Promise<number[]>((resolve) => {
              const box = document.querySelector('.vscroll')!;
              const out: number[] = [];
              let last = performance.now();
              let i = 0;
              const step = (now: number): void => {
                out.push(now - last);
                last = now;
                box.scrollTop += (i < count / 2 ? 1 : -1) * box.clientHeight;
                if (++i < count) requestAnimationFrame(step);
                else resolve(out.slice(2));
              };
              requestAnimationFrame(step);
            }),
          SCROLL_FRAMES,
        );
        frames.push(...gaps);
        check((await p2.locator('.vrow').count()) < 60, 'table stays virtualised');
      }
      await p2.close();
    }
    heavy = await heavyOpenings(browser, dir, REPS);
  } finally {
    await browser.close();
  }
  const base = median(heavy.get('small')!.ms);
  const heavyRows = HEAVY.map((h) => {
    const row = heavy.get(h.key)!;
    const { min, max } = spread(row.ms);
    return [`${h.what} (${fmt(row.kb)} KB of JSON): navigation start → overview painted (ms)`, fmt(median(row.ms)), fmt(min), fmt(max), `${fmt(median(row.ms) / base)}x`, String(row.elements)];
  });
  const heavyTable = mdTable(['heavy dump, embedded data', 'median', 'min', 'max', 'vs baseline', 'elements drawn'], heavyRows);
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
  const max = sorted[sorted.length - 1]!;
  const table = mdTable(
    ['measure', 'median', 'min', 'max'],
    [
      ['embedded data: navigation start → overview painted (ms)', fmt(median(embedded)), fmt(Math.min(...embedded)), fmt(Math.max(...embedded))],
      ['file picker (.json.gz): change → overview painted (ms)', fmt(median(picked)), fmt(Math.min(...picked)), fmt(Math.max(...picked))],
      [`scrolling ${N} rows: frame time over ${frames.length} frames (ms)`, fmt(median(frames)), fmt(sorted[0]!), fmt(max)],
    ],
  );
  report({
    bench: 'report',
    title: 'Report page: opening a 100k-instance dump and scrolling its instances table',
    method:
      `A synthetic dump of ${N} instances of one class sized in ${S} snapshots (${(json.length / 2 ** 20).toFixed(1)} MB of JSON, ${(gzipSync(json).length / 2 ** 20).toFixed(1)} MB gzipped) opened in ` +
      `headless Chromium (/usr/bin/chromium, 1280x900, software rendering): from navigation start with the data embedded by writeReport, and through the file picker with the .json.gz. ` +
      `"Painted" is two animation frames after the app marks the view ready. Scrolling moves the virtualised table one screenful per animation frame, down then up, ` +
      `and records the gaps between frames. Medians of ${REPS} openings after a warm-up.`,
    table: `${table}\n\n${heavyTable}`,
    figures: [
      { name: 'overview drawn (embedded data)', value: median(embedded), unit: ' ms', target: { op: '<=', value: 2000 } },
      { name: 'overview drawn (file picker, .json.gz)', value: median(picked), unit: ' ms', target: { op: '<=', value: 2000 } },
      { name: 'scroll frame time p95', value: p95, unit: ' ms', target: { op: '<=', value: 50 } },
      { name: 'scroll frame time max', value: max, unit: ' ms', note: 'a stall would show as a frame far over 50 ms' },
      ...HEAVY.filter((h) => h.key !== 'small').map((h) => ({
        name: `open ${h.what} / baseline`,
        value: median(heavy.get(h.key)!.ms) / base,
        unit: 'x',
        note: `${fmt(median(heavy.get(h.key)!.ms))} ms vs ${fmt(base)} ms; ${heavy.get(h.key)!.elements} elements`,
      })),
    ],
    notes: ['Frame times include headless Chromium\'s own frame pacing (about 16.7 ms per frame).'],
    params: { N, snapshots: S, reps: REPS, scrollFrames: SCROLL_FRAMES, heavyReps: REPS },
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
