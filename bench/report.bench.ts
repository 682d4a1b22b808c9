/**
 * The report page in Chromium on a dump of 100k instances x 20 snapshots: time from opening
 * (navigation start, data embedded by writeReport) to the overview drawn, the same through the
 * file picker (a .json.gz: read, inflated with DecompressionStream, validated, drawn), and frame
 * times while the 100k-row instances table scrolls (rAF deltas while scrolling a screenful per frame).
 * REPORT_BEFORE=<an older build's dist/report.html> measures that page too, interleaved, in the same run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeReport } from '../platform/node/index.js';
import type { Dump } from '../src/dump/Dump.js';
import { embedDumps } from '../src/dump/embedDumps.js';
import { bigDump } from './bigDump.js';
import { QUICK, check, fmt, mdTable, median, report, spread } from './harness.js';
import { hourDump, marksDump, sparseDump, wideDump } from './scaleDumps.js';

const N = QUICK ? 20_000 : Number(process.env['REPORT_N'] ?? 100_000);
const S = Number(process.env['REPORT_S'] ?? 20);
const REPS = QUICK ? 2 : Number(process.env['REPORT_REPS'] ?? 5);
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
      await overviewDrawn(page);
      const t = await painted(page);
      await ready(page);
      check((await page.evaluate(() => document.documentElement.dataset['view'])) === 'overview', `${h.key}: overview drawn`);
      if (r > 0) row.ms.push(t);
      row.elements = await page.evaluate(() => document.getElementsByTagName('*').length);
      await page.close();
    }
    out.set(h.key, row);
  }
  return out;
}

/** One report page measured: the built one, or an older build's page (`REPORT_BEFORE`) interleaved with it. */
interface Variant {
  label: string;
  /** The empty page (file picker) and the page with the big dump embedded. */
  empty: string;
  big: string;
  /** The tiny baseline dump embedded in this page. */
  small: string;
  embedded: number[];
  /** Embedded data: navigation start -> all rows checked ('ready'); equal to `embedded` for a page that checks all first. */
  embeddedRows: number[];
  picked: number[];
  smallMs: number[];
  frames: number[];
  classMs: number[];
}

/** The overview is drawn: the app shows it, its rows checked ('ready') or still being checked ('checking'). */
const overviewDrawn = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => document.documentElement.dataset['view'] === 'overview' && ['ready', 'checking'].includes(document.documentElement.dataset['state'] ?? ''), undefined, { timeout: 120_000, polling: 'raf' });

async function measure(browser: Browser, v: Variant, keep: boolean, scroll: boolean): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(v.big, { timeout: 120_000 });
  await overviewDrawn(page);
  const t = await painted(page); // ms since navigation start
  await ready(page);
  const tRows = await page.evaluate(() => performance.now());
  check((await page.evaluate(() => document.documentElement.dataset['view'])) === 'overview', 'overview drawn');
  if (keep) v.embedded.push(t);
  if (keep) v.embeddedRows.push(tRows);
  await page.close();

  const small = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await small.goto(v.small);
  await overviewDrawn(small);
  if (keep) v.smallMs.push(await painted(small));
  await ready(small);
  await small.close();

  const p2 = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await p2.goto(v.empty);
  await p2.evaluate(() => document.getElementById('file-input')!.addEventListener('change', () => ((window as unknown as { __t0: number }).__t0 = performance.now()), { capture: true }));
  await p2.setInputFiles('#file-input', bigGz);
  await overviewDrawn(p2);
  const t1 = await painted(p2);
  const t0 = await p2.evaluate(() => (window as unknown as { __t0: number }).__t0);
  if (keep) v.picked.push(t1 - t0);
  if (scroll) {
    // Scroll the big table: one screenful per frame, then back up, recording frame gaps.
    await ready(p2);
    const c0 = await p2.evaluate(() => performance.now());
    await p2.click('[data-class-link="app.Row"]');
    await p2.waitForFunction(() => document.querySelector('.vscroll') !== null, undefined, { timeout: 120_000, polling: 'raf' });
    v.classMs.push((await painted(p2)) - c0);
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
    v.frames.push(...gaps);
    check((await p2.locator('.vrow').count()) < 60, 'table stays virtualised');
  }
  await p2.close();
}

let bigGz = '';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heapcensus-bench-report-'));
  const dump = bigDump(N, S, 1);
  const json = JSON.stringify(dump);
  bigGz = join(dir, 'big.json.gz');
  writeFileSync(bigGz, gzipSync(json));
  const variants: Variant[] = [];
  const fresh = (label: string, empty: string, big: string, small: string): Variant => ({ label, empty, big, small, embedded: [], embeddedRows: [], picked: [], smallMs: [], frames: [], classMs: [] });
  variants.push(
    fresh(
      'this build',
      pathToFileURL(join(process.cwd(), 'dist', 'report.html')).href,
      pathToFileURL(await writeReport([dump], join(dir, 'big.html'))).href,
      pathToFileURL(await writeReport([marksDump(0)], join(dir, 'small.html'))).href,
    ),
  );
  // REPORT_BEFORE: an older build's dist/report.html, measured interleaved with this one (same dumps, same run).
  const before = process.env['REPORT_BEFORE'];
  if (before !== undefined && before !== '') {
    const html = readFileSync(before, 'utf8');
    const embed = (d: Dump, name: string): string => {
      const f = join(dir, name);
      writeFileSync(f, embedDumps(html, [d], { gzipBase64: (text) => gzipSync(text).toString('base64') }));
      return pathToFileURL(f).href;
    };
    variants.push(fresh('before', pathToFileURL(before).href, embed(dump, 'big-before.html'), embed(marksDump(0), 'small-before.html')));
  }
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ARGS });
  let heavy = new Map<string, { ms: number[]; elements: number; kb: number }>();
  try {
    for (let r = 0; r < REPS + 1; r++) {
      // Interleaved, the order alternating per repetition.
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) await measure(browser, v, r > 0, r === REPS);
    }
    heavy = await heavyOpenings(browser, dir, REPS);
  } finally {
    await browser.close();
  }
  const cur = variants[0]!;
  const { embedded, picked, frames } = cur;
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
  const rows: string[][] = [];
  for (const v of variants) {
    const fr = [...v.frames].sort((a, b) => a - b);
    const tag = variants.length > 1 ? `${v.label}: ` : '';
    const small = median(v.smallMs);
    rows.push(
      [`${tag}tiny baseline dump, embedded: navigation start → overview painted (ms)`, fmt(small), fmt(Math.min(...v.smallMs)), fmt(Math.max(...v.smallMs)), '1x'],
      [`${tag}embedded data: navigation start → overview painted (ms)`, fmt(median(v.embedded)), fmt(Math.min(...v.embedded)), fmt(Math.max(...v.embedded)), `${fmt(median(v.embedded) / small)}x`],
      [`${tag}embedded data: navigation start → every row checked (ms)`, fmt(median(v.embeddedRows)), fmt(Math.min(...v.embeddedRows)), fmt(Math.max(...v.embeddedRows)), `${fmt(median(v.embeddedRows) / small)}x`],
      [`${tag}file picker (.json.gz): change → overview painted (ms)`, fmt(median(v.picked)), fmt(Math.min(...v.picked)), fmt(Math.max(...v.picked)), `${fmt(median(v.picked) / small)}x`],
      [`${tag}class page of ${N} instances: click → table painted (ms)`, fmt(median(v.classMs)), fmt(Math.min(...v.classMs)), fmt(Math.max(...v.classMs)), ''],
      [`${tag}scrolling ${N} rows: frame time over ${fr.length} frames (ms; p95 ${fmt(fr[Math.floor(fr.length * 0.95)]!)})`, fmt(median(v.frames)), fmt(fr[0]!), fmt(fr[fr.length - 1]!), ''],
    );
  }
  const table = mdTable(['measure', 'median', 'min', 'max', 'vs tiny dump'], rows);
  report({
    bench: 'report',
    title: 'Report page: opening a 100k-instance dump and scrolling its instances table',
    method:
      `A synthetic dump of ${N} instances of one class sized in ${S} snapshots (${(json.length / 2 ** 20).toFixed(1)} MB of JSON, ${(gzipSync(json).length / 2 ** 20).toFixed(1)} MB gzipped) opened in ` +
      `headless Chromium (/usr/bin/chromium, 1280x900, software rendering): from navigation start with the data embedded by writeReport, and through the file picker with the .json.gz. ` +
      `"Painted" is two animation frames after the app shows the overview (its rows may still be being checked: state 'checking'); "every row checked" is the app's 'ready'. Scrolling moves the virtualised table one screenful per animation frame, down then up, ` +
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
