import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACKER_VERSION, isSharedDefault, sharedDefault } from '../../src/sharedDefault.js';

/**
 * The per-process default tracker registry (the dual-package fix). test/unit/packed.test.ts proves
 * it across the real ESM and CJS builds; this checks the registry's own rules.
 */
describe('sharedDefault', () => {
  it('the first copy makes the default; later copies of the same platform and version get that one', () => {
    let made = 0;
    const make = () => ({ n: ++made });
    const a = sharedDefault('unit-a', make);
    const b = sharedDefault('unit-a', make);
    expect(b).toBe(a);
    expect(made).toBe(1);
    expect(isSharedDefault('unit-a', a)).toBe(true);
    expect(isSharedDefault('unit-a', { n: 1 })).toBe(false);
    expect(isSharedDefault('unit-b', a)).toBe(false);
  });

  it('platforms do not share, and a default registered by another version is not used', () => {
    const slot = (globalThis as unknown as Record<symbol, Record<string, object>>)[Symbol.for('heapcensus.defaultTracker')]!;
    const foreign = { from: 'another version' };
    slot[`unit-c@${DEFAULT_TRACKER_VERSION + 1}`] = foreign;
    const mine = sharedDefault('unit-c', () => ({ from: 'this version' }));
    expect(mine).toEqual({ from: 'this version' });
    expect(sharedDefault('unit-d', () => ({}))).not.toBe(mine);
    expect(Object.getOwnPropertyDescriptor(globalThis, Symbol.for('heapcensus.defaultTracker'))).toMatchObject({ enumerable: false, writable: false, configurable: false });
  });
});
