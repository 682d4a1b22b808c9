import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { asized, preview, sizeOf } from '../../src/sizer/index.js';
import { MAX_PROTO_CHAIN } from '../../src/sizer/protoKind.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * A Proxy whose getPrototypeOf trap returns itself makes every prototype chain through it
 * endless. Where proxies cannot be told apart (browsers: the platform has no isProxy), the
 * trap is user code that each walk may run, but only a bounded number of times. The traps
 * here throw after 100,000 calls, so that an unbounded walk fails the test instead of hanging it.
 */
const RUNAWAY = 100_000;

/** A self-parenting Proxy (a function, so it can also be a new.target) and its trap-call count. */
function selfParent(): { proxy: object; calls: () => number } {
  let n = 0;
  const proxy: object = new Proxy(function Target() {}, {
    getPrototypeOf() {
      if (++n > RUNAWAY) throw new Error('runaway prototype walk');
      return proxy;
    },
  });
  return { proxy, calls: () => n };
}

/** A platform like the browser's: proxies cannot be told apart. */
const browserLike = () => fakePlatform({ isProxy: undefined, taggedSize: 4 });

describe('prototype chains that never end (a Proxy that is its own prototype)', () => {
  it('sizeOf, asized and preview of objects inheriting from it finish, running the trap a bounded number of times', () => {
    const { proxy, calls } = selfParent();
    const direct = Object.create(proxy) as { a?: number };
    direct.a = 1;
    class Deep {}
    Object.setPrototypeOf(Deep.prototype, proxy);
    const instance = new Deep();
    for (const value of [direct, instance, { holder: direct, other: [instance] }, proxy]) {
      const before = calls();
      const size = sizeOf(value, { taggedSize: 4 });
      expect(Number.isSafeInteger(size) && size > 0).toBe(true);
      expect(asized(value, { taggedSize: 4, detail: 3 }).size).toBe(size);
      expect(preview(value, 80).length).toBeLessThanOrEqual(80);
      // One sizeOf, one asized (each walks each distinct prototype once) and a preview (a few walks).
      expect(calls() - before).toBeLessThanOrEqual(12 * (MAX_PROTO_CHAIN + 2));
    }
  });

  it('a tracked object inheriting from it: trackObject, snapshots with referent trees, the dump; no error', () => {
    const { proxy, calls } = selfParent();
    const platform = browserLike();
    const t = new ClassTracker({ platform });
    const obj = Object.create(proxy) as object;
    t.trackObject(obj, { resolution: 2 });
    t.trackObject({ ref: obj }, { name: 'Holder', resolution: 2 });
    const snap = t.snapshotSync('loop');
    expect(Object.values(snap.classes).reduce((a, c) => a + c.active, 0)).toBe(2);
    expect(t.toDump().snapshots).toHaveLength(1);
    expect(platform.errors).toEqual([]);
    expect(calls()).toBeLessThanOrEqual(20 * (MAX_PROTO_CHAIN + 2));
  });

  it('as new.target of a tracked class (Reflect.construct), trackClass or the decorator: new returns, nothing reported', () => {
    const { proxy, calls } = selfParent();
    for (const platform of [browserLike(), fakePlatform()]) {
      const t = new ClassTracker({ platform });
      const Tracked = createTracked(() => t);
      class Plain {
        x = 1;
      }
      const T = t.trackClass(Plain);
      const D = Tracked()(class Decorated { y = 2; });
      const a = Reflect.construct(T, [], proxy as Function) as Plain;
      const b = Reflect.construct(D, [], proxy as Function) as { y: number };
      expect(a.x).toBe(1);
      expect(b.y).toBe(2);
      // Twice: the owner lookup is cached per new.target.
      Reflect.construct(T, [], proxy as Function);
      expect(platform.errors).toEqual([]);
      // Ordinary construction still registers.
      new T();
      expect(t.snapshotSync().classes['Plain']!.active).toBeGreaterThanOrEqual(1);
    }
    expect(calls()).toBeLessThanOrEqual(4 * (MAX_PROTO_CHAIN + 2));
  });

  it('ordinary chains up to the bound are walked in full (a 60-class hierarchy keeps its kind)', () => {
    let C: new () => object = Map as unknown as new () => object;
    for (let i = 0; i < MAX_PROTO_CHAIN - 4; i++) C = class extends (C as new () => Map<unknown, unknown>) {};
    const m = new C() as Map<string, string>;
    m.set('k', 'v'.repeat(1000));
    // A Map is sized with its entries: the 1000-char value counts.
    expect(sizeOf(m, { taggedSize: 8 })).toBeGreaterThan(1000);
  });
});
