import { Sizer, type Sized, type SizerOptions } from './Sizer.js';

/**
 * Deep size in bytes of `value` and everything reachable from it (tracked or not), with a
 * fresh seen-set, by V8's layout rules for the given tagged width. Never runs user code.
 */
export function sizeOf(value: unknown, opts: SizerOptions): number {
  return new Sizer(opts).measure(value).size;
}

/**
 * Like `sizeOf`, also returning `flat` and, for `detail` > 0, the referent tree that many
 * levels deep (`refs`) and a preview of `value`.
 */
export function asized(value: unknown, opts: SizerOptions & { detail?: number }): Sized {
  const { detail = 0, ...rest } = opts;
  return new Sizer(rest).measure(value, detail);
}
