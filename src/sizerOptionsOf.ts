import type { Platform } from './platform.js';
import type { SizerOptions } from './sizer/index.js';

/**
 * One platform's sizer options, made once: `isProxy` bound once, since the sizer's optimized
 * code calls it and a function bound afresh per snapshot or `sizeOf` made that code deoptimize
 * when the previous one was collected ("weak objects").
 */
const made = new WeakMap<Platform, Readonly<SizerOptions>>();

/** The sizer options a platform gives (tagged width, V8 version, `isProxy` bound to it): the same object on every call. */
export function sizerOptionsOf(platform: Platform): Readonly<SizerOptions> {
  let opts = made.get(platform);
  if (opts === undefined) {
    const o: SizerOptions = { taggedSize: platform.taggedSize };
    if (platform.v8Version !== undefined) o.v8Version = platform.v8Version;
    if (platform.isProxy !== undefined) o.isProxy = platform.isProxy.bind(platform);
    made.set(platform, (opts = o));
  }
  return opts;
}
