import { gunzip } from './gunzip.js';
import type { Platform } from '../../src/platform.js';
import { memoryTotal, preciseTotal } from './memoryTotal.js';
import { saveDump } from './saveDump.js';
import { yieldToHost } from './yieldToHost.js';

let platform: Platform | undefined;

/** Chromium's major version from the user agent (`Chrome/`, `HeadlessChrome/`, `Chromium/`) (its V8 is that version / 10), where it says one. */
function chromiumVersion(): { v8Version?: number } {
  const m = typeof navigator === 'object' ? /Chrom(?:e|ium)\/(\d+)\./.exec(navigator.userAgent) : null;
  return m ? { v8Version: Number(m[1]) } : {};
}

/** The browser adapter (one per page): performance clock, memory totals, gunzip, TextDecoder, downloads, timers and time-slicing. */
export function browserPlatform(): Platform {
  return (platform ??= {
    name: 'browser',
    now: () => performance.now(),
    // Chrome builds V8 with pointer compression: tagged fields are 4 bytes.
    taggedSize: 4,
    ...chromiumVersion(),
    runtime: typeof navigator === 'object' ? navigator.userAgent : 'browser',
    memoryTotal,
    preciseTotal,
    gunzip,
    decodeUtf8: (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    save: saveDump,
    setInterval(fn: () => void, ms: number) {
      const t = setInterval(fn, ms);
      return () => clearInterval(t);
    },
    setTimeout(fn: () => void, ms: number) {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    yieldToHost,
    print: (text: string) => console.log(text),
    onError: (error: unknown) => console.warn('[heapcensus]', error),
  });
}
