/**
 * The frontend demo (demo/browser) in real Chromium: cross-origin isolated (precise totals from
 * measureUserAgentSpecificMemory, downloads read back by loadDump, .json and .json.gz), then
 * without isolation (performance.memory, no errors), in both decorator modes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dump } from '../../src/dump/Dump.js';
import { formatBytes, formatPct } from '../../src/stats/format.js';
import { Stats } from '../../src/stats/Stats.js';
import type { Snapshot } from '../../src/types.js';
import { launchChromium } from './helpers/chromium.js';
import { openDemo, screenshot, serveDemo } from './helpers/demo.js';
import type { StaticServer } from './helpers/serve.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- page code reaches globals the page installed */
type Loader = { loadDump(input: Uint8Array | string): Dump; dumpReader?: unknown };

let browser: Browser;
let isolated: StaticServer;
let plain: StaticServer;
let node: Loader;

beforeAll(async () => {
  browser = await launchChromium(['--js-flags=--expose-gc']);
  isolated = await serveDemo(true);
  plain = await serveDemo(false);
  node = (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'dist/node.js')).href)) as Loader;
});
afterAll(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

/** Live (not yet collected) instances per class, from the page's default tracker. */
function liveCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const [name, list] of (globalThis as any).heapcensus.tracker.index as Map<string, Array<{ death?: number }>>) {
      out[name] = list.filter((r) => r.death === undefined).length;
    }
    return out;
  });
}

/** Per-class `{active, bytes}` of every snapshot: what a dump must reproduce. */
function figures(snaps: Array<Pick<Snapshot, 'label' | 'classes'>>): Array<[string, Record<string, [number, number]>]> {
  return snaps.map((s) => [s.label, Object.fromEntries(Object.entries(s.classes).map(([n, c]) => [n, [c.active, c.bytes]]))]);
}

/** Triggers `heapcensus.download(name)` in the page and returns the downloaded file's bytes. */
async function download(page: Page, name: string): Promise<{ bytes: Buffer; suggested: string; resolved: string }> {
  const [dl, resolved] = await Promise.all([page.waitForEvent('download'), page.evaluate((n) => (globalThis as any).heapcensus.download(n) as Promise<string>, name)]);
  const path = await dl.path();
  return { bytes: readFileSync(path), suggested: dl.suggestedFilename(), resolved };
}

describe('the demo page, cross-origin isolated', () => {
  it('registers instances, snapshots from the page with a measureUserAgentSpecificMemory total, and downloads dumps loadDump reads back', async () => {
    const { page, problems } = await openDemo(browser, isolated, 'standard');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await liveCounts(page)).toEqual({ EditorDocument: 1, Paragraph: 6 });

    await page.click('#btn-type');
    expect((await liveCounts(page)).UndoStep).toBe(40);

    // The snapshot resolves with class figures at once; the precise total replaces the immediate one later.
    const first = await page.evaluate(async () => {
      const s = await (globalThis as any).heapcensus.snapshot('from the test');
      return JSON.parse(JSON.stringify(s)) as Snapshot;
    });
    expect(first.classes.Paragraph).toMatchObject({ active: 6 });
    expect(first.classes.UndoStep).toMatchObject({ active: 40 });
    expect(['performance.memory', 'measureUserAgentSpecificMemory']).toContain(first.total.source);
    await page.waitForFunction(
      () => (globalThis as any).heapcensus.tracker.snapshots.find((x: Snapshot) => x.label === 'from the test').total.source === 'measureUserAgentSpecificMemory',
    );

    const precise = await page.evaluate(async () => JSON.parse(JSON.stringify(await (globalThis as any).heapcensus.snapshot('waited', { waitForTotal: true }))) as Snapshot);
    expect(precise.total.source).toBe('measureUserAgentSpecificMemory');
    expect(precise.total.bytes).toBeGreaterThan(100_000);
    const breakdown = precise.total.breakdown as Array<{ bytes: number; attribution: Array<{ url: string; scope: string }>; types: string[] }>;
    expect(Array.isArray(breakdown)).toBe(true);
    expect(breakdown.length).toBeGreaterThan(0);
    expect(breakdown.every((e) => e.bytes > 0)).toBe(true);
    expect(breakdown.some((e) => e.attribution.some((a) => a.url.startsWith(isolated.origin)))).toBe(true);
    // pct is over the precise total once it is in.
    const p = precise.classes.Paragraph!;
    expect(p.pct).toBeCloseTo((p.bytes * 100) / precise.total.bytes, 6);
    // @NotSized() on Paragraph.doc: a paragraph is not charged for the whole document.
    expect(p.average).toBeLessThan(1000);

    // The leak grows Paragraph and UndoStep; the fix lets them go (after a GC).
    await page.click('#btn-leak');
    const leaking = await page.evaluate(async () => (await (globalThis as any).editor.snapshot('leaking')).classes as Snapshot['classes']);
    expect(leaking.UndoStep!.active).toBe(340);
    expect(leaking.Paragraph!.active).toBeGreaterThan(300 * 6);
    await screenshot(page, 'demo-leaking');
    await page.click('#btn-fix');
    await page.evaluate(async () => {
      // A full GC in a task of its own (WeakRef targets stay alive until the task that read
      // them ends): the snapshot below then finds them gone, however long anything took.
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 0));
        (globalThis as any).gc();
      }
    });
    const fixed = await page.evaluate(async () => (await (globalThis as any).heapcensus.snapshot('fixed')).classes as Snapshot['classes']);
    expect(fixed.UndoStep!.active).toBe(0);
    expect(fixed.Paragraph!.active).toBe(6);

    // Downloads: the file loadDump reads back has the same snapshots, classes and counts as the page.
    const inPage = await page.evaluate(() => (globalThis as any).heapcensus.tracker.toDump() as Dump);
    const json = await download(page, 'editor.json');
    expect(json.suggested).toBe('editor.json');
    expect(json.resolved).toBe('editor.json');
    const fromJson = node.loadDump(json.bytes.toString('utf8'));
    expect(figures(fromJson.snapshots)).toEqual(figures(inPage.snapshots));
    // (The demo's watchVitals also snapshots at LCP, which the first click reports.)
    expect(fromJson.snapshots.map((x) => x.label).filter((l) => l !== 'LCP')).toEqual(['from the test', 'waited', 'leaking', 'fixed']);
    const waited = fromJson.snapshots.find((x) => x.label === 'waited')!;
    expect(waited.total).toMatchObject({ source: 'measureUserAgentSpecificMemory' });
    expect(Array.isArray(waited.total.breakdown)).toBe(true);

    const gz = await download(page, 'editor.json.gz');
    expect(gz.suggested).toBe('editor.json.gz');
    expect([gz.bytes[0], gz.bytes[1]]).toEqual([0x1f, 0x8b]);
    const fromGz = node.loadDump(new Uint8Array(gz.bytes));
    expect(figures(fromGz.snapshots)).toEqual(figures(inPage.snapshots));
    // The browser's own synchronous inflater reads CompressionStream's output too.
    const inBrowser = await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const d = (globalThis as any).heapcensus.loadDump(bytes) as Dump;
      return d.snapshots.map((s) => [s.label, Object.fromEntries(Object.entries(s.classes).map(([n, c]) => [n, [c.active, c.bytes]]))]);
    }, gz.bytes.toString('base64'));
    expect(inBrowser).toEqual(figures(inPage.snapshots));

    // The console verbs return text as well as printing it.
    const verbs = await page.evaluate(() => {
      const hc = (globalThis as any).heapcensus;
      return { summary: hc.summary() as string, stats: hc.stats({ className: 'Paragraph', limit: 2 }) as string, help: hc.help() as string };
    });
    expect(verbs.summary).toMatch(/fixed[\s\S]*Paragraph/);
    expect(verbs.stats).toMatch(/Paragraph/);
    expect(verbs.help).toMatch(/heapcensus\.download/);

    // report(): the bundled report opens in a new tab on the live data.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.evaluate(() => (globalThis as any).heapcensus.report())]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/^blob:/);
    await screenshot(tab, 'demo-report');
    await tab.close();

    await screenshot(page, 'demo-isolated-standard');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the console's summary() shows each snapshot's figures as its instances give them", async () => {
    const { page, problems } = await openDemo(browser, isolated, 'standard');
    await page.click('#btn-type');
    const got = await page.evaluate(async () => {
      const hc = (globalThis as any).heapcensus;
      await hc.snapshot('console', { waitForTotal: true });
      // What summary() prints: the group line and the table of the latest snapshot.
      const printed: { groups: string[]; tables: unknown[] } = { groups: [], tables: [] };
      const { group, table } = console;
      console.group = (label: string) => void printed.groups.push(label);
      console.table = (data: unknown) => void printed.tables.push(data);
      try {
        return { text: hc.summary() as string, printed, dump: hc.tracker.toDump() as Dump };
      } finally {
        console.group = group;
        console.table = table;
      }
    });
    const { dump } = got;
    const stats = Stats.from(dump);
    expect(got.text).toBe(stats.summary());
    const last = dump.snapshots.length - 1;
    const snap = dump.snapshots[last]!;
    const rows = got.printed.tables.at(-1) as Record<string, { active: number; bytes: string; average: string; pct: string }>;
    let sum = 0;
    for (const name of Object.keys(snap.classes)) {
      const sizes = stats.reader.rowsOf(name).map((r) => stats.reader.sizeIn(last, r)?.size).filter((x) => x !== undefined);
      const bytes = sizes.reduce((a, b) => a + b, 0);
      sum += bytes;
      expect(rows[name], name).toEqual({
        active: sizes.length,
        bytes: formatBytes(bytes),
        average: formatBytes(sizes.length === 0 ? 0 : Math.round(bytes / sizes.length)),
        pct: formatPct((bytes * 100) / snap.total.bytes),
      });
    }
    expect(rows.UndoStep!.active).toBe(40);
    expect(got.printed.groups.at(-1)).toContain(`: ${formatBytes(sum)} tracked, ${formatBytes(snap.total.bytes)} JS heap`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the legacy-decorator build registers the same classes and sizes them alike', async () => {
    const { page, problems } = await openDemo(browser, isolated, 'legacy');
    expect(await page.evaluate(() => document.getElementById('decorators')?.textContent)).toMatch(/legacy/);
    await page.click('#btn-type');
    const s = await page.evaluate(async () => JSON.parse(JSON.stringify(await (globalThis as any).heapcensus.snapshot('legacy', { waitForTotal: true }))) as Snapshot);
    expect(s.classes).toMatchObject({ EditorDocument: { active: 1 }, Paragraph: { active: 6 }, UndoStep: { active: 40 } });
    expect(s.classes.Paragraph!.average).toBeLessThan(1000);
    expect(s.total.source).toBe('measureUserAgentSpecificMemory');
    await screenshot(page, 'demo-isolated-legacy');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the demo page without cross-origin isolation', () => {
  it('falls back to performance.memory, with no errors', async () => {
    const { page, problems } = await openDemo(browser, plain, 'standard');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await page.evaluate(() => typeof (performance as any).measureUserAgentSpecificMemory)).toBe('undefined');
    await page.click('#btn-type');
    const s = await page.evaluate(async () => JSON.parse(JSON.stringify(await (globalThis as any).heapcensus.snapshot('plain', { waitForTotal: true }))) as Snapshot);
    expect(s.total.source).toBe('performance.memory');
    expect(s.total.bytes).toBeGreaterThan(0);
    expect(s.classes.UndoStep).toMatchObject({ active: 40 });
    await page.click('#btn-snapshot');
    await page.waitForFunction(() => (globalThis as any).heapcensus.tracker.snapshots.some((x: Snapshot) => x.label.startsWith('button')));
    const gz = await download(page, 'plain.json.gz');
    const sources = node.loadDump(new Uint8Array(gz.bytes)).snapshots.map((x) => x.total.source);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sources)).toEqual(new Set(['performance.memory']));
    await screenshot(page, 'demo-not-isolated');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
