// `npm run screenshots`: pictures of the report for the README and docs, made from the demo's
// dumps (out/heapcensus-before.json.gz and -after, written by `npm start`, run here when missing):
// overview, class page with an instance selected, lifetime view and compare, each 1280x800, into
// docs/images/. test/browser/reportScreenshots.test.ts runs the same `takeScreenshots`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib.mjs';

/** The views pictured, in order: file name and what it shows. */
export const VIEWS = [
  ['overview.png', 'overview of the latest dump'],
  ['class.png', 'class page with its largest instance selected'],
  ['lifetime.png', 'lifetime view of the same class'],
  ['compare.png', 'compare of the two dumps'],
];

/** Waits until the report shows `view` (its root's data-state and data-view), then two frames. */
async function shown(page, view) {
  await page.waitForFunction((v) => document.documentElement.dataset.state === 'ready' && document.documentElement.dataset.view === v, view);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Writes a report of `dumps` (before, after) into `workDir` and screenshots each of `VIEWS` at
 * 1280x800 into `outDir` with `browser` (a playwright-core Browser). The pictured class is the
 * one with the most bytes in the latest snapshot. Resolves to the PNG paths written.
 */
export async function takeScreenshots(browser, { dumps, names, outDir, workDir }) {
  const { writeReport } = await import(pathToFileURL(join(root, 'dist/node.js')).href);
  mkdirSync(outDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  const url = pathToFileURL(await writeReport(dumps, join(workDir, 'screenshots-report.html'), { names })).href;
  const last = dumps.at(-1).snapshots.at(-1);
  const [top] = Object.entries(last?.classes ?? {}).sort((a, b) => b[1].bytes - a[1].bytes || (a[0] < b[0] ? -1 : 1));
  if (top === undefined) throw new Error('screenshots: the latest dump has no class figures to picture');
  const cls = encodeURIComponent(top[0]);
  const d = dumps.length - 1;
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const paths = [];
  const shoot = async (file) => {
    const path = join(outDir, file);
    await page.screenshot({ path });
    paths.push(path);
  };
  try {
    await page.goto(url);
    await shown(page, 'overview');
    await shoot('overview.png');
    await page.goto(`${url}#view=class&dump=${d}&class=${cls}`);
    await shown(page, 'class');
    // The largest instance (the table opens sorted by size), its detail beside the table.
    await page.locator('.vrow').first().click();
    await page.waitForSelector('.detail');
    await page.evaluate(() => {
      const h = [...document.querySelectorAll('section > h3')].find((e) => e.textContent === 'Instances');
      window.scrollTo(0, (h?.getBoundingClientRect().top ?? 0) + window.scrollY - 60);
    });
    await shoot('class.png');
    await page.goto(`${url}#view=lifetime&dump=${d}&class=${cls}`);
    await shown(page, 'lifetime');
    await shoot('lifetime.png');
    await page.locator('[data-nav=compare]').click();
    await shown(page, 'compare');
    await shoot('compare.png');
  } finally {
    await page.close();
  }
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = join(root, 'out');
  const files = ['before', 'after'].map((k) => join(out, `heapcensus-${k}.json.gz`));
  if (!files.every((f) => existsSync(f))) {
    console.log('screenshots: running `npm start` for the demo dumps...');
    const r = spawnSync(process.execPath, [join(root, 'scripts/start.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const { loadDump } = await import(pathToFileURL(join(root, 'dist/node.js')).href);
  const { gunzipSync } = await import('node:zlib');
  const dumps = files.map((f) => loadDump(readFileSync(f), { gunzip: gunzipSync }));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const paths = await takeScreenshots(browser, { dumps, names: ['original node layout', 'leaner node layout'], outDir: join(root, 'docs/images'), workDir: out });
    for (const p of paths) console.log(`screenshots: wrote ${p.slice(root.length + 1)}`);
  } finally {
    await browser.close();
  }
}
