import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { embedDumps, GZIP_DATA_OPEN, REPORT_DATA_SLOT } from '../../src/dump/embedDumps.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { writeReport } from '../../platform/node/writeReport.js';
import { embeddedDumps, embeddedNames, slotText } from './helpers/embedded.js';
import { makeDump } from './helpers/makeDump.js';

const EVIL = '</script><script>window.__pwned=1</script><!--<script>';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-report-'));
});

const gzipBase64 = (text: string): string => gzipSync(text).toString('base64');

describe('embedDumps', () => {
  const page = `<html><body>${REPORT_DATA_SLOT}<script>app()</script></body></html>`;

  test('stamps one or two dumps as a JSON array, every < escaped', () => {
    const d = makeDump({ instances: [{ name: EVIL, preview: EVIL }], snapshots: [{ label: EVIL, sizes: { 1: 10 } }] });
    const html = embedDumps(page, [d, d]);
    const text = slotText(html);
    expect(text).not.toContain('<');
    expect(text).toContain('\\u003c/script>');
    const back = JSON.parse(text) as unknown[];
    expect(back).toHaveLength(2);
    expect(loadDump(JSON.stringify(back[0])).snapshots[0]!.label).toBe(EVIL);
    // Only the page's own two script elements remain.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.endsWith('<script>app()</script></body></html>')).toBe(true);
  });

  test('escapes U+2028 and U+2029 too', () => {
    const d = makeDump({ snapshots: [{ label: 'a\u2028b\u2029c' }] });
    const text = slotText(embedDumps(page, [d]));
    expect(text).toContain('a\\u2028b\\u2029c');
    expect((JSON.parse(text) as Array<{ snapshots: Array<{ label: string }> }>)[0]!.snapshots[0]!.label).toBe('a\u2028b\u2029c');
  });

  test('with gzipBase64: the dumps compressed and base64-encoded, in a slot of type application/gzip', () => {
    const d = makeDump({ instances: Array.from({ length: 200 }, () => ({ name: EVIL, preview: EVIL })), snapshots: [{ label: EVIL, sizes: { 1: 10 } }] });
    const plain = embedDumps(page, [d]);
    const html = embedDumps(page, [d], { gzipBase64 });
    expect(html.length).toBeLessThan(plain.length / 5);
    expect(slotText(html)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(html).toContain(GZIP_DATA_OPEN);
    expect(embeddedDumps(html)).toEqual(embeddedDumps(plain));
    expect(html.match(/<script/g)).toHaveLength(2);
    // Only base64 may reach the page, whatever the callback returns.
    expect(() => embedDumps(page, [d], { gzipBase64: () => '</script><script>x()</script>' })).toThrow(/base64/);
  });

  test('with names: { names, dumps }, one name per dump or an error', () => {
    const d = makeDump();
    const html = embedDumps(page, [d, d], { names: ['before.json', EVIL] });
    expect(embeddedNames(html)).toEqual(['before.json', EVIL]);
    expect(embeddedDumps(html)).toHaveLength(2);
    expect(slotText(html)).not.toContain('<');
    expect(() => embedDumps(page, [d, d], { names: ['one'] })).toThrow(/one string per dump/);
    expect(() => embedDumps(page, [d], { names: [7 as unknown as string] })).toThrow(/one string per dump/);
  });

  test('rejects zero or three dumps and a page without the slot', () => {
    const d = makeDump();
    expect(() => embedDumps(page, [])).toThrow(/one or two dumps/);
    expect(() => embedDumps(page, [d, d, d])).toThrow(/one or two dumps/);
    expect(() => embedDumps('<html></html>', [d])).toThrow(/data slot/);
    expect(() => embedDumps(embedDumps(page, [d]), [d])).toThrow(/data slot/);
  });
});

describe('writeReport', () => {
  test('writes dist/report.html with the dumps embedded (gzip + base64), atomically, and resolves to the absolute path', async () => {
    const d = makeDump({ instances: [{ name: EVIL }], snapshots: [{ label: EVIL, sizes: { 1: 10 } }], marks: [{ name: EVIL, time: 5 }] });
    const path = await writeReport([d], join(dir, 'r.html'));
    expect(path).toBe(join(dir, 'r.html'));
    const html = readFileSync(path, 'utf8');
    const page = readFileSync(join(process.cwd(), 'dist', 'report.html'), 'utf8');
    expect(html.length).toBeGreaterThan(page.length);
    expect(html).toContain("Content-Security-Policy");
    // The page's own script is unchanged, so its CSP hash still matches.
    expect(html.slice(html.indexOf('</script>', html.indexOf('heapcensus-data')))).toBe(page.slice(page.indexOf('</script>', page.indexOf('heapcensus-data'))));
    expect(html).not.toContain('window.__pwned=1</script>');
    expect((embeddedDumps(html) as Array<{ marks: Array<{ name: string }> }>)[0]!.marks[0]!.name).toBe(EVIL);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a failed write leaves no file and names the target', async () => {
    const target = join(dir, 'missing-folder', 'r.html');
    await expect(writeReport([makeDump()], target)).rejects.toThrow(/writeReport: could not write .*missing-folder/);
    expect(existsSync(target)).toBe(false);
    await expect(writeReport([makeDump()], '')).rejects.toThrow(TypeError);
  });
});

describe('report/ sources', () => {
  test('never set markup from data and import only src/ (never platform/)', () => {
    const dir = join(process.cwd(), 'report');
    for (const f of readdirSync(dir).filter((n) => /\.tsx?$/.test(n))) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      expect(text, f).not.toMatch(/from '\.\.\/platform\//);
    }
  });
});
