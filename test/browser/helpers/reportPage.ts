/** Waiting on the report page: its root element's `data-state`, `data-view` and `data-opens`. */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/**
 * The report's state now: 'empty', 'loading', 'checking' (an overview drawn, its rows still being
 * checked), 'ready' or 'error' (undefined before the app starts).
 */
export const stateOf = (page: Page): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset['state']);

/**
 * Waits until the report is in `state` (or, without one, in any state but 'loading', 'checking' and 'empty'),
 * then two frames (charts paint in the next frame). Resolves to the state reached.
 */
export async function settled(page: Page, state?: string): Promise<string> {
  await page.waitForFunction((want) => {
    const s = document.documentElement.dataset['state'];
    return want === undefined ? s !== undefined && s !== 'loading' && s !== 'checking' && s !== 'empty' : s === want;
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

/** The view the report shows now (its root's `data-view`). */
export const viewOf = (page: Page): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset['view']);

/**
 * Waits until the report is 'ready' and shows `view` (after a click, Back, Forward or a new hash:
 * the state stays 'ready' across views, so waiting on it alone would return at once), then two frames.
 * With `hash`, also until the URL's hash contains it.
 */
export async function shows(page: Page, view: string, hash?: string): Promise<void> {
  await page.waitForFunction(
    ([v, h]) => document.documentElement.dataset['state'] === 'ready' && document.documentElement.dataset['view'] === v && (h === null || location.hash.includes(h)),
    [view, hash ?? null] as const,
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** A new 1280x900 page that records its requests, console errors and page errors. */
export async function recordingPage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { page, requests, errors };
}
