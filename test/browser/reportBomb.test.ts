/**
 * The report page against gzip bombs (issue 16, round two): a .json.gz that inflates to 1 GiB,
 * picked in the file picker or embedded in the page, must end in the page's error message naming
 * the size limit, not a hang or a crashed tab; the page stays usable. Bombs are built at test
 * time; the waits below only bound a failure, they decide nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedDumps } from '../../src/dump/embedDumps.js';
import { gzipBomb } from '../unit/helpers/gzipBomb.js';
import { makeDump } from '../unit/helpers/makeDump.js';
import { launchChromium } from './helpers/chromium.js';
import { opened, settled } from './helpers/reportPage.js';

let browser: Browser;
let dir = '';
const reportPath = join(process.cwd(), 'dist', 'report.html');
const emptyPage = pathToFileURL(reportPath).href;
const dump = makeDump({ instances: [{ name: 'Foo' }], snapshots: [{ label: 's', sizes: { 1: 10 } }] });
const TOO_LARGE = 'heapcensus dump too large: the gzip data inflates to more than 256.00 MB, the limit';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-report-bomb-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the report and gzip bombs', () => {
  it('file picker: a 1 GiB bomb shows the size-limit error; a good dump opens after it', async () => {
    writeFileSync(join(dir, 'bomb.json.gz'), gzipBomb(1024, { prefix: JSON.stringify(dump) }));
    writeFileSync(join(dir, 'good.json.gz'), gzipSync(JSON.stringify(dump)));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(emptyPage);
    await settled(page, 'empty');
    expect(await opened(page, () => page.setInputFiles('#file-input', join(dir, 'bomb.json.gz')))).toBe('error');
    expect(await page.locator('#error').textContent()).toContain(`Could not open bomb.json.gz: ${TOO_LARGE}`);
    expect(await opened(page, () => page.setInputFiles('#file-input', join(dir, 'good.json.gz')))).toBe('ready');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('embedded data: a bomb in the gzip slot shows the same error', async () => {
    const bomb = Buffer.from(gzipBomb(1024, { prefix: JSON.stringify([dump]) })).toString('base64');
    const html = embedDumps(readFileSync(reportPath, 'utf8'), [dump], { gzipBase64: () => bomb });
    writeFileSync(join(dir, 'embedded-bomb.html'), html);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'embedded-bomb.html')).href);
    await settled(page, 'error');
    expect(await page.locator('#error').textContent()).toContain('heapcensus dump too large: the embedded gzip data inflates to more than 256.00 MB, the limit');
    await page.close();
  });
});
