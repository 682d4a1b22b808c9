/**
 * dist/report.html from file:// in Chromium, clicked through as a person would: every view has a
 * URL (Back, Forward, reload and a pasted link return to it), compare sorts and links, charts
 * zoom by dragging and open a class from its band, web-vitals marks read as name, value and
 * rating, the referent-tree hint matches the dump, the lifetime view draws 100k instances,
 * dark scheme, keyboard and print.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigDump } from '../../bench/bigDump.js';
import { chartBands } from '../../report/chartBands.js';
import { formatBytes } from '../../src/stats/format.js';
import { ClassTracker, loadDump, Stats, writeReport, type Dump } from '../../platform/node/index.js';
import { launchChromium } from './helpers/chromium.js';
import { recordingPage, settled, shows, viewOf } from './helpers/reportPage.js';
import { sdkDumps } from './helpers/reportDumps.js';

let browser: Browser;
let dir = '';
let before: Dump;
let after: Dump;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-nav-'));
  ({ before, after } = await sdkDumps());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function reportUrl(name: string, dumps: Dump[]): Promise<string> {
  return pathToFileURL(await writeReport(dumps, join(dir, name))).href;
}

/** A page that records requests and errors. */
const newPage = (colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; requests: string[]; errors: string[] }> => recordingPage(browser, { colorScheme });

const hashOf = (page: Page): Promise<string> => page.evaluate(() => decodeURIComponent(location.hash));
const cells = (page: Page, field: string): Promise<number[]> =>
  page.locator(`table.diff tbody td[data-field=${field}]`).evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset['v'])));
const names = (page: Page): Promise<string[]> => page.locator('table.diff tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['class']!));

describe('report navigation', () => {
  it('every view has a URL: Back, Forward, reload and a pasted link return to it', async () => {
    const { page, requests, errors } = await newPage();
    const url = await reportUrl('nav.html', [before, after]);
    await page.goto(url);
    await settled(page, 'ready');
    expect(await viewOf(page)).toBe('overview');
    expect(await hashOf(page)).toBe('#view=overview&dump=1');
    await page.click('[data-class-link="app.Doc"]');
    await shows(page, 'class', 'class=app.Doc');
    const id = Number(await page.locator('.vrow').first().getAttribute('data-id'));
    await page.locator('.vrow').first().click();
    await shows(page, 'class', `instance=${id}`);
    expect(await page.locator('.detail').getAttribute('data-instance')).toBe(String(id));
    await page.click('[data-nav=lifetime]');
    await shows(page, 'lifetime');
    await page.click('[data-nav=compare]');
    await shows(page, 'compare');
    await page.selectOption('select[aria-label="before snapshot"]', '0');
    await shows(page, 'compare', 'before=0');
    expect(await page.locator('select[aria-label="before snapshot"]').inputValue()).toBe('0');

    // Back through every step, then Forward.
    await page.goBack();
    await shows(page, 'compare', `before=${before.snapshots.length - 1}`);
    expect(await page.locator('select[aria-label="before snapshot"]').inputValue()).toBe(String(before.snapshots.length - 1));
    await page.goBack();
    await shows(page, 'lifetime', 'class=app.Doc');
    await page.goBack();
    await shows(page, 'class', `instance=${id}`);
    expect(await page.locator('.detail').getAttribute('data-instance')).toBe(String(id));
    await page.goBack();
    await shows(page, 'class', 'class=app.Doc');
    expect(await page.locator('.detail').count()).toBe(0);
    await page.goBack();
    await shows(page, 'overview', 'dump=1');
    await page.goForward();
    await shows(page, 'class', 'class=app.Doc');
    await page.goForward();
    await shows(page, 'class', `instance=${id}`);

    // Reload: the same class and instance.
    await page.reload();
    await settled(page, 'ready');
    await shows(page, 'class', `instance=${id}`);
    expect(await page.locator('.classpage').getAttribute('data-class')).toBe('app.Doc');
    expect(await page.locator('.detail').getAttribute('data-instance')).toBe(String(id));
    // The page never left its file, and nothing was fetched.
    expect(new Set(requests.map((r) => r.split('#')[0]))).toEqual(new Set([url]));
    expect(errors).toEqual([]);
    await page.close();

    // A pasted link opens its view; a link to nothing that exists opens the latest overview.
    const pasted = await newPage();
    await pasted.page.goto(`${url}#view=class&dump=0&class=app.Row`);
    await shows(pasted.page, 'class', 'class=app.Row');
    expect(await pasted.page.locator('nav .tab.active[data-dump]').getAttribute('data-dump')).toBe('0');
    expect(await pasted.page.locator('.classpage [data-field=instances]').textContent()).toBe(String(Stats.from(before).reader.rowsOf('app.Row').length));
    await pasted.page.goto(`${url}#view=compare&before=1&after=0`);
    await shows(pasted.page, 'compare', 'before=1&after=0');
    await pasted.page.goto(`${url}#view=class&dump=7&class=<b>`);
    await shows(pasted.page, 'overview', 'dump=1');
    expect(pasted.errors).toEqual([]);
    await pasted.page.close();
  });

  it('compare: totals on top, diverging byte bars, every column sorts, classes link to their page', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${await reportUrl('sort.html', [before, after])}#view=compare`);
    await shows(page, 'compare');
    const diff = Stats.from(before).diff(Stats.from(after));
    // Totals first, then the bars: one per class that changed, largest change first.
    const order = await page.evaluate(() => ['.totals', '.deltabars', 'table.diff'].map((s) => document.querySelector(s)!.getBoundingClientRect().top));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const bars = await page.locator('[data-delta-class]').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset['deltaClass'], Number((e as HTMLElement).dataset['v'])]));
    const changed = diff.classes.filter((c) => c.bytesDelta !== 0).sort((a, b) => Math.abs(b.bytesDelta) - Math.abs(a.bytesDelta));
    expect(bars).toEqual(changed.map((c) => [c.name, c.bytesDelta]));
    // Growth bars go right of the axis, shrinkage left.
    for (const c of changed) {
      const side = await page.locator(`[data-delta-class="${c.name}"] .fill`).evaluate((e) => (e.parentElement!.classList.contains('dpos') ? 'right' : 'left'));
      expect(side, c.name).toBe(c.bytesDelta > 0 ? 'right' : 'left');
    }
    // Sort by each numeric column, both ways.
    for (const field of ['bytesDelta', 'activeAfter', 'averageBefore']) {
      await page.click(`th button[data-sort=${field}]`);
      const down = await cells(page, field);
      expect(down, field).toEqual([...down].sort((a, b) => b - a));
      await page.click(`th button[data-sort=${field}]`);
      const up = await cells(page, field);
      expect(up, field).toEqual([...up].sort((a, b) => a - b));
      expect(await page.locator(`th:has(button[data-sort=${field}])`).getAttribute('aria-sort')).toBe('ascending');
    }
    await page.click('th button[data-sort=name]');
    expect(await names(page)).toEqual(diff.classes.map((c) => c.name).sort());
    // A class links to its page in the after dump.
    await page.locator('table.diff tbody tr[data-class="app.Row"] button.link').click();
    await shows(page, 'class', 'class=app.Row');
    expect(await hashOf(page)).toBe('#view=class&dump=1&class=app.Row');
    await page.goBack();
    await shows(page, 'compare');
    await page.locator('[data-delta-class="app.Doc"] button.link').click();
    await shows(page, 'class', 'class=app.Doc');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('charts: latest values in the legend, round ticks, drag-zoom and reset, a click on a band opens its class', async () => {
    const { page, errors } = await newPage();
    await page.goto(await reportUrl('chart.html', [before]));
    await settled(page, 'ready');
    const chart = page.locator('.overview .chart');
    // The chart uses the width available.
    const [chartW, mainW] = await page.evaluate(() => [document.querySelector('.overview .chart canvas')!.getBoundingClientRect().width, document.querySelector('main')!.clientWidth]);
    expect(chartW).toBeGreaterThan(mainW * 0.8);
    // Nothing hovered: the legend shows the latest snapshot's values, not "--".
    const values = await page.locator('.overview .u-legend .u-series .u-value').allTextContents();
    expect(values.filter((v) => v === '--')).toEqual([]);
    const last = before.snapshots.at(-1)!;
    expect(values[0]).toMatch(/\(latest\)$/);
    const tracked = await page.locator('.overview .u-legend .u-series', { hasText: 'tracked total' }).locator('.u-value').textContent();
    expect(tracked).toBe(formatBytes(last.trackedTotal));
    // Drag across the plot: zoomed; reset: the whole range again.
    const over = await page.locator('.overview .u-over').boundingBox();
    expect(await chart.getAttribute('data-zoomed')).toBe('no');
    await page.mouse.move(over!.x + over!.width * 0.2, over!.y + over!.height / 2);
    await page.mouse.down();
    await page.mouse.move(over!.x + over!.width * 0.5, over!.y + over!.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('.overview .chart')?.getAttribute('data-zoomed') === 'yes');
    await page.click('[data-zoom=reset]');
    await page.waitForFunction(() => document.querySelector('.overview .chart')?.getAttribute('data-zoomed') === 'no');
    // Click inside the bottom band at the last snapshot: that class's page opens.
    await page.mouse.click(over!.x + over!.width - 2, over!.y + over!.height - 2);
    await shows(page, 'class');
    const bottom = chartBands(before).names[0];
    expect(await page.locator('.classpage').getAttribute('data-class')).toBe(bottom);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks read as name, value with its unit and rating; the tree hint matches the resolution the dump records', async () => {
    const tracker = new ClassTracker();
    // No properties: nothing to put in a referent tree, whatever the resolution.
    class Flat {}
    class Plain {
      v = [1, 2, 3];
    }
    const F = tracker.trackClass(Flat, { name: 'app.Flat', resolution: 2 });
    const P = tracker.trackClass(Plain, { name: 'app.Plain' });
    const keep = [new F(), new F(), new P()];
    tracker.mark('FCP', 755.56, { rating: 'good', id: 'v6-1765-123', navigationType: 'navigate' });
    tracker.mark('CLS', 0.1234, { rating: 'needs-improvement', id: 'v6-1765-456', navigationType: 'navigate' });
    tracker.mark('deploy');
    await tracker.snapshot('one');
    void keep.length;
    const dump = loadDump(JSON.stringify(tracker.toDump()));
    const { page, errors } = await newPage();
    await page.goto(await reportUrl('marks.html', [dump]));
    await settled(page, 'ready');
    const marks = await page.locator('.marks li').allTextContents();
    expect(marks[0]).toMatch(/^FCP 756 ms good at 00:00:/);
    expect(marks[1]).toMatch(/^CLS 0\.123 needs-improvement at 00:00:/);
    expect(marks[2]).toMatch(/^deploy at 00:00:/);
    expect(marks.join('\n')).not.toMatch(/v6-|navigationType|rating:/);
    expect(await page.locator('.marks li .rating.good').count()).toBe(1);
    await page.click('[data-class-link="app.Flat"]');
    await shows(page, 'class', 'class=app.Flat');
    const hint = (await page.locator('[data-field=refs-hint]').textContent()) ?? '';
    expect(hint).toContain('resolution up to 2');
    expect(hint).not.toMatch(/above 0/);
    await page.click('[data-class-link="app.Plain"]');
    await shows(page, 'class', 'class=app.Plain');
    expect(await page.locator('[data-field=refs-hint]').textContent()).toMatch(/resolution 0: track the class with a resolution above 0/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('retainer paths: on the instance as a chain from the GC root, and grouped on the class page', async () => {
    const raw = JSON.parse(JSON.stringify(before)) as Dump;
    const reader = Stats.from(before).reader;
    const docs = reader.rowsOf('app.Doc').map((r) => reader.instances[r]!.id);
    // Three Docs held by the cache (array positions differ: one path), one by a module variable.
    raw.retainers = {
      [docs[0]!]: ['(global)', 'holder.cache', 'Array[41]', 'Leaky'],
      [docs[1]!]: ['(global)', 'holder.cache', 'Array[7]', 'Leaky'],
      [docs[2]!]: ['(global)', 'holder.cache', 'Array[8]', 'Leaky'],
      [docs[3]!]: ['(module)', 'lastDoc', 'app.Doc'],
    };
    const dump = loadDump(JSON.stringify(raw));
    const { page, errors } = await newPage();
    await page.goto(`${await reportUrl('retainers.html', [dump])}#view=class&dump=0&class=app.Doc&instance=${docs[0]}`);
    await shows(page, 'class', `instance=${docs[0]}`);
    expect(await page.locator('.detail [data-field=retainers] .chain li').allTextContents()).toEqual(['(global)', 'holder.cache', 'Array[41]', 'Leaky']);
    // Read as a chain: an arrow between steps (drawn by the stylesheet, so names stay text alone).
    const arrows = await page.locator('.detail [data-field=retainers] .chain li').evaluateAll((lis) => lis.map((li) => getComputedStyle(li, '::before').content));
    expect(arrows).toEqual(['none', '"→"', '"→"', '"→"']);
    const groups = await page.locator('.retainers li[data-retainers]').evaluateAll((lis) =>
      lis.map((li) => [Number((li as HTMLElement).dataset['retainers']), [...li.querySelectorAll('.chain li')].map((x) => x.textContent).join(' > ')]),
    );
    expect(groups).toEqual([
      [3, '(global) > holder.cache > Array[*] > Leaky'],
      [1, '(module) > lastDoc > app.Doc'],
    ]);
    // An instance without a path shows none; a class without any says so.
    await page.goto(`${await reportUrl('retainers.html', [dump])}#view=class&dump=0&class=app.Doc&instance=${docs[5]}`);
    await shows(page, 'class', `instance=${docs[5]}`);
    expect(await page.locator('.detail [data-field=retainers]').count()).toBe(0);
    await page.click('[data-class-link="app.Row"]');
    await shows(page, 'class', 'class=app.Row');
    expect(await page.locator('.classpage').textContent()).toContain('This dump records no retainer paths for this class.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lifetime view: 100,000 instances on a canvas (rows aggregated), sorted by birth or size, a click opens the instance', async () => {
    const dump = bigDump(100_000, 2, 1);
    const { page, errors } = await newPage();
    await page.goto(`${await reportUrl('lifetimes.html', [dump])}#view=lifetime&dump=0&class=app.Row`);
    await shows(page, 'lifetime');
    const canvas = page.locator('canvas.lt-canvas');
    expect(await canvas.getAttribute('data-rows')).toBe('100000');
    expect(Number(await canvas.getAttribute('data-group'))).toBeGreaterThan(1);
    const inked = () =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n / (c.width * c.height);
      });
    expect(await inked()).toBeGreaterThan(0.05);
    await page.click('[data-sort=size]');
    await page.waitForFunction(() => document.querySelector('canvas.lt-canvas')?.getAttribute('data-sort') === 'size');
    expect(await inked()).toBeGreaterThan(0.05);
    // The few DOM elements it needs: no element per instance.
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(2000);
    await canvas.click({ position: { x: 20, y: 3 } });
    await shows(page, 'class', 'instance=');
    expect(await page.locator('.detail').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('dark and light schemes follow the system; keyboard reaches and opens everything; print shows the overview alone', async () => {
    const url = await reportUrl('scheme.html', [before, after]);
    const luminance = (page: Page, sel: string, prop: 'backgroundColor' | 'color') =>
      page.evaluate(
        ([s, p]) => {
          const m = getComputedStyle(document.querySelector(s)!)[p as 'color'].match(/\d+/g)!.map(Number);
          return (0.2126 * m[0]! + 0.7152 * m[1]! + 0.0722 * m[2]!) / 255;
        },
        [sel, prop] as const,
      );
    const dark = await newPage('dark');
    await dark.page.goto(url);
    await settled(dark.page, 'ready');
    expect(await luminance(dark.page, 'body', 'backgroundColor')).toBeLessThan(0.2);
    expect(await luminance(dark.page, 'body', 'color')).toBeGreaterThan(0.7);
    await dark.page.emulateMedia({ colorScheme: 'light' });
    expect(await luminance(dark.page, 'body', 'backgroundColor')).toBeGreaterThan(0.9);
    await dark.page.close();

    const { page, errors } = await newPage();
    await page.goto(url);
    await settled(page, 'ready');
    // Tab through the header to the first class link; Enter opens it.
    let focused = '';
    for (let i = 0; i < 20 && !focused.startsWith('class:'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return a.dataset['classLink'] !== undefined ? `class:${a.dataset['classLink']}` : a.tagName;
      });
    }
    expect(focused).toBe('class:app.Cache');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await shows(page, 'class', 'class=app.Cache');
    // Rows are focusable; Enter selects one.
    await page.locator('.vrow').first().focus();
    await page.keyboard.press('Enter');
    await shows(page, 'class', 'instance=');
    // Print: the overview without the header, side list and controls.
    await page.goBack();
    await page.goBack();
    await shows(page, 'overview');
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() => ['header', 'aside'].map((s) => getComputedStyle(document.querySelector(s)!).display));
    expect(hidden).toEqual(['none', 'none']);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.overview')!).display)).not.toBe('none');
    expect(errors).toEqual([]);
    await page.close();
  });
});
