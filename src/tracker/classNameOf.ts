import type { Platform } from '../platform.js';

/** The name of an object's class, read from descriptors only (no getters, no traps). */
export function classNameOf(obj: object, platform: Platform): string {
  if (platform.isProxy?.(obj) === true) return 'Proxy';
  try {
    const proto = Object.getPrototypeOf(obj) as object | null;
    if (proto === null || platform.isProxy?.(proto) === true) return 'Object';
    const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    const ctor = d !== undefined && Object.hasOwn(d, 'value') ? (d.value as unknown) : undefined;
    if (typeof ctor === 'function' && platform.isProxy?.(ctor) !== true) {
      const name = Object.getOwnPropertyDescriptor(ctor, 'name')?.value as unknown;
      if (typeof name === 'string' && name !== '') return name;
    }
  } catch {
    // An exotic object: fall through to the generic name.
  }
  return 'Object';
}
