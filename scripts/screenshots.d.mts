import type { Browser } from 'playwright-core';
import type { Dump } from '../platform/node/index.js';

/** The views pictured: file name and what it shows. */
export const VIEWS: ReadonlyArray<readonly [file: string, what: string]>;

/** Screenshots each view of a report of `dumps` at 1280x800 into `outDir`; resolves to the PNG paths. */
export function takeScreenshots(browser: Browser, options: { dumps: Dump[]; names?: string[]; outDir: string; workDir: string }): Promise<string[]>;
