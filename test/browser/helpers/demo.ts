import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureDemo } from '../../../demo/browser/build.mjs';
import { newContext } from './chromium.js';
import { serveStatic, type StaticServer } from './serve.js';

/** The demo page compiled with standard (TC39) or legacy (experimentalDecorators) decorators. */
export type DecoratorMode = 'standard' | 'legacy';

/** Builds the demo (demo/browser/build.mjs) unless it is up to date; resolves to its folder. */
export const buildDemo = (): Promise<string> => ensureDemo();

/** A demo page and what went wrong on it: uncaught errors, console errors and SDK warnings. */
export interface DemoPage {
  page: Page;
  problems: string[];
}

/** Serves the built demo, cross-origin isolated or not. */
export async function serveDemo(isolated: boolean): Promise<StaticServer> {
  return serveStatic(await buildDemo(), { isolated });
}

/** Opens the demo (one mode) in a fresh context and waits until `heapcensus` and `editor` are on the page. */
export async function openDemo(browser: Browser, server: StaticServer, mode: DecoratorMode = 'standard'): Promise<DemoPage> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && m.text().includes('[heapcensus]'))) problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${server.origin}/${mode}/`);
  await page.waitForFunction(() => 'heapcensus' in globalThis && 'editor' in globalThis);
  return { page, problems };
}

/** Saves a screenshot to test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(process.cwd(), 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
