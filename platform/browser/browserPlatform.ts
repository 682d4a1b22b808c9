import { gunzip } from './gunzip.js';
import type { Platform } from '../../src/platform.js';
import { memoryTotal, preciseTotal } from './memoryTotal.js';
import { saveDump } from './saveDump.js';
import { yieldToHost } from './yieldToHost.js';

let platform: Platform | undefined;

/** The browser adapter (one per page): performance clock, memory totals, gunzip, downloads, timers and time-slicing. */
export function browserPlatform(): Platform {
  return (platform ??= {
    name: 'browser',
    now: () => performance.now(),
    // Chrome builds V8 with pointer compression: tagged fields are 4 bytes.
    taggedSize: 4,
    runtime: typeof navigator === 'object' ? navigator.userAgent : 'browser',
    memoryTotal,
    preciseTotal,
    gunzip,
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
