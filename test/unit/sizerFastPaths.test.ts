import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Sizer, asized } from '../../src/sizer/index.js';
import { isProxyOf } from '../../src/tracker/SnapshotRun.js';
import type { RefNode } from '../../src/types.js';
import { fakePlatform } from './helpers/fakePlatform.js';

const isProxy = (v: object) => types.isProxy(v);

/** An object with every kind of own key: indices, strings (one non-enumerable, one accessor), symbols. */
function allKeys(extra = 0): Record<PropertyKey, unknown> {
  const o: Record<PropertyKey, unknown> = { 2: 'two', 0: { zero: 1.5 }, name: 'a name longer than ten', list: [1, 2.5, 'x'] };
  o[Symbol('first')] = { s: 1 };
  Object.defineProperty(o, 'hidden', { value: 'not enumerable but sized', enumerable: false });
  Object.defineProperty(o, 'getter', { get: () => { throw new Error('getter ran'); }, enumerable: true });
  o[Symbol.for('second')] = 2.25;
  o['later'] = new Map([[1, 'one']]);
  for (let i = 0; i < extra; i++) o[`field${i}`] = i % 2 === 0 ? i : `v${i}`;
  return o;
}

const names = (refs: RefNode[] | undefined): string[] => (refs ?? []).map((r) => r.name);

describe('Sizer: the fast key listing (getOwnPropertyNames + getOwnPropertySymbols)', () => {
  // With isProxy the sizer lists keys in two calls; without it (browsers), with Reflect.ownKeys.
  // Both must give the same figures and the same referent order.
  for (const taggedSize of [8, 4] as const) {
    for (const extra of [0, 40]) {
      it(`sizes and names like Reflect.ownKeys (tagged ${taggedSize}, ${extra > 0 ? 'dictionary' : 'fast'} object)`, () => {
        const o = allKeys(extra);
        const fast = asized(o, { taggedSize, isProxy, detail: 2 });
        const slow = asized(o, { taggedSize, detail: 2 });
        expect(fast.size).toBeGreaterThan(0);
        expect(fast).toEqual(slow);
        expect(names(fast.refs).slice(0, 4)).toEqual(['[0]', '[2]', '.name', '.list']);
        expect(names(fast.refs)).toContain('.hidden');
        expect(names(fast.refs).indexOf('[Symbol(first)]')).toBeGreaterThan(names(fast.refs).indexOf('.later'));
      });
    }
  }
});

describe('Sizer.sizeExcluded (a snapshot sizing its instances)', () => {
  it('gives the size and flat bytes of measureExcluded, sharing one seen-set', () => {
    const shared = { payload: 'a payload string of some length' };
    const make = () => [{ a: 1.5, b: 'short', c: [1, 2, 3], d: { x: 1 }, shared }, { shared, other: [0.5] }];
    const [a1, b1] = make();
    const [a2, b2] = make();
    const s1 = new Sizer({ taggedSize: 8, isProxy });
    const s2 = new Sizer({ taggedSize: 8, isProxy });
    for (const o of [a1!, b1!]) s1.exclude(o);
    for (const o of [a2!, b2!]) s2.exclude(o);
    for (const [x, y] of [[a1!, a2!], [b1!, b2!]] as const) {
      const m = s1.measureExcluded(x);
      expect(s2.sizeExcluded(y)).toBe(m.size);
      expect(s2.flat).toBe(m.flat);
    }
    expect(s2.total).toBe(s1.total);
  });
});

describe('isProxyOf', () => {
  it('gives every snapshot of a platform the same bound function (a fresh one deoptimized the walk)', () => {
    const p = fakePlatform({ isProxy: (v: object) => types.isProxy(v) });
    const f = isProxyOf(p);
    expect(f).toBeTypeOf('function');
    expect(isProxyOf(p)).toBe(f);
    expect(f!(new Proxy({}, {}))).toBe(true);
    expect(f!({})).toBe(false);
    const none = fakePlatform();
    delete (none as { isProxy?: unknown }).isProxy;
    expect(isProxyOf(none)).toBeUndefined();
  });
});
