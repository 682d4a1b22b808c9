import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Flags that keep Debian's Chromium quiet on a machine with no network and no GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // measureUserAgentSpecificMemory resolves in tens of ms instead of waiting for a GC.
  '--enable-blink-features=ForceEagerMeasureMemory',
];

/**
 * Launches /usr/bin/chromium through playwright-core (never a downloaded browser). Its contexts
 * and pages wait without a time limit (playwright's default is 30 s): every wait is for an
 * event, and only vitest's limit, far above any test's time, stops a hung one.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 0 });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(0);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.context().setDefaultTimeout(0);
    page.setDefaultTimeout(0);
    return page;
  };
  return browser;
}

/** A fresh context with downloads accepted; close it (or the browser) when done. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
}
