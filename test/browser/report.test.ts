/**
 * dist/report.html in Chromium: every view on dumps made by the SDK, figures checked against
 * Stats / StatsDiff, file picker and drag-and-drop (.json and .json.gz), bad files, a malicious
 * dump (no script runs, no request leaves the page) and a 100k-row virtualised table.
 * Screenshots of each view go to test-results/screenshots/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigDump } from '../../bench/bigDump.js';
import { ClassTracker, formatBytes, formatPct, loadDump, Stats, writeReport, type Dump } from '../../platform/node/index.js';
import { embedDumps, GZIP_DATA_OPEN } from '../../src/dump/embedDumps.js';
import { formatChange, formatDelta } from '../../src/stats/format.js';
import { launchChromium } from './helpers/chromium.js';
import { opened, recordingPage, settled, shows, viewOf } from './helpers/reportPage.js';
import { EVIL, evilDump, sdkDumps } from './helpers/reportDumps.js';
import { serveStatic, type StaticServer } from './helpers/serve.js';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
let browser: Browser;
let dir = '';
let before: Dump;
let after: Dump;
const emptyPage = pathToFileURL(join(process.cwd(), 'dist', 'report.html')).href;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-report-'));
  ({ before, after } = await sdkDumps());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A page that records requests, console errors and page errors. */
const newPage = (): Promise<{ page: Page; requests: string[]; errors: string[] }> => recordingPage(browser);

/** Waits until the app has settled (drawn a view, an error or the welcome page) and a frame has painted. */
/** A screenshot from the top of the page (the sticky header stays where it belongs). */
async function shot(page: Page, options: { path: string; fullPage?: boolean }): Promise<void> {
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot(options);
}

/**
 * A workload with deaths that certainly happened (a full GC through V8's own gc, exposed here):
 * 30 Docs of which 10 die before the 2nd snapshot; 20 Rows, 5 more before the 3rd, then 8 die
 * after it (found by a sweep, so the dump says dead while the last snapshot counted them).
 */
async function dumpWithDeaths(): Promise<Dump> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0)); // a new task: WeakRef targets of the last one may go
      gc();
    }
  };
  const tracker = new ClassTracker();
  class Doc {
    text = 'x'.repeat(60);
  }
  class Row {
    cells = [1, 2, 3, 4];
  }
  const D = tracker.trackClass(Doc, { name: 'app.Doc', resolution: 1 });
  const R = tracker.trackClass(Row, { name: 'app.Row' });
  const docs = Array.from({ length: 30 }, () => new D());
  const rows = Array.from({ length: 20 }, () => new R());
  await tracker.snapshot('all born');
  docs.splice(0, 10);
  await settle();
  await tracker.snapshot('10 docs died');
  rows.push(...Array.from({ length: 5 }, () => new R()));
  await tracker.snapshot('5 more rows');
  rows.splice(0, 8);
  await settle();
  tracker.sweep();
  const dump = tracker.toDump();
  void [docs.length, rows.length];
  return loadDump(JSON.stringify(dump));
}

async function reportFile(name: string, dumps: Dump[], names?: string[]): Promise<string> {
  return pathToFileURL(await writeReport(dumps, join(dir, name), names === undefined ? {} : { names })).href;
}

interface Cell {
  text: string;
  v: number;
}

/** The overview's per-snapshot tables, read from the DOM. */
function readSnapshots(page: Page): Promise<Array<{ id: number; total: Cell; tracked: Cell; classes: Record<string, Record<string, Cell>> }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section.snapshot')].map((sec) => {
      const cell = (el: Element | null) => ({ text: el?.textContent ?? '', v: Number((el as HTMLElement | null)?.dataset['v']) });
      const classes: Record<string, Record<string, { text: string; v: number }>> = {};
      for (const tr of sec.querySelectorAll<HTMLElement>('tbody tr')) {
        const row: Record<string, { text: string; v: number }> = {};
        for (const td of tr.querySelectorAll<HTMLElement>('td[data-field]')) row[td.dataset['field']!] = cell(td);
        classes[tr.dataset['class']!] = row;
      }
      return { id: Number(sec.dataset['snapshot']), total: cell(sec.querySelector('[data-field=total]')), tracked: cell(sec.querySelector('[data-field=tracked]')), classes };
    }),
  );
}

function expectOverviewMatches(shown: Awaited<ReturnType<typeof readSnapshots>>, dump: Dump): void {
  const stats = Stats.from(dump);
  expect(shown.map((s) => s.id)).toEqual(dump.snapshots.map((s) => s.id));
  dump.snapshots.forEach((snap, i) => {
    const s = shown[i]!;
    expect(Object.keys(s.classes)).toEqual(stats.trackedClasses);
    expect(s.total.v).toBe(snap.total.bytes);
    expect(s.tracked.v).toBe(snap.trackedTotal);
    expect(s.tracked.text).toBe(formatBytes(snap.trackedTotal));
    for (const name of stats.trackedClasses) {
      const c = snap.classes[name] ?? { active: 0, bytes: 0, average: 0, pct: 0 };
      const row = s.classes[name]!;
      expect(row['active']!.text, `${name} active in #${snap.id}`).toBe(String(c.active));
      expect(row['bytes']!.v).toBe(c.bytes);
      expect(row['bytes']!.text).toBe(formatBytes(c.bytes));
      expect(row['average']!.v).toBe(c.average);
      expect(row['average']!.text).toBe(formatBytes(c.average));
      expect(row['pct']!.v).toBe(c.pct);
      expect(row['pct']!.text).toBe(`${formatPct(c.pct)}%`);
    }
  });
  // The same figures as the text summary prints (its active column), snapshot by snapshot.
  const summary = stats.summary();
  for (const snap of dump.snapshots) for (const [name, c] of Object.entries(snap.classes)) expect(summary).toMatch(new RegExp(`${name.replace(/\./g, '\\.')} +${c.active} `));
}

describe('the report page', () => {
  it('overview: per-snapshot figures equal Stats, chart and growth hints drawn, no request', async () => {
    const { page, requests, errors } = await newPage();
    const url = await reportFile('overview.html', [before]);
    await page.goto(url);
    await settled(page, 'ready');
    expect(await page.evaluate(() => document.documentElement.dataset['view'])).toBe('overview');
    expectOverviewMatches(await readSnapshots(page), before);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
    // app.Doc grows in count and bytes at every snapshot; the hints list exactly the classes that grow.
    expect(await page.locator('[data-growth="app.Doc"]').textContent()).toMatch(/count 40 → 240.*bytes/);
    const fig = (i: number, n: string) => before.snapshots[i]!.classes[n] ?? { active: 0, bytes: 0 };
    const grows = Stats.from(before).trackedClasses.filter((n) =>
      ['active', 'bytes'].some((k) => before.snapshots.every((_, i) => i === 0 || fig(i, n)[k as 'active'] > fig(i - 1, n)[k as 'active'])),
    );
    expect(await page.locator('li[data-growth]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['growth']).sort())).toEqual(grows.sort());
    expect(await page.locator('.marks li').first().textContent()).toMatch(/^LCP 1\.23 s good at 00:00:0/);
    await shot(page, { path: join(SHOTS, 'overview.png'), fullPage: true });
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('class page: count chart, instances, per-instance sizes, merged tree and traces match the dump', async () => {
    const { page, errors } = await newPage();
    await page.goto(await reportFile('class.html', [before]));
    await settled(page, 'ready');
    await page.click('[data-class-link="app.Doc"]');
    await shows(page, 'class');
    const stats = Stats.from(before);
    const reader = stats.reader;
    const rows = reader.rowsOf('app.Doc');
    expect(await page.locator('.classpage [data-field=instances]').textContent()).toBe(String(rows.length));
    expect(await page.locator('[data-field=shown]').textContent()).toBe(`${rows.length} instances`);
    // Sorted by largest size first, as Stats.sort('size') orders them.
    const bySize = Stats.from(before).sort('size').sorted.filter((i) => i.name === 'app.Doc');
    const firstIds = await page.locator('.vrow').evaluateAll((els) => els.slice(0, 5).map((e) => Number((e as HTMLElement).dataset['id'])));
    const sizeOf = (id: number) => Math.max(...before.snapshots.map((_, s) => reader.sizeIn(s, reader.instance(id)!.row)?.size ?? 0));
    expect(firstIds.map(sizeOf)).toEqual(bySize.slice(0, 5).map((i) => sizeOf(i.id)));
    // Sort by birth, then filter by an id.
    await page.click('[data-sort=birth]');
    const birthIds = await page.locator('.vrow').evaluateAll((els) => els.slice(0, 3).map((e) => Number((e as HTMLElement).dataset['id'])));
    expect(birthIds).toEqual(rows.slice(0, 3).map((r) => reader.instances[r]!.id));
    const target = reader.instances[rows[7]!]!;
    await page.fill('input.filter', `#${target.id}`);
    expect(await page.locator('.vrow').count()).toBe(1);
    await page.click('.vrow');
    const sizes = await page.locator('.detail table.sizes tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.querySelector('[data-field=size]') as HTMLElement).dataset['v']));
    expect(sizes).toEqual(before.snapshots.map((_, s) => String(reader.sizeIn(s, target.row)?.size ?? '')));
    // Merged tree in the last snapshot: the root's size is the class's bytes there.
    const last = before.snapshots.length - 1;
    const merged = reader.merged(last, 'app.Doc');
    expect(Number(await page.locator('.classpage > section .tree > li > .node .num').last().getAttribute('data-v'))).toBe(merged.size);
    expect(merged.size).toBe(before.snapshots[last]!.classes['app.Doc']!.bytes);
    // Traces: one call site, all instances.
    const counts = await page.locator('.traces [data-field=count]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset['v'])));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
    await page.locator('.traces summary').first().click();
    await page.locator('.classpage > section .tree button.toggle[aria-expanded=false]').first().click();
    await shot(page, { path: join(SHOTS, 'class.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('overview and class pages: every figure agrees with the instances of the dump it shows (births, deaths, sizes)', async () => {
    const dump = await dumpWithDeaths();
    const reader = Stats.from(dump).reader;
    const { page, errors } = await newPage();
    const url = await reportFile('consistency.html', [dump]);
    await page.goto(url);
    await settled(page, 'ready');
    // Overview: a class's active and bytes are its instances sized in the snapshot; tracked = sum of the classes.
    const shown = await readSnapshots(page);
    expect(shown).toHaveLength(dump.snapshots.length);
    shown.forEach((s, i) => {
      const snap = dump.snapshots[i]!;
      let sum = 0;
      for (const [name, row] of Object.entries(s.classes)) {
        const sizes = reader.rowsOf(name).map((r) => reader.sizeIn(i, r)?.size).filter((x) => x !== undefined);
        const bytes = sizes.reduce((a, b) => a + b, 0);
        expect(row['active']!.text, `${name} in #${snap.id}`).toBe(String(sizes.length));
        expect(row['bytes']!.v, `${name} in #${snap.id}`).toBe(bytes);
        expect(row['average']!.v).toBe(sizes.length === 0 ? 0 : bytes / sizes.length);
        expect(row['pct']!.v).toBeCloseTo((bytes * 100) / snap.total.bytes, 10);
        sum += bytes;
      }
      expect(s.tracked.v, `#${snap.id}`).toBe(sum);
      expect(s.tracked.text).toBe(formatBytes(sum));
    });
    // The workload's deaths are in the dump: some before the last snapshot, some after it.
    const alive = (name: string) => reader.rowsOf(name).filter((r) => reader.instances[r]!.death === undefined).length;
    expect(alive('app.Row')).toBeLessThan(dump.snapshots.at(-1)!.classes['app.Row']!.active);
    expect(dump.snapshots.at(-1)!.classes['app.Doc']!.active).toBeLessThan(reader.rowsOf('app.Doc').length);
    // Class pages: "N instance records (A alive at the dump, D dead)" from the instance table; the
    // count history ends at A (counts only: history times are the tracker's tests' business).
    for (const name of ['app.Doc', 'app.Row']) {
      await page.goto(url);
      await settled(page, 'ready');
      await page.click(`[data-class-link="${name}"]`);
      await shows(page, 'class', encodeURIComponent(name));
      const records = reader.rowsOf(name).length;
      const meta = await page.locator('.classpage > p.meta').textContent();
      expect(meta, name).toContain(`${records} instance records (${alive(name)} alive at the dump, ${records - alive(name)} dead)`);
      expect(dump.history[name]!.at(-1)![1], name).toBe(alive(name));
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compare: per-class figures and totals equal StatsDiff, largest change first', async () => {
    const { page, requests, errors } = await newPage();
    const url = await reportFile('compare.html', [before, after]);
    await page.goto(url);
    await settled(page, 'ready');
    // Two dumps open on the latest one's overview; the comparison is one click away.
    expect(await viewOf(page)).toBe('overview');
    expect(await page.locator('nav .tab.active[data-dump]').getAttribute('data-dump')).toBe('1');
    await page.click('[data-nav=compare]');
    await shows(page, 'compare');
    const diff = Stats.from(before).diff(Stats.from(after));
    const shown = await page.locator('table.diff tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const o: Record<string, string> = { name: (tr as HTMLElement).dataset['class']! };
        for (const td of tr.querySelectorAll<HTMLElement>('td[data-field]')) {
          o[td.dataset['field']!] = td.textContent ?? '';
          if (td.dataset['v'] !== undefined) o[`${td.dataset['field']!}.v`] = td.dataset['v'];
        }
        return o;
      }),
    );
    const expected = [...diff.classes].sort((a, b) => Math.abs(b.bytesDelta) - Math.abs(a.bytesDelta) || Math.abs(b.activeDelta) - Math.abs(a.activeDelta));
    expect(shown.map((r) => r['name'])).toEqual(expected.map((c) => c.name));
    for (const c of expected) {
      const r = shown.find((x) => x['name'] === c.name)!;
      expect(Number(r['activeBefore.v'])).toBe(c.before.active);
      expect(Number(r['activeAfter.v'])).toBe(c.after.active);
      expect(r['activeDelta']).toBe(formatDelta(c.activeDelta));
      expect(Number(r['bytesDelta.v'])).toBe(c.bytesDelta);
      expect(r['bytesBefore']).toBe(formatBytes(c.before.bytes));
      expect(r['bytesAfter']).toBe(formatBytes(c.after.bytes));
      expect(r['bytesChange']).toBe(formatChange(c.before.bytes, c.after.bytes));
      expect(Number(r['averageDelta.v'])).toBe(c.averageDelta);
      expect(r['averageChange']).toBe(formatChange(c.before.average, c.after.average));
    }
    const tracked = page.locator('[data-total=tracked]');
    expect(Number(await tracked.locator('[data-field=delta]').getAttribute('data-v'))).toBe(diff.trackedDelta);
    expect(await tracked.locator('[data-field=change]').textContent()).toBe(formatChange(diff.before.trackedTotal, diff.after.trackedTotal));
    const platform = page.locator('[data-total=platform]');
    expect(Number(await platform.locator('[data-field=before]').getAttribute('data-v'))).toBe(diff.before.total.bytes);
    expect(Number(await platform.locator('[data-field=after]').getAttribute('data-v'))).toBe(diff.after.total.bytes);
    await shot(page, { path: join(SHOTS, 'compare.png'), fullPage: true });
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('file picker: .json and .json.gz, one dump (overview) or two (compare)', async () => {
    writeFileSync(join(dir, 'before.json'), JSON.stringify(before));
    writeFileSync(join(dir, 'after.json.gz'), gzipSync(JSON.stringify(after)));
    const { page, requests, errors } = await newPage();
    await page.goto(emptyPage);
    await settled(page, 'empty');
    await shot(page, { path: join(SHOTS, 'empty.png') });
    expect(await opened(page, () => page.setInputFiles('#file-input', join(dir, 'after.json.gz')))).toBe('ready');
    expectOverviewMatches(await readSnapshots(page), after);
    expect(await opened(page, () => page.setInputFiles('#file-input', [join(dir, 'before.json'), join(dir, 'after.json.gz')]))).toBe('ready');
    expect(await viewOf(page)).toBe('overview');
    expectOverviewMatches(await readSnapshots(page), after);
    expect(await page.locator('nav .tab[data-dump]').allTextContents()).toEqual(['before: before.json', 'after: after.json.gz']);
    expect(requests).toEqual([emptyPage]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('drag-and-drop: .json and .json.gz files dropped on the page', async () => {
    const { page, errors } = await newPage();
    await page.goto(emptyPage);
    await settled(page, 'empty');
    const drop = (files: Array<{ name: string; b64: string }>) =>
      page.evaluate((list) => {
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
        document.querySelector('main')!.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, files);
    expect(await opened(page, () => drop([{ name: 'dropped.json.gz', b64: gzipSync(JSON.stringify(before)).toString('base64') }]))).toBe('ready');
    expectOverviewMatches(await readSnapshots(page), before);
    const both = [
      { name: 'a.json', b64: Buffer.from(JSON.stringify(before)).toString('base64') },
      { name: 'b.json', b64: Buffer.from(JSON.stringify(after)).toString('base64') },
    ];
    expect(await opened(page, () => drop(both))).toBe('ready');
    expect(await viewOf(page)).toBe('overview');
    expect(await page.locator('nav .tab.active[data-dump]').getAttribute('data-dump')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('bad files: malformed, truncated (.json and .json.gz), foreign: a clear message naming the file', async () => {
    const text = JSON.stringify(before);
    const cases: Array<[string, Buffer | string]> = [
      ['malformed.json', text.replace('"snapshots":[', '"snapshots":[}')],
      ['truncated.json', text.slice(0, Math.floor(text.length / 2))],
      ['truncated.json.gz', gzipSync(text).subarray(0, 2000)],
      ['foreign.json', JSON.stringify({ hello: 'world' })],
      ['corrupt.json', JSON.stringify({ ...before, names: 'x' })],
    ];
    const { page, errors } = await newPage();
    await page.goto(emptyPage);
    await settled(page, 'empty');
    for (const [name, body] of cases) {
      writeFileSync(join(dir, name), body);
      expect(await opened(page, () => page.setInputFiles('#file-input', join(dir, name)))).toBe('error');
      const msg = (await page.locator('#error').textContent()) ?? '';
      expect(msg.startsWith(`Could not open ${name}: `), msg).toBe(true);
      if (!name.endsWith('.gz')) {
        let expected = '';
        try {
          loadDump(typeof body === 'string' ? body : body.toString('utf8'));
        } catch (e) {
          expected = (e as Error).message;
        }
        expect(msg).toBe(`Could not open ${name}: ${expected}`);
      } else {
        expect(msg).toMatch(/truncated or corrupt heapcensus dump: the gzip data cannot be decompressed/);
      }
      if (name === 'malformed.json') await shot(page, { path: join(SHOTS, 'error.png') });
    }
    // The welcome page stays, nothing half-drawn.
    expect(await page.locator('.welcome').count()).toBe(1);
    expect(await page.locator('.overview, .compare, .classpage').count()).toBe(0);
    // A good file after a bad one clears the message.
    expect(await opened(page, () => page.setInputFiles('#file-input', join(dir, 'before.json')))).toBe('ready');
    expect(await page.locator('#error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('embedded data: writeReport pages carry it gzipped, with the names given; damaged base64 or gzip shows a clear message', async () => {
    const named = await newPage();
    await named.page.goto(await reportFile('named.html', [before, after], ['run-1.json.gz', 'run-2.json.gz']));
    await settled(named.page, 'ready');
    expect(await named.page.locator('[data-dump]').allTextContents()).toEqual(['before: run-1.json.gz', 'after: run-2.json.gz']);
    await named.page.click('[data-nav=compare]');
    await shows(named.page, 'compare');
    expect(await named.page.locator('.compare').textContent()).toContain('run-1.json.gz');
    expect(named.errors).toEqual([]);
    await named.page.close();

    const good = readFileSync(await writeReport([before], join(dir, 'embedded-good.html')), 'utf8');
    const at = good.indexOf(GZIP_DATA_OPEN) + GZIP_DATA_OPEN.length;
    const end = good.indexOf('</script>', at);
    const b64 = good.slice(at, end);
    expect(b64.length).toBeLessThan(JSON.stringify(before).length / 4);
    const cases: Array<[string, string, RegExp]> = [
      ['not-base64.html', `${b64.slice(0, 100)}!!!${b64.slice(100)}`, /not valid base64/],
      ['cut-gzip.html', b64.slice(0, Math.floor(b64.length / 8) * 4), /the embedded gzip data cannot be decompressed/],
    ];
    for (const [name, body, why] of cases) {
      writeFileSync(join(dir, name), `${good.slice(0, at)}${body}${good.slice(end)}`);
      const { page, errors } = await newPage();
      await page.goto(pathToFileURL(join(dir, name)).href);
      await settled(page, 'error');
      const msg = (await page.locator('#error').textContent()) ?? '';
      expect(msg, name).toMatch(/^Could not open (corrupt|truncated or corrupt) heapcensus dump: the embedded /);
      expect(msg, name).toMatch(why);
      expect(errors, name).toEqual([]);
      await page.close();
    }
  });

  it('malicious dump: markup and script in every string run nothing, no request leaves the page', async () => {
    const evil = await evilDump();
    // Both ways data is embedded: gzip + base64 (writeReport, the CLI) and escaped JSON (openReport).
    const html = readFileSync(new URL(await reportFile('evil.html', [evil, evil], [EVIL, EVIL])), 'utf8');
    const plain = embedDumps(readFileSync(join(process.cwd(), 'dist', 'report.html'), 'utf8'), [evil, evil], { names: [EVIL, EVIL] });
    writeFileSync(join(dir, 'evil-plain.html'), plain);
    const server: StaticServer = await serveStatic(dir);
    try {
      for (const name of ['evil.html', 'evil-plain.html']) for (const url of [pathToFileURL(join(dir, name)).href, `${server.origin}/${name}`]) {
        const { page, requests, errors } = await newPage();
        await page.goto(url);
        await settled(page, 'ready');
        // Visit every view: compare, overview of each dump, each class page with an instance, its tree, traces, lifetimes.
        await page.click('[data-nav=compare]');
        await shows(page, 'compare');
        await page.click('[data-nav=overview]');
        await shows(page, 'overview');
        const classes = await page.locator('[data-class-link]').count();
        expect(classes).toBeGreaterThan(1);
        for (let i = 0; i < classes; i++) {
          await page.locator('[data-class-link]').nth(i).click();
          await shows(page, 'class');
          if ((await page.locator('.vrow').count()) > 0) await page.locator('.vrow').first().click();
          for (let k = 0; k < 100 && (await page.locator('.toggle[aria-expanded=false]').count()) > 0; k++) await page.locator('.toggle[aria-expanded=false]').first().click();
          for (const s of await page.locator('details').all()) await s.evaluate((d) => ((d as HTMLDetailsElement).open = true));
          if ((await page.locator('.vrow').count()) > 0 && (await page.locator('.traces').count()) > 0) await shot(page, { path: join(SHOTS, 'malicious-class.png'), fullPage: true });
          await page.click('[data-nav=lifetime]');
          await shows(page, 'lifetime');
          await page.locator('canvas.lt-canvas').hover();
        }
        await page.locator('[data-dump="0"]').click();
        await shows(page, 'overview', 'dump=0');
        await shot(page, { path: join(SHOTS, 'malicious-overview.png'), fullPage: true });
        await page.mouse.move(600, 300);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
        // The payload is on the page as text, and no element it describes exists.
        expect(await page.locator('body').textContent()).toContain('<script>window.__pwned=1</script>');
        expect(await page.locator('img, svg[onload], [onerror]').count()).toBe(0);
        expect(await page.evaluate(() => document.scripts.length)).toBe(2);
        expect(requests).toEqual([url]);
        expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
        await page.close();
      }
      expect(server.requests).toEqual(['/evil.html', '/evil-plain.html']);
    } finally {
      await server.close();
    }
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(plain.match(/<script/g)).toHaveLength(2);
    expect(plain).toContain('\\u003cscript>');
    expect(EVIL).toContain('<script>');
  });

  it('openReport (browser): opens the report in a new tab from a Blob URL with the live data embedded', async () => {
    const { rollup } = await import('rollup');
    const { reportHtmlModule } = (await import('../../rollup.config.mjs')) as unknown as { reportHtmlModule: () => import('rollup').Plugin };
    const bundle = await rollup({ input: join(process.cwd(), 'build/platform/browser/openReport.js'), plugins: [reportHtmlModule()] });
    const { output } = await bundle.generate({ format: 'iife', name: 'hcOpen' });
    await bundle.close();
    const code = output[0].code;
    expect(code.length).toBeGreaterThan(readFileSync(join(process.cwd(), 'dist', 'report.html'), 'utf8').length);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>app</title><p>app under test</p>');
    await page.addScriptTag({ content: code });
    const popup = context.waitForEvent('page');
    await page.evaluate((dumps) => (globalThis as unknown as { hcOpen: { openReport(d: unknown[]): void } }).hcOpen.openReport(dumps), [before, after]);
    const report = await popup;
    expect(report.url()).toMatch(/^blob:/);
    await settled(report, 'ready');
    expect(await viewOf(report)).toBe('overview');
    expect(await report.evaluate(() => window.opener)).toBeNull();
    expectOverviewMatches(await readSnapshots(report), after);
    await report.click('[data-dump="0"]');
    await shows(report, 'overview', 'dump=0');
    expectOverviewMatches(await readSnapshots(report), before);
    await report.click('[data-dump="1"]');
    await shows(report, 'overview', 'dump=1');
    expectOverviewMatches(await readSnapshots(report), after);
    await context.close();
  });

  it('100k instances: the table is virtualised (few DOM rows) and scrolls to the end', async () => {
    const { page, errors } = await newPage();
    await page.goto(await reportFile('big.html', [bigDump(100_000, 2, 1)]));
    await settled(page, 'ready');
    await page.click('[data-class-link="app.Row"]');
    await shows(page, 'class');
    expect(await page.locator('[data-field=shown]').textContent()).toBe('100000 instances');
    const rowsAt = async (top: number) => {
      await page.locator('.vscroll').evaluate((el, t) => {
        el.scrollTop = t;
        el.dispatchEvent(new Event('scroll'));
      }, top);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return page.locator('.vrow').count();
    };
    for (const top of [0, 50_000, 1_300_000, 10_000_000]) expect(await rowsAt(top)).toBeLessThan(40);
    // At the bottom, the last instance in size order is drawn.
    const ids = await page.locator('.vrow').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset['id'])));
    expect(ids.length).toBeGreaterThan(10);
    await shot(page, { path: join(SHOTS, 'big-class.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
