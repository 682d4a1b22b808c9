/**
 * heapcensus/playwright: leak checks of a page driven by Playwright (Chromium), from a test in
 * `@playwright/test`, vitest or a plain script with `playwright-core`.
 * @example
 * import { findPageLeaks } from 'heapcensus/playwright';
 * const result = await findPageLeaks(page, async () => { await page.click('#open'); await page.click('#close'); });
 * expect(result.ok, String(result)).toBe(true);
 */
export { findPageLeaks, type PageLeakOptions } from './findPageLeaks.js';
export type { LeakResult, ClassLeak } from '../../src/leaks/LeakResult.js';
export type { LeakScenario, LeakSample } from '../../src/leaks/runLeakCheck.js';
