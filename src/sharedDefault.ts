/**
 * One default tracker per process (per realm), however heapcensus was loaded: its ESM and CJS
 * builds (`import` and `require` in one Node process, or two copies in one bundle) would each
 * make their own, so a class tracked through one would be invisible to the other. The first copy
 * to load keeps its default tracker in a global slot; later copies of the same platform and
 * version use that one. A copy of another version keeps its own (its tracker may differ in shape).
 */

/** The global slot (a registry symbol, so every copy finds the same one). */
const SLOT = Symbol.for('heapcensus.defaultTracker');

/** Raised when a change makes default trackers of older copies unusable by newer ones. */
export const DEFAULT_TRACKER_VERSION = 1;

type Registry = Record<string, object>;

function registry(): Registry | undefined {
  const g = globalThis as { [SLOT]?: unknown };
  if (!Object.prototype.hasOwnProperty.call(globalThis, SLOT)) {
    Object.defineProperty(globalThis, SLOT, { value: Object.create(null) as Registry, enumerable: false, writable: false, configurable: false });
  }
  const slot = g[SLOT];
  // Something else took the slot: do without sharing rather than trust it.
  return typeof slot === 'object' && slot !== null ? (slot as Registry) : undefined;
}

/** The process's default tracker for `platform` ('node', 'browser'): the one already registered by another copy of this version, else `make()`, registered. */
export function sharedDefault<T extends object>(platform: string, make: () => T): T {
  const slots = registry();
  const key = `${platform}@${DEFAULT_TRACKER_VERSION}`;
  const existing = slots?.[key];
  if (existing !== undefined) return existing as T;
  const made = make();
  if (slots !== undefined) slots[key] = made;
  return made;
}

/** True when `value` is the shared default tracker for `platform` (possibly made by another copy of the package). */
export function isSharedDefault(platform: string, value: unknown): boolean {
  return typeof value === 'object' && value !== null && registry()?.[`${platform}@${DEFAULT_TRACKER_VERSION}`] === value;
}
