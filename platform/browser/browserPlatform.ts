import type { Platform } from '../../src/platform.js';
import { memoryTotal, preciseTotal } from './memoryTotal.js';
import { saveDump } from './saveDump.js';

let platform: Platform | undefined;

/** The browser adapter: performance clock, memory totals, downloads, timers and time-slicing. */
export function browserPlatform(): Platform {
  return (platform ??= {
    name: 'browser',
    now: () => performance.now(),
    // Chrome builds V8 with pointer compression: tagged fields are 4 bytes.
    taggedSize: 4,
    runtime: typeof navigator === 'object' ? navigator.userAgent : 'browser',
    memoryTotal,
    preciseTotal,
    save: saveDump,
    setInterval(fn: () => void, ms: number) {
      const t = setInterval(fn, ms);
      return () => clearInterval(t);
    },
    yieldToHost: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
    print: (text: string) => console.log(text),
    onError: (error: unknown) => console.warn('[heapcensus]', error),
  });
}
