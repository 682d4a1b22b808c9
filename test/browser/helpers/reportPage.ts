/** Waiting on the report page: its root element's `data-state`, `data-view` and `data-opens`. */
import type { Page } from 'playwright-core';

/** The report's state now: 'empty', 'loading', 'ready' or 'error' (undefined before the app starts). */
export const stateOf = (page: Page): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset['state']);

/**
 * Waits until the report is in `state` (or, without one, in any state but 'loading' and 'empty'),
 * then two frames (charts paint in the next frame). Resolves to the state reached.
 */
export async function settled(page: Page, state?: string): Promise<string> {
  await page.waitForFunction((want) => {
    const s = document.documentElement.dataset['state'];
    return want === undefined ? s !== undefined && s !== 'loading' && s !== 'empty' : s === want;
  }, state);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return (await stateOf(page))!;
}

/**
 * Runs `act` (a file picked or dropped) and waits until the report has finished opening it: the
 * page counts finished opens, so a second open is not mistaken for the first one's 'ready'.
 * Resolves to the state reached ('ready' or 'error').
 */
export async function opened(page: Page, act: () => Promise<unknown>): Promise<string> {
  const before = Number((await page.evaluate(() => document.documentElement.dataset['opens'])) ?? '0');
  await act();
  await page.waitForFunction((n) => Number(document.documentElement.dataset['opens'] ?? '0') > n, before);
  return settled(page);
}
