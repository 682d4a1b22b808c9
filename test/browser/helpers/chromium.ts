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

/** Launches /usr/bin/chromium through playwright-core (never a downloaded browser). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A fresh context with downloads accepted; close it (or the browser) when done. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
}
