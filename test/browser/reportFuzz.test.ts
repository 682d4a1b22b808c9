/**
 * A bounded fuzz of dist/report.html in Chromium: 30 randomly damaged or extreme dumps (fixed
 * seed), opened with the file picker one at a time (every fifth as the "after" of a comparison).
 * Each must end in the data drawn or a clear error element, never a blank page, a page
 * error or a view that disagrees with loadDump. The malicious-dump test lives in report.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDump, type Dump } from '../../platform/node/index.js';
import { launchChromium } from './helpers/chromium.js';
import { opened, settled } from './helpers/reportPage.js';
import { sdkDumps } from './helpers/reportDumps.js';

const CASES = 30;
const SEED = 20_251_125;
const emptyPage = pathToFileURL(join(process.cwd(), 'dist', 'report.html')).href;

let browser: Browser;
let dir = '';
let base: Dump;
let baseText = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-reportfuzz-'));
  base = (await sdkDumps()).before;
  baseText = JSON.stringify(base);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

type Path = Array<string | number>;
function leaves(v: unknown, base: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...base, i], out));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], [...base, k], out);
  else out.push(base);
  return out;
}
function edit(root: unknown, path: Path, f: (parent: Record<string | number, unknown>, key: string | number) => void): void {
  let o = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]!] as Record<string | number, unknown>;
  f(o, path[path.length - 1]!);
}

type Damage =
  | { kind: 'cut'; f: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'value'; leaf: number; value: unknown }
  | { kind: 'drop'; leaf: number };

const extremes = fc.constantFrom<unknown>(
  0, -1, 1e308, 2 ** 53, 5e-324, -0, 1.5, '', '__proto__', 'constructor', '\u202egnol'.repeat(50), '😀'.repeat(300), 'x'.repeat(20_000),
  '<b>bold</b>', null, true, [], {}, [['.a', 1, 1, []]],
);
const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((f) => ({ kind: 'cut' as const, f })),
  fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }).map((d) => ({ kind: 'flip' as const, ...d })),
  fc.record({ leaf: fc.nat(), value: extremes }).map((d) => ({ kind: 'value' as const, ...d })),
  fc.record({ leaf: fc.nat(), value: extremes }).map((d) => ({ kind: 'value' as const, ...d })),
  fc.nat().map((leaf) => ({ kind: 'drop' as const, leaf })),
);

function damaged(d: Damage): Uint8Array {
  let text = baseText;
  if (d.kind === 'cut') text = baseText.slice(0, Math.floor(d.f * baseText.length));
  if (d.kind === 'value' || d.kind === 'drop') {
    const obj = JSON.parse(baseText) as unknown;
    const all = leaves(obj);
    const path = all[d.leaf % all.length]!;
    edit(obj, path, (parent, key) => {
      if (d.kind === 'value') parent[key] = d.value;
      else if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    });
    text = JSON.stringify(obj);
  }
  const bytes = new TextEncoder().encode(text);
  if (d.kind === 'flip') bytes[d.at % bytes.length] = bytes[d.at % bytes.length]! ^ (1 << d.bit);
  return bytes;
}

describe('report page fuzz', () => {
  it(`${CASES} damaged or extreme dumps: the data or a clear error element, never a blank page or a page error`, async () => {
    const cases = fc.sample(fc.tuple(damageArb, fc.boolean()), { seed: SEED, numRuns: CASES });
    const good = join(dir, 'good.json');
    writeFileSync(good, baseText);
    const outcomes = { ready: 0, error: 0, viewErrors: 0 };
    for (let i = 0; i < cases.length; i++) {
      const [damage, gz] = cases[i]!;
      const bytes = damaged(damage);
      const name = `case${i}.json${gz ? '.gz' : ''}`;
      writeFileSync(join(dir, name), gz ? gzipSync(bytes) : bytes);
      let nodeError: string | undefined;
      try {
        loadDump(bytes);
      } catch (e) {
        nodeError = (e as Error).message;
      }
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      await page.goto(emptyPage);
      const compare = i % 5 === 4;
      const state = await opened(page, () => page.setInputFiles('#file-input', compare ? [good, join(dir, name)] : join(dir, name)));
      const label = `case ${i} (${JSON.stringify(damage).slice(0, 120)}, gz=${gz})`;
      if (nodeError === undefined) {
        expect(state, label).toBe('ready');
        outcomes.ready++;
        // Every view of it draws: overview, each of the first classes, compare when two.
        const views = ['overview'];
        if (compare) views.push('compare');
        for (const v of views) {
          await page.click(`[data-nav=${v}]`);
          expect(await settled(page), label).toBe('ready');
        }
        const links = Math.min(3, await page.locator('[data-class-link]').count());
        for (let k = 0; k < links; k++) {
          await page.locator('[data-class-link]').nth(k).click();
          expect(await settled(page), label).toBe('ready');
          if ((await page.locator('.vrow').count()) > 0) await page.locator('.vrow').first().click();
        }
        outcomes.viewErrors += await page.locator('[data-error=view]').count();
        expect((await page.locator('main').innerText()).trim().length, label).toBeGreaterThan(0);
      } else {
        expect(state, label).toBe('error');
        outcomes.error++;
        const msg = (await page.locator('#error').textContent()) ?? '';
        expect(msg, label).toMatch(new RegExp(`^Could not open ${name.replace(/\./g, '\\.')}: \\S`));
        if (!gz) expect(msg, label).toBe(`Could not open ${name}: ${nodeError}`);
        // Nothing half-drawn.
        expect(await page.locator('.overview, .compare, .classpage').count(), label).toBe(0);
      }
      expect(pageErrors, label).toEqual([]);
      await page.close();
    }
    console.log('report fuzz outcomes', JSON.stringify(outcomes));
    expect(outcomes.ready + outcomes.error).toBe(CASES);
    expect(outcomes.viewErrors).toBe(0);
    expect(outcomes.ready).toBeGreaterThan(0);
    expect(outcomes.error).toBeGreaterThan(0);
  });
});
