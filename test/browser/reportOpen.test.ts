/**
 * Progressive open in Chromium: a dump's overview is drawn as soon as it is checked, its rows are
 * checked after it (state 'checking'), the views that show rows wait for them, a bad row found
 * then withdraws the dump with a clear message, and a dump failing its overview checks shows nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigDump } from '../../bench/bigDump.js';
import { loadDump, type Dump } from '../../platform/node/index.js';
import { embedDumps } from '../../src/dump/embedDumps.js';
import { launchChromium } from './helpers/chromium.js';
import { opened, recordingPage, settled } from './helpers/reportPage.js';

let browser: Browser;
let dir = '';
const html = (): string => readFileSync(join(process.cwd(), 'dist', 'report.html'), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-report-open-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A page recording every `data-state/data-view` pair the report takes and whether the "checking" placeholder was ever drawn. */
async function watchedPage(): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await recordingPage(browser);
  await page.addInitScript(() => {
    const w = window as unknown as { __states: string[]; __placeholder: boolean };
    w.__states = [];
    w.__placeholder = false;
    new MutationObserver((records) => {
      const root = document.documentElement;
      const s = `${root.dataset['state'] ?? ''}/${root.dataset['view'] ?? ''}`;
      if (w.__states[w.__states.length - 1] !== s) w.__states.push(s);
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && (n.matches('[data-field=checking]') || n.querySelector('[data-field=checking]') !== null)) w.__placeholder = true;
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-view'] });
  });
  return { page, errors };
}

const states = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

/** The report page with `dumps` embedded gzipped (as writeReport does), written to a file. */
function embedded(name: string, dumps: Dump[]): string {
  const file = join(dir, name);
  writeFileSync(file, embedDumps(html(), dumps, { gzipBase64: (t) => gzipSync(t).toString('base64') }));
  return pathToFileURL(file).href;
}

/** 20,000 instances in 3 snapshots: long row tables (parsed and checked after the overview). */
const dump = (): Dump => bigDump(20_000, 3, 2);

describe('progressive open', () => {
  it('the overview is drawn while the rows are checked; a class view waits for them, then shows every instance', async () => {
    const url = embedded('good.html', [dump()]);
    const { page, errors } = await watchedPage();
    await page.goto(url);
    expect(await settled(page)).toBe('ready');
    const seen = await states(page);
    expect(seen.indexOf('checking/overview'), seen.join(' ')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('checking/overview')).toBeLessThan(seen.indexOf('ready/overview'));
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks.filter((m) => m.startsWith('heapcensus:'))).toEqual(['heapcensus:read', 'heapcensus:overview-checked', 'heapcensus:rows-checked']);

    // Opened straight on a class page: the placeholder first (no instance row is shown unchecked), then the table.
    const direct = await watchedPage();
    await direct.page.goto(`${url}#view=class&dump=0&class=app.Row`);
    expect(await settled(direct.page)).toBe('ready');
    expect(await direct.page.evaluate(() => (window as unknown as { __placeholder: boolean }).__placeholder)).toBe(true);
    expect(await states(direct.page)).toEqual(expect.arrayContaining(['checking/class', 'ready/class']));
    expect(await direct.page.locator('[data-field=checking]').count()).toBe(0);
    expect(await direct.page.locator('[data-field=shown]').textContent()).toBe('10000 instances');
    expect([...errors, ...direct.errors]).toEqual([]);
    await page.close();
    await direct.page.close();
  });

  it('a bad size row found after the overview was drawn: the dump is withdrawn and the message names the row', async () => {
    const bad = dump();
    bad.snapshots[2]!.sizes.rows[3 * 15_000 + 1] = -5;
    const expected = (() => {
      try {
        loadDump(JSON.stringify(bad));
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('the bad dump loaded');
    })();
    expect(expected).toMatch(/snapshots\[2\]\.sizes\.rows\[45001\]: expected a byte count, got -5/);
    const { page, errors } = await watchedPage();
    await page.goto(embedded('bad-row.html', [bad]));
    expect(await settled(page)).toBe('error');
    expect(await page.locator('#error').textContent()).toBe(`Could not open embedded dump: ${expected}`);
    // It was shown as an overview while checking, and nothing of it is left now.
    const seen = await states(page);
    expect(seen, seen.join(' ')).toContain('checking/overview');
    expect(seen[seen.length - 1]).toBe('error/none');
    expect(await page.locator('aside, .overview, .classpage').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a dump failing the overview checks shows nothing of itself', async () => {
    const bad = dump();
    (bad.snapshots[1]!.classes['app.Cell'] as { bytes: unknown }).bytes = 'many';
    const { page, errors } = await watchedPage();
    await page.goto(embedded('bad-figure.html', [bad]));
    expect(await settled(page)).toBe('error');
    expect(await page.locator('#error').textContent()).toMatch(/^Could not open embedded dump: corrupt heapcensus dump: snapshots\[1\]\.classes\["app\.Cell"\]\.bytes: expected a byte count, got "many"$/);
    const seen = await states(page);
    // Before the app starts (no state) and its error: no other state, no view.
    expect(seen.filter((s) => s !== '/' && s !== 'error/none'), seen.join(' ')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('file picker: a file with a bad instance row leaves the dump shown before and names the file and the row', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(dump()));
    const bad = dump();
    bad.instances.rows[7 * 12_345 + 1] = 7; // name index out of range
    const badFile = join(dir, 'bad-row.json.gz');
    writeFileSync(badFile, gzipSync(JSON.stringify(bad)));
    const { page, errors } = await recordingPage(browser);
    await page.goto(pathToFileURL(join(process.cwd(), 'dist', 'report.html')).href);
    await settled(page, 'empty');
    expect(await opened(page, () => page.setInputFiles('#file-input', good))).toBe('ready');
    expect(await opened(page, () => page.setInputFiles('#file-input', badFile))).toBe('error');
    expect(await page.locator('#error').textContent()).toBe('Could not open bad-row.json.gz: corrupt heapcensus dump: instances.rows[86416]: name of instance row 12345: expected an index into names (0..1), got 7');
    // The good dump is shown again, whole: its class page opens.
    expect(await page.locator('header').textContent()).toContain('good.json');
    expect(await page.locator('.overview').count()).toBe(1);
    await page.click('[data-class-link="app.Row"]');
    await page.waitForFunction(() => document.querySelector('[data-field=shown]') !== null);
    expect(await page.locator('[data-field=shown]').textContent()).toBe('10000 instances');
    expect(errors).toEqual([]);
    await page.close();
  });
});
