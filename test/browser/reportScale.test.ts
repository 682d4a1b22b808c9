/**
 * dist/report.html on heavy but valid dumps (issue 16, round two): 1,000 sparse classes x 1,000
 * snapshots, 100,000 classes in one snapshot, 150,000 marks, a realistic hour of start(1000)
 * (30 classes x 3,600 snapshots), a 100,000-class comparison, huge referent fan-out and trace
 * groups. Each view must draw with a bounded DOM (elements counted, whatever the dump's size)
 * and show what it leaves out; a hang shows as the test timeout. No assertion on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fewSizedDump, hourDump, marksDump, sparseDump, wideDump } from '../../bench/scaleDumps.js';
import { writeReport, type Dump } from '../../platform/node/index.js';
import type { DumpSnapshot } from '../../src/dump/Dump.js';
import { launchChromium } from './helpers/chromium.js';
import { settled, shows } from './helpers/reportPage.js';

/** Any view of any dump stays under this many elements. */
const MAX_ELEMENTS = 5000;

let browser: Browser;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-reportscale-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** Opens a report with `dumps` embedded; collects page errors. */
async function open(name: string, dumps: Dump[]): Promise<{ page: Page; errors: string[] }> {
  const url = pathToFileURL(await writeReport(dumps, join(dir, name))).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // No playwright timeout of its own: the test timeout is the only guard (a hang fails there).
  page.setDefaultTimeout(0);
  page.setDefaultNavigationTimeout(0);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await ready(page);
  return { page, errors };
}

/** Waits for the app to be ready and two frames painted (charts draw in the next frame). */
async function ready(page: Page): Promise<void> {
  expect(await settled(page)).toBe('ready');
}

const elements = (page: Page): Promise<number> => page.evaluate(() => document.getElementsByTagName('*').length);
/** The time-space chart's legend labels (one per series, the x series first). */
const legend = (page: Page): Promise<string[]> => page.locator('.overview .u-legend .u-series .u-label').allTextContents();
const rowClasses = (page: Page, table: string): Promise<string[]> => page.locator(`${table} tbody tr[data-class]`).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['class']!));

describe('the report on heavy dumps', () => {
  it('1,000 sparse classes x 1,000 snapshots: one snapshot table, series only for classes with bytes, bounded DOM', async () => {
    const dump = sparseDump(1000, 1000);
    const { page, errors } = await open('sparse.html', [dump]);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    // Only the selected (last) snapshot's table; it is empty, and says so.
    expect(await page.locator('section.snapshot').count()).toBe(1);
    expect(await page.locator('section.snapshot').getAttribute('data-snapshot')).toBe('1000');
    // 100 classes have bytes somewhere: the top ones by bytes get a series, the rest fold into one.
    const labels = await legend(page);
    expect(labels.length).toBeLessThanOrEqual(1 + 12 + 1 + 2);
    expect(labels).toContain('other 88 classes');
    // The largest class (bytes 1090 in snapshot 991, class 991 mod 1000) is drawn on its own.
    expect(labels).toContain('Name00990');
    // Pick a snapshot that holds a class: its table shows it.
    await pick(page, 'snapshot of the table', 990);
    expect(await page.locator('section.snapshot').getAttribute('data-snapshot')).toBe('991');
    expect(await rowClasses(page, 'section.snapshot')).toEqual(['Name00990']);
    expect(await page.locator('section.snapshot').textContent()).toContain('999 classes with no instances in this snapshot');
    // The class list is bounded too, and a filter reaches any class.
    expect(await page.locator('[data-class-link]').count()).toBeLessThanOrEqual(200);
    await page.fill('input.class-filter', 'Name00777');
    expect(await page.locator('[data-class-link]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['classLink']))).toEqual(['Name00777']);
    await page.click('[data-class-link="Name00777"]');
    await shows(page, 'class');
    expect(await page.locator('.classpage').getAttribute('data-class')).toBe('Name00777');
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('5,000 snapshots and no class: one (empty) snapshot table, not 5,000', async () => {
    const dump = sparseDump(1, 5000);
    dump.names = [];
    for (const s of dump.snapshots) {
      s.classes = {};
      s.trackedTotal = 0;
    }
    const { page, errors } = await open('noclass.html', [dump]);
    expect(await page.locator('section.snapshot').count()).toBe(1);
    expect(await page.locator('section.snapshot').getAttribute('data-snapshot')).toBe('5000');
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('100,000 classes in one snapshot: top classes charted, the table paged largest first, bounded DOM', async () => {
    const dump = wideDump(100_000);
    const { page, errors } = await open('wide.html', [dump]);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    const labels = await legend(page);
    expect(labels).toContain('Name099999');
    expect(labels).toContain(`other ${100_000 - 12} classes`);
    // Largest bytes first, one page at a time.
    const first = await rowClasses(page, 'section.snapshot');
    expect(first.length).toBeLessThanOrEqual(100);
    expect(first.slice(0, 3)).toEqual(['Name099999', 'Name099998', 'Name099997']);
    expect(await page.locator('section.snapshot [data-field=rows]').textContent()).toBe(`rows 1–${first.length} of 100000`);
    await page.locator('section.snapshot button[data-page=next]').click();
    const second = await rowClasses(page, 'section.snapshot');
    expect(second[0]).toBe(`Name0${99_999 - first.length}`);
    await page.locator('section.snapshot button[data-page=last]').click();
    const lastPage = await rowClasses(page, 'section.snapshot');
    expect(lastPage[lastPage.length - 1]).toBe('Name000000');
    // Every class has grown from nothing? No: one snapshot gives no growth hints.
    expect(await page.locator('li[data-growth]').count()).toBe(0);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('150,000 marks: the chart draws (no spread into arguments), the marks list is capped', async () => {
    const { page, errors } = await open('marks.html', [marksDump(150_000)]);
    expect(errors).toEqual([]);
    expect(await page.locator('.overview .chart canvas').count()).toBeGreaterThan(0);
    const shown = await page.locator('.marks li[data-mark]').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(100);
    expect(await page.locator('.marks').textContent()).toContain(`and ${150_000 - shown} more marks`);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    await page.close();
  });

  it('a realistic hour of start(1000): 30 classes x 3,600 snapshots open with one table and charts over all', async () => {
    const dump = hourDump(30, 3600, 4);
    const { page, errors } = await open('hour.html', [dump]);
    expect(await page.locator('section.snapshot').count()).toBe(1);
    expect(await page.locator('section.snapshot').getAttribute('data-snapshot')).toBe('3600');
    expect(await rowClasses(page, 'section.snapshot')).toHaveLength(30);
    // The chart spans every snapshot: 12 classes, "other 18 classes", tracked and platform totals.
    expect(await legend(page)).toEqual(expect.arrayContaining(['other 18 classes', 'tracked total', 'platform total (right axis)']));
    // Even classes grow at every minute, not at every snapshot: no hint; the list is bounded anyway.
    const overview = await elements(page);
    expect(overview).toBeLessThan(MAX_ELEMENTS);
    // The snapshot picker is no 3,600-option list.
    expect(await page.locator('option').count()).toBeLessThanOrEqual(200);
    await pick(page, 'snapshot of the table', 0);
    expect(await page.locator('section.snapshot').getAttribute('data-snapshot')).toBe('1');
    expect(await page.locator('section.snapshot .label').textContent()).toBe('start');
    // A class page with an instance selected: its per-snapshot sizes are paged, not 3,600 rows.
    await page.click('[data-class-link="app.Class00"]');
    await shows(page, 'class');
    await page.locator('.vrow').first().click();
    const sizeRows = await page.locator('.detail table.sizes tbody tr').count();
    expect(sizeRows).toBeGreaterThan(0);
    expect(sizeRows).toBeLessThanOrEqual(100);
    expect(await page.locator('.detail [data-field=rows]').textContent()).toMatch(/of 3600$/);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compare with 100,000 classes: largest |delta| first, paged, bounded DOM', async () => {
    const before = wideDump(100_000);
    const after = wideDump(100_000);
    after.snapshots[0] = grown(after.snapshots[0]!);
    const { page, errors } = await open('compare.html', [before, after]);
    await page.click('[data-nav=compare]');
    await shows(page, 'compare');
    const rows = await rowClasses(page, 'table.diff');
    expect(rows.length).toBeLessThanOrEqual(100);
    expect(rows[0]).toBe('Name099999');
    expect(rows[1]).toBe('Name098999');
    expect(await page.locator('.compare [data-field=rows]').textContent()).toBe(`rows 1–${rows.length} of 100000`);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('growth hints of 100,000 growing classes: the largest 50 listed, the rest counted', async () => {
    // Two snapshots: every class but Name000000 grows.
    const both = wideDump(100_000);
    both.snapshots.push({ ...grown(both.snapshots[0]!), id: 2, time: 2000 });
    const two = await open('grow.html', [both]);
    const hints = await two.page.locator('li[data-growth]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['growth']!));
    expect(hints.length).toBeLessThanOrEqual(50);
    expect(hints.slice(0, 2)).toEqual(['Name099999', 'Name098999']);
    expect(await two.page.locator('.growth').textContent()).toContain(`and ${99_999 - hints.length} more classes grow at every snapshot`);
    expect(await elements(two.page)).toBeLessThan(MAX_ELEMENTS);
    expect(two.errors).toEqual([]);
    await two.page.close();
  });

  it('100,000 instances x 3,600 snapshots that size 3 of them: the class page reads sizes in proportion to the sizes rows', async () => {
    const { page, errors } = await open('fewsized.html', [fewSizedDump(100_000, 3600)]);
    await page.click('[data-class-link="app.Many"]');
    await shows(page, 'class');
    expect(await page.locator('[data-field=shown]').textContent()).toBe('100000 instances');
    // Largest size first: the three sized instances, their largest size from the last snapshot.
    const top = await page.locator('.vrow [data-field=size]').evaluateAll((els) => els.slice(0, 4).map((e) => Number((e as HTMLElement).dataset['v'])));
    expect(top).toEqual([64 + 3599, 64 + 3599, 64 + 3599, 0]);
    await page.locator('.vrow').first().click();
    const sizes = await page.locator('.detail table.sizes tbody tr [data-field=size]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['v']));
    expect(sizes.slice(0, 3)).toEqual(['64', '65', '66']);
    expect(sizes.length).toBeLessThanOrEqual(100);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('huge fan-out and many call sites: referent children and trace groups are capped with what is left out', async () => {
    const dump = wideDump(1);
    const name = dump.names[0]!;
    // One instance with 50,000 referents and a 5,000-frame creation stack; 2,000 call sites.
    const N = 2000;
    const deep = Array.from({ length: 5000 }, (_, f): [string, string, number, number] => [`fn${f}`, 'deep.js', f, 1]);
    deep[deep.length - 1] = ['a', 'deep.js', 0, 0]; // sorts first among the call sites (one instance each)
    // Traces 1-15: 15 distinct stacks to one call site `b` (the largest group).
    const stack = (t: number): Array<[string, string, number, number]> =>
      t === 0 ? deep : t <= 15 ? [[`caller${t}`, 'app.js', t, 1], ['b', 'deep.js', 0, 0]] : [['main', 'app.js', 1, 1], [`site${t}`, 'deep.js', t, 1]];
    dump.traces = Array.from({ length: N }, (_, t) => stack(t));
    for (let i = 0; i < N; i++) dump.instances.rows.push(i + 1, 0, i, null, i === 0 ? 1 : 0, i, null);
    const snap = dump.snapshots[0]!;
    snap.sizes.rows = [1, 64, 48];
    snap.refs = { '1': Array.from({ length: 50_000 }, (_, k) => [`.k${k}`, 16 + (k % 50), 16, []] as [string, number, number, []]) };
    const { page, errors } = await open('fanout.html', [dump]);
    await page.click(`[data-class-link="${name}"]`);
    await shows(page, 'class');
    // Merged tree: the root opened one level, 200 children at most.
    expect(await page.locator('.classpage > section .tree > li > ul > li').count()).toBeLessThanOrEqual(201);
    expect(await page.locator('.classpage > section .tree').textContent()).toMatch(/49800 more referents not shown/);
    expect(await page.locator('.traces [data-field=count]').count()).toBeLessThanOrEqual(50);
    expect(await page.locator('.traces').textContent()).toContain(`${N - 14 - 50} more call sites not shown`);
    // Closed groups draw no stack; opening one shows its stack, its frames capped.
    expect(await page.locator('.traces .stack').count()).toBe(0);
    await page.locator('.traces tr[data-site^="a ("] summary').click();
    // A <details> toggles in a task of its own: wait for the stack before counting it.
    await page.locator('.traces .stack li').nth(49).waitFor({ timeout: 20_000 });
    expect(await page.locator('.traces .stack li').count()).toBe(50);
    expect(await page.locator('.traces .stack').first().textContent()).toContain('and 4950 more frames');
    // The group of 15 stacks shows the 10 most frequent and counts the rest.
    await page.locator('.traces tr[data-site^="b ("] summary').click();
    await page.locator('.traces tr[data-site^="b ("] .stack').nth(9).waitFor({ timeout: 20_000 });
    expect(await page.locator('.traces tr[data-site^="b ("] .stack').count()).toBe(10);
    expect(await page.locator('.traces tr[data-site^="b ("]').textContent()).toContain('and 5 less frequent stacks');
    // The instance with the tree: its stack and its own tree, both capped.
    await page.fill('input.filter', '#1');
    await page.locator('.vrow').first().click();
    await page.locator('.detail[data-instance="1"]').waitFor({ timeout: 20_000 });
    // The creation stack is drawn once opened: 50 of its 5,000 frames, the rest counted.
    await page.locator('.detail summary', { hasText: 'creation stack' }).click();
    await page.locator('.detail ol li').nth(49).waitFor({ timeout: 20_000 });
    expect(await page.locator('.detail ol li').count()).toBe(50);
    expect(await page.locator('.detail').textContent()).toContain('and 4950 more frames');
    expect(await page.locator('.detail .tree > li > ul > li').count()).toBeLessThanOrEqual(201);
    expect(await page.locator('.detail .tree').textContent()).toMatch(/49800 more referents not shown/);
    expect(await elements(page)).toBeLessThan(MAX_ELEMENTS);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/**
 * A copy of a `wideDump` snapshot in which class i has grown by (i mod 1000) x 64 + i / 1000 bytes
 * and i mod 1000 instances: Name099999, then Name098999, … change most; Name000000 not at all.
 */
function grown(snap: DumpSnapshot): DumpSnapshot {
  const out = structuredClone(snap);
  for (const [name, f] of Object.entries(out.classes)) {
    const i = Number(name.slice(4));
    f.bytes += 64 * (i % 1000) + Math.floor(i / 1000);
    f.active += i % 1000;
  }
  return out;
}

/** Chooses the snapshot at `index` in the picker named `label` (a select or, for many snapshots, a 1-based position field). */
async function pick(page: Page, label: string, index: number): Promise<void> {
  const el = page.getByLabel(label, { exact: true });
  if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(index));
  else await el.fill(String(index + 1));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
