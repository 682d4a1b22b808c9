import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * Constructors that return an object of their choosing (singletons, pools) and classes whose
 * static `name` / `length` are getters. Decorated classes run in both decorator modes.
 */
function setup() {
  const platform = fakePlatform();
  const tracker = new ClassTracker({ platform });
  const Tracked = createTracked(() => tracker);
  return { platform, tracker, Tracked };
}

const records = (t: ClassTracker, name: string): number => t.index.get(name)?.length ?? 0;
const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('return-override constructors: one object, one record', () => {
  it('a singleton newed five times in a row (decorated): one record, active 1, its bytes once', async () => {
    const { tracker, Tracked, platform } = setup();
    let only: object | undefined;
    @Tracked()
    class Config {
      values = { a: 'x'.repeat(1000) };
      constructor() {
        if (only !== undefined) return only as Config;
        only = this;
      }
    }
    const made = Array.from({ length: 5 }, () => new Config());
    expect(new Set(made).size).toBe(1);
    expect(records(tracker, 'Config')).toBe(1);
    const snap = await tracker.snapshot();
    expect(snap.classes['Config']!.active).toBe(1);
    const one = snap.classes['Config']!.bytes;
    expect(one).toBeGreaterThan(1000);
    expect(one).toBeLessThan(2000);
    expect(tracker.history.get('Config')!.at(-1)![1]).toBe(1);
    expect(platform.errors).toEqual([]);
  });

  it('a singleton newed in separate tasks (trackClass): still one record, and snapshots count it once', async () => {
    const { tracker } = setup();
    let only: object | undefined;
    class Registry {
      items: number[] = [1, 2, 3];
      constructor() {
        if (only !== undefined) return only as Registry;
        only = this;
      }
    }
    const R = tracker.trackClass(Registry);
    for (let i = 0; i < 5; i++) {
      new R();
      await nextTask();
    }
    const snap = await tracker.snapshot();
    expect(snap.classes['Registry']!.active).toBe(1);
    expect(records(tracker, 'Registry')).toBe(1);
    const born = tracker.index.get('Registry')![0]!.birth;
    // From now on the class is known to return old objects: no duplicate even between snapshots.
    for (let i = 0; i < 3; i++) {
      new R();
      await nextTask();
    }
    expect(records(tracker, 'Registry')).toBe(1);
    expect(tracker.history.get('Registry')!.at(-1)![1]).toBe(1);
    expect((await tracker.snapshot()).classes['Registry']!.active).toBe(1);
    // The record kept is the first one, and find() gets it.
    expect(tracker.find(only!)!.birth).toBe(born);
  });

  it('a pool returning earlier instances by key, interleaved (decorated): one record per distinct object, found by find()', async () => {
    const { tracker, Tracked } = setup();
    const pool = new Map<string, object>();
    @Tracked()
    class Glyph {
      constructor(readonly ch: string) {
        const hit = pool.get(ch);
        if (hit !== undefined) return hit as Glyph;
        pool.set(ch, this);
      }
    }
    const text = 'abracadabra';
    const glyphs = [...text].map((c) => new Glyph(c));
    const distinct = new Set(text).size;
    expect(new Set(glyphs).size).toBe(distinct);
    const snap = await tracker.snapshot();
    expect(snap.classes['Glyph']!.active).toBe(distinct);
    expect(records(tracker, 'Glyph')).toBe(distinct);
    for (const g of glyphs) expect(tracker.find(g)!.name).toBe('Glyph');
    for (const c of 'cabbage') new Glyph(c);
    await nextTask();
    expect(records(tracker, 'Glyph')).toBe(new Set('abracadabrcge').size);
    expect((await tracker.snapshot()).classes['Glyph']!.active).toBe(new Set('abracadabrcge').size);
  });

  it('a constructor returning an object tracked with trackObject: no second record', () => {
    const { tracker } = setup();
    const shared = { shared: true };
    tracker.trackObject(shared, { name: 'Shared' });
    class Wrapper {
      constructor() {
        return shared as Wrapper;
      }
    }
    const W = tracker.trackClass(Wrapper);
    new W();
    new W();
    expect(records(tracker, 'Shared')).toBe(1);
    expect(records(tracker, 'Wrapper')).toBe(0);
    expect(tracker.snapshotSync().classes['Shared']!.active).toBe(1);
  });

  it('ordinary classes: every new is a record, the same instance-count as before', () => {
    const { tracker, Tracked } = setup();
    @Tracked()
    class Row {
      n = 1;
    }
    const rows = Array.from({ length: 100 }, () => new Row());
    expect(records(tracker, 'Row')).toBe(100);
    expect(tracker.snapshotSync().classes['Row']!.active).toBe(rows.length);
  });
});

describe('static name and length getters are never run', () => {
  it('trackClass and @Tracked() read a getter name through descriptors: the getter is not called, its throw never surfaces', () => {
    const { tracker, Tracked, platform } = setup();
    let calls = 0;
    class Sneaky {
      static get name(): string {
        calls++;
        throw new Error('static name getter ran');
      }
      static get length(): number {
        calls++;
        throw new Error('static length getter ran');
      }
      x = 1;
    }
    const T = tracker.trackClass(Sneaky);
    expect(calls).toBe(0);
    const t = new T();
    expect(t.x).toBe(1);
    // The name is not a string data property: the class is tracked as Anonymous.
    expect(records(tracker, 'Anonymous')).toBe(1);
    // Standard decorators lowered by TypeScript read `name` for their context before any
    // decorator runs (the compiler's code, not heapcensus): count only what happens after.
    let before = -1;
    const Probe = () => (target: unknown) => {
      before = calls;
      return target as never;
    };
    @Tracked()
    @Probe()
    class Decorated {
      static get name(): string {
        calls++;
        return 'FromGetter';
      }
      static get length(): number {
        calls++;
        return 99;
      }
      y = 2;
    }
    calls -= before;
    expect(calls).toBe(0);
    expect(new Decorated().y).toBe(2);
    // Standard decorators name it from their context (the getter's value, read by the
    // compiler's code); legacy ones through descriptors only.
    const name = process.env.HEAPCENSUS_DECORATORS === 'standard' ? 'FromGetter' : 'Anonymous';
    expect(tracker.snapshotSync().classes[name]!.active).toBeGreaterThanOrEqual(1);
    expect(calls).toBe(0);
    expect(platform.errors).toEqual([]);
  });

  it('an inherited name getter (a static getter on the base class) is not called either; a data name further up is used', () => {
    const { tracker } = setup();
    let calls = 0;
    class Base {
      static get name(): string {
        calls++;
        return 'FromGetter';
      }
    }
    // A subclass without its own name: `class extends` expressions assigned later get ''.
    const Sub = (() => class extends Base {})();
    Object.defineProperty(Sub, 'name', { value: '' });
    const T = tracker.trackClass(Sub);
    new T();
    expect(calls).toBe(0);
    expect(records(tracker, 'Anonymous')).toBe(1);
    class Named {}
    const Child = (() => class extends Named {})();
    delete (Child as { name?: string }).name;
    const C = tracker.trackClass(Child);
    new C();
    expect(records(tracker, 'Named')).toBe(1);
  });
});
