import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { NotSized } from '../../src/sizer/NotSized.js';
import { SdkError } from '../../src/SdkError.js';
import { sizeOf } from '../../src/sizer/index.js';
import { collectGarbage, fakePlatform, manualTimers } from './helpers/fakePlatform.js';

const mode = process.env.HEAPCENSUS_DECORATORS;

function setup(opts: ConstructorParameters<typeof ClassTracker>[0] = {}) {
  const platform = fakePlatform();
  const tracker = new ClassTracker({ platform, ...opts });
  const Tracked = createTracked(() => tracker);
  return { platform, tracker, Tracked };
}

class Foo {
  foo = 'foo';
}
class Bar extends Foo {
  bar = 'bar';
}

describe(`trackObject (${mode} decorators)`, () => {
  it('registers objects under their class names (AC-01, AC-03)', () => {
    const { tracker } = setup();
    const foo = new Foo();
    const bar = new Bar();
    const baz = new Foo();
    tracker.trackObject(foo);
    tracker.trackObject(bar);
    tracker.trackObject(baz, { name: 'Foobar' });
    expect([...tracker.index.keys()].sort()).toEqual(['Bar', 'Foo', 'Foobar']);
    expect(tracker.find(foo)?.deref()).toBe(foo);
    expect(tracker.find(bar)?.deref()).toBe(bar);
    expect(tracker.index.get('Foobar')![0]!.deref()).toBe(baz);
  });

  it('rejects primitives with a TypeError and records nothing (AC-02, fixes AC-X12)', () => {
    const { tracker } = setup();
    for (const v of [42, 'str', true, Symbol('s'), null, undefined, 10n]) {
      expect(() => tracker.trackObject(v as unknown as object)).toThrow(TypeError);
    }
    expect(tracker.index.size).toBe(0);
    expect(tracker.history.size).toBe(0);
  });

  it('accepts arrays, plain objects and functions (anything WeakRef can hold)', () => {
    const { tracker } = setup();
    tracker.trackObject([1, 2]);
    tracker.trackObject({ a: 1 });
    tracker.trackObject(Object.create(null) as object);
    expect([...tracker.index.keys()].sort()).toEqual(['Array', 'Object']);
  });

  it('tracking an object twice changes nothing (AC-X8)', () => {
    const { tracker } = setup();
    const foo = new Foo();
    const a = tracker.trackObject(foo, { name: 'A' });
    const b = tracker.trackObject(foo, { name: 'B', resolution: 3 });
    // Records are views of the tracker's store: the same record has the same id.
    expect(b.id).toBe(a.id);
    expect(b.name).toBe('A');
    expect(tracker.index.get('A')).toHaveLength(1);
    expect(tracker.index.has('B')).toBe(false);
    expect(a.resolution).toBe(0);
  });

  it('keep holds an object; otherwise it dies and is recorded dead (AC-04)', async () => {
    const { tracker } = setup();
    (() => {
      tracker.trackObject(new Foo(), { name: 'Kept', keep: true });
      tracker.trackObject(new Foo(), { name: 'Dropped' });
    })();
    await collectGarbage();
    const kept = tracker.index.get('Kept')![0]!;
    const dropped = tracker.index.get('Dropped')![0]!;
    expect(kept.alive()).toBe(true);
    expect(kept.death).toBeUndefined();
    expect(dropped.alive()).toBe(false);
    expect(dropped.death).toBeGreaterThanOrEqual(dropped.birth);
    expect(tracker.history.get('Dropped')!.map((p) => p[1])).toEqual([1, 0]);
  });

  it('trackChange sets the tree depth for the next snapshot; errors for untracked objects (AC-06, AC-07)', () => {
    const { tracker } = setup();
    const foo = { foo: 'foo', lst: [1, 'two', [3, 4]] };
    tracker.trackObject(foo, { resolution: 1 });
    tracker.snapshotSync();
    const first = tracker.find(foo)!.sizes.at(-1)!;
    const names = first.refs!.map((r) => r.name);
    expect(names).toContain('.foo');
    expect(names).toContain('.lst');
    expect(first.refs!.every((r) => r.refs.length === 0)).toBe(true);
    expect(first.refs!.find((r) => r.name === '.lst')!.size).toBeGreaterThan(0);

    tracker.trackChange(foo, { resolution: 2 });
    tracker.snapshotSync();
    const lst = tracker.find(foo)!.sizes.at(-1)!.refs!.find((r) => r.name === '.lst')!;
    expect(lst.refs.map((r) => r.name)).toEqual(expect.arrayContaining(['[0]', '[1]', '[2]']));
    expect(() => tracker.trackChange({}, { resolution: 1 })).toThrow(SdkError);
    expect(() => tracker.trackChange(foo, { resolution: -1 })).toThrow(RangeError);
    expect(() => tracker.trackChange(foo, { resolution: 101 })).toThrow(/0 to 100/);
  });
});

describe(`snapshots (${mode} decorators)`, () => {
  it('records one size per snapshot per live instance, in snapshot order (AC-08)', () => {
    const { tracker } = setup();
    const foo = new Foo();
    const bar = new Bar();
    tracker.trackObject(foo);
    tracker.trackObject(bar);
    for (let i = 0; i < 3; i++) tracker.snapshotSync();
    for (const o of [foo, bar]) {
      expect(tracker.find(o)!.sizes.map((s) => s.snapshot)).toEqual(tracker.snapshots.map((s) => s.id));
    }
  });

  it('has a tracked total, a platform total with its source, and pct against it (AC-09, AC-11, AC-X4)', () => {
    const { tracker, platform } = setup();
    const a = new Foo();
    const b = new Foo();
    tracker.trackObject(a);
    tracker.trackObject(b);
    const s = tracker.snapshotSync();
    const f = s.classes.Foo!;
    expect(s.trackedTotal).toBeGreaterThan(0);
    expect(s.total).toEqual(platform.total);
    expect(f.active).toBe(2);
    expect(f.bytes).toBe(s.trackedTotal);
    expect(f.average).toBe(f.bytes / 2);
    expect(f.pct).toBeCloseTo((f.bytes * 100) / platform.total.bytes, 10);
  });

  it('falls back to the tracked total for pct when the platform has none', () => {
    const { tracker, platform } = setup();
    platform.total = { bytes: 0, source: 'none' };
    tracker.trackObject(new Foo(), { keep: true });
    tracker.trackObject([1, 2, 3], { keep: true });
    const s = tracker.snapshotSync();
    const sum = Object.values(s.classes).reduce((n, c) => n + c.pct, 0);
    expect(s.total.source).toBe('none');
    expect(sum).toBeCloseTo(100, 10);
  });

  it('labels snapshots as given (AC-12)', async () => {
    const { tracker } = setup();
    tracker.snapshotSync();
    tracker.snapshotSync('alpha');
    await tracker.snapshot('beta');
    tracker.snapshotSync(42);
    expect(tracker.snapshots.map((s) => s.label)).toEqual(['', 'alpha', 'beta', '42']);
    expect(tracker.snapshots.map((s) => s.id)).toEqual([1, 2, 3, 4]);
    const times = tracker.snapshots.map((s) => s.time);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it('queues async snapshots in call order', async () => {
    const { tracker } = setup();
    const got = await Promise.all([tracker.snapshot('a'), tracker.snapshot('b'), tracker.snapshot('c')]);
    expect(got.map((s) => s.label)).toEqual(['a', 'b', 'c']);
  });

  it('takes periodic snapshots, changes the interval in place, and stops (AC-13)', async () => {
    const timers = manualTimers();
    const { tracker } = setup({ platform: fakePlatform({ setInterval: timers.setInterval }) });
    tracker.startPeriodicSnapshots(20);
    expect(tracker.periodicInterval).toBe(20);
    expect(timers.intervals()).toEqual([20]);
    for (let i = 0; i < 10; i++) tracker.snapshotSync(`manual ${i}`);
    await timers.fire();
    await timers.fire();
    expect(tracker.snapshots).toHaveLength(12);
    tracker.startPeriodicSnapshots(40);
    expect(tracker.periodicInterval).toBe(40);
    expect(timers.intervals()).toEqual([40]);
    await timers.fire();
    expect(tracker.snapshots).toHaveLength(13);
    tracker.stopPeriodicSnapshots();
    expect(tracker.periodicInterval).toBeUndefined();
    expect(timers.intervals()).toEqual([]);
    expect(() => tracker.startPeriodicSnapshots(0)).toThrow(RangeError);
  });

  it('keeps running periodic snapshots when one fails, and reports the failure', async () => {
    let calls = 0;
    const timers = manualTimers();
    const platform = fakePlatform({ setInterval: timers.setInterval });
    platform.memoryTotal = () => {
      if (++calls === 1) throw new Error('total unavailable');
      return platform.total;
    };
    const tracker = new ClassTracker({ platform });
    tracker.startPeriodicSnapshots(10);
    await timers.fire();
    await timers.fire();
    tracker.stopPeriodicSnapshots();
    expect(platform.errors.map(String)).toEqual(['Error: total unavailable']);
    expect(tracker.snapshots.map((s) => s.total.source)).toEqual(['none', 'process.memoryUsage']);
  });

  it('moves shared data to its first owner in birth order, counting it once (AC-X1)', () => {
    const { tracker } = setup();
    const a: { notmine?: number[] } = {};
    const b: { content: number[] } = { content: Array.from({ length: 10_000 }, (_, i) => i) };
    tracker.trackObject(a, { name: 'A' });
    tracker.trackObject(b, { name: 'B' });
    const s1 = tracker.snapshotSync('1');
    a.notmine = b.content;
    const s2 = tracker.snapshotSync('2');
    expect(s1.classes.B!.bytes).toBeGreaterThan(80_000);
    expect(s1.classes.A!.bytes).toBeLessThan(200);
    expect(s2.classes.A!.bytes).toBeGreaterThan(80_000);
    expect(s2.classes.B!.bytes).toBeLessThan(200);
    expect(Math.abs(s2.trackedTotal - s1.trackedTotal)).toBeLessThan(100);
    expect(s2.trackedTotal).toBe(s2.classes.A!.bytes + s2.classes.B!.bytes);
  });

  it('excludes a tracked child from its tracked parent, in either order (AC-X2)', () => {
    for (const parentFirst of [true, false]) {
      const { tracker } = setup();
      const child = { payload: 'x'.repeat(1000), list: [1.5, 2.5, 3.5] };
      const parent = { child, own: new Array(100).fill(0).map((_, i) => ({ i })) };
      if (parentFirst) tracker.trackObject(parent, { name: 'P' });
      tracker.trackObject(child, { name: 'C' });
      if (!parentFirst) tracker.trackObject(parent, { name: 'P' });
      const s = tracker.snapshotSync();
      expect(s.classes.P!.bytes + s.classes.C!.bytes).toBe(sizeOf(parent, { taggedSize: 8 }));
      expect(s.classes.C!.bytes).toBe(sizeOf(child, { taggedSize: 8 }));
    }
  });

  it('sizes dead instances 0 and leaves them out of active (AC-X3)', async () => {
    const { tracker } = setup();
    const keep = new Foo();
    tracker.trackObject(keep);
    (() => void tracker.trackObject(new Foo()))();
    const s1 = tracker.snapshotSync('both');
    await collectGarbage();
    const s2 = tracker.snapshotSync('one');
    expect(s1.classes.Foo!.active).toBe(2);
    expect(s2.classes.Foo!.active).toBe(1);
    expect(s2.classes.Foo!.bytes).toBe(tracker.find(keep)!.sizes.at(-1)!.size);
    const dead = tracker.index.get('Foo')!.find((r) => !r.alive())!;
    expect(dead.sizes.map((s) => s.snapshot)).toEqual([s1.id]);
    expect(tracker.index.get('Foo')!.length).toBe(2);
  });

  it('lists classes with no live instance in every snapshot (AC-31 shape)', () => {
    const { tracker } = setup();
    tracker.snapshotSync('empty');
    tracker.trackObject(new Foo(), { keep: true });
    const s = tracker.snapshotSync('after');
    expect(tracker.snapshots[0]!.classes).toEqual({});
    expect(s.classes.Foo!.active).toBe(1);
  });
});

describe(`@Tracked and trackClass (${mode} decorators)`, () => {
  it('tracks decorated classes and keeps name, statics, instanceof and constructor behaviour (AC-15, AC-16)', () => {
    const { tracker, Tracked } = setup();
    @Tracked()
    class Point {
      static origin = 'O';
      static make(x: number) {
        return new Point(x, x);
      }
      constructor(
        public x: number,
        public y: number,
      ) {}
      len() {
        return Math.hypot(this.x, this.y);
      }
    }
    const p = new Point(3, 4);
    expect(Point.name).toBe('Point');
    expect(Point.origin).toBe('O');
    expect(p).toBeInstanceOf(Point);
    expect(p.len()).toBe(5);
    expect(Point.make(1)).toBeInstanceOf(Point);
    expect(tracker.index.get('Point')!.length).toBe(2);
    expect(tracker.find(p)!.name).toBe('Point');
  });

  it('tracks classes passed to trackClass, twice allowed, by name (AC-15, AC-17)', () => {
    const { tracker } = setup();
    class Empty {}
    const TFoo = tracker.trackClass(Foo);
    expect(tracker.trackClass(Foo)).toBe(TFoo);
    const TEmpty = tracker.trackClass(Empty, { name: 'Nothing' });
    const f = new TFoo();
    const e = new TEmpty();
    expect(tracker.find(f)?.name).toBe('Foo');
    expect(tracker.find(e)?.name).toBe('Nothing');
    expect(f.foo).toBe('foo');
  });

  it('rejects things that are not classes (AC-14)', () => {
    const { tracker, Tracked } = setup();
    for (const v of [42, 'str', [], {}, new Foo(), () => 1, null]) {
      expect(() => tracker.trackClass(v as never)).toThrow(TypeError);
    }
    expect(() => Tracked()(function () {} as never, { kind: 'method', name: 'm' } as never)).toThrow(SdkError);
    expect(tracker.index.size).toBe(0);
  });

  it('registers a subclass instance once, under the most specialised tracked class (AC-18, section 4)', async () => {
    const { tracker, Tracked } = setup();
    @Tracked({ keep: true })
    class Base {
      base = 1;
    }
    @Tracked({ resolution: 2 })
    class Sub extends Base {
      sub = 2;
    }
    class Plain extends Sub {}
    class Inherits extends Base {
      extra = 3;
    }
    (() => {
      new Sub();
      new Base();
      new Plain();
      new Inherits();
    })();
    await collectGarbage();
    const idx = tracker.index;
    expect(idx.get('Sub')!.length).toBe(2);
    expect(idx.get('Base')!.length).toBe(2);
    expect(idx.get('Sub')!.every((r) => r.resolution === 2)).toBe(true);
    // Sub's own options win: not kept, so its instances died; Base's (and Inherits') are kept.
    expect(idx.get('Sub')!.every((r) => !r.alive())).toBe(true);
    expect(idx.get('Base')!.every((r) => r.alive())).toBe(true);
    expect(tracker.history.get('Sub')!.at(-1)![1]).toBe(0);
  });

  it('does not track the base class when only the subclass is tracked', () => {
    const { tracker, Tracked } = setup();
    class Base {}
    @Tracked()
    class Sub extends Base {}
    new Base();
    new Sub();
    expect([...tracker.index.keys()]).toEqual(['Sub']);
  });

  it('registers after the constructor returns, and nothing when it throws', () => {
    const { tracker, Tracked } = setup();
    let seenInside: boolean | undefined;
    @Tracked()
    class Fragile {
      constructor(fail: boolean) {
        seenInside = tracker.find(this) !== undefined;
        if (fail) throw new Error('boom');
      }
    }
    expect(() => new Fragile(true)).toThrow('boom');
    expect(tracker.index.get('Fragile')).toBeUndefined();
    const ok = new Fragile(false);
    expect(seenInside).toBe(false);
    expect(tracker.find(ok)).toBeDefined();
    expect(tracker.history.get('Fragile')!.map((p) => p[1])).toEqual([1]);
  });

  it('records history counts over births and deaths (AC-19)', async () => {
    const { tracker } = setup();
    const TFoo = tracker.trackClass(Foo, { name: 'Foo' });
    const slots: Array<Foo | undefined> = [];
    const create = () => slots.push(new TFoo()) - 1;
    const drop = async (i: number) => {
      slots[i] = undefined;
      await collectGarbage();
    };
    const f1 = create();
    const f2 = create();
    const f3 = create();
    await drop(f1);
    await drop(f2);
    const f4 = create();
    await drop(f3);
    await drop(f4);
    expect(tracker.history.get('Foo')!.map((p) => p[1])).toEqual([1, 2, 3, 2, 1, 2, 1, 0]);
  });

  it('records the creation site, innermost last, with no SDK frames (AC-20)', () => {
    const { tracker, Tracked } = setup();
    @Tracked({ trace: true })
    class Traced {}
    class SubTraced extends Traced {}
    const makeSub = () => new SubTraced();
    const t = new Traced(); const line = new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1];
    const s = makeSub();
    const trace = tracker.find(t)!.trace!;
    const inner = trace.at(-1)!;
    expect(inner.file).toMatch(/tracker\.test\.ts$/);
    expect(String(inner.line)).toBe(line);
    expect(trace.some((f) => /[\\/]src[\\/]/.test(f.file))).toBe(false);
    const subTrace = tracker.find(s)!.trace!;
    expect(subTrace.at(-1)!.fn).toMatch(/SubTraced/);
    expect(subTrace.at(-2)!.fn).toMatch(/makeSub/);
    const obj = {};
    const direct = tracker.trackObject(obj, { trace: true }).trace!;
    expect(direct.at(-1)!.file).toMatch(/tracker\.test\.ts$/);
  });

  it('detaches classes: new instances untracked, existing kept; errors for untracked classes (AC-21, AC-23)', () => {
    const { tracker, Tracked } = setup();
    @Tracked()
    class A {}
    @Tracked()
    class B {}
    const a1 = new A();
    tracker.detachClass(A);
    const a2 = new A();
    expect(tracker.find(a1)).toBeDefined();
    expect(tracker.find(a2)).toBeUndefined();
    expect(() => tracker.detachClass(A)).toThrow(SdkError);
    expect(() => tracker.detachClass(class Never {})).toThrow(/not tracked/);
    tracker.close();
    expect(tracker.find(new B())).toBeUndefined();
    // Tracking again re-attaches the same tracked class.
    expect(tracker.trackClass(A)).toBe(A);
    expect(tracker.find(new A())).toBeDefined();
  });

  it('sends instances of a detached subclass to its tracked base', () => {
    const { tracker, Tracked } = setup();
    @Tracked()
    class Base {}
    @Tracked()
    class Sub extends Base {}
    tracker.detachClass(Sub);
    expect(tracker.find(new Sub())?.name).toBe('Base');
  });

  it('detachAll forgets records but keeps snapshots and history; clear forgets everything', () => {
    const { tracker } = setup();
    const foo = new Foo();
    tracker.trackObject(foo, { keep: true });
    tracker.snapshotSync();
    tracker.detachAll();
    expect(tracker.index.size).toBe(0);
    expect(tracker.find(foo)).toBeUndefined();
    expect(tracker.snapshots.length).toBe(1);
    // The history ends at 0 (no record alive) and goes on from there.
    expect(tracker.history.get('Foo')!.map((p) => p[1])).toEqual([1, 0]);
    tracker.trackObject(foo);
    expect(tracker.history.get('Foo')!.map((p) => p[1])).toEqual([1, 0, 1]);
    tracker.clear();
    expect(tracker.snapshots.length).toBe(0);
    expect(tracker.history.size).toBe(0);
  });

  it('tracks with two trackers independently', () => {
    const one = setup();
    const two = setup();
    const T1 = one.tracker.trackClass(Foo, { name: 'One' });
    const T2 = two.tracker.trackClass(T1, { name: 'Two' });
    const x = new T2();
    expect(one.tracker.find(x)?.name).toBe('One');
    expect(two.tracker.find(x)?.name).toBe('Two');
    one.tracker.detachClass(Foo);
    const y = new T2();
    expect(one.tracker.find(y)).toBeUndefined();
    expect(two.tracker.find(y)?.name).toBe('Two');
  });

  it('does not follow @NotSized() fields', () => {
    const { tracker, Tracked } = setup();
    const shared = { big: 'y'.repeat(10_000) };
    @Tracked()
    class Holder {
      @NotSized() cache = shared;
      own = 1;
    }
    @Tracked()
    class Counted {
      cache = shared;
      own = 1;
    }
    new Holder();
    new Counted();
    const s = tracker.snapshotSync();
    expect(s.classes.Holder!.bytes).toBeLessThan(200);
    expect(s.classes.Counted!.bytes).toBeGreaterThan(10_000);
  });
});

describe(`bounded tracker memory (${mode} decorators)`, () => {
  it('folds dead records beyond deadRecordLimit into aggregates, oldest first', async () => {
    const { tracker } = setup({ deadRecordLimit: 10 });
    const TFoo = tracker.trackClass(Foo);
    (() => {
      for (let i = 0; i < 200; i++) new TFoo();
    })();
    await collectGarbage();
    const s = tracker.snapshotSync();
    const records = tracker.index.get('Foo')!;
    expect(records.length).toBe(10);
    expect(records.every((r) => !r.alive())).toBe(true);
    const births = records.map((r) => r.birth);
    const folded = tracker.folded.get('Foo')!;
    expect(folded.count).toBe(190);
    expect(folded.firstBirth).toBeLessThanOrEqual(Math.min(...births));
    expect(folded.lifetimeMin).toBeGreaterThanOrEqual(0);
    expect(s.classes.Foo).toEqual({ active: 0, bytes: 0, average: 0, pct: 0 });
  });

  it('folded aggregates keep the largest size each folded record had in any snapshot, and only the oldest fold', async () => {
    const { tracker } = setup({ deadRecordLimit: 2 });
    const live: Array<{ data: number[] } | undefined> = [];
    for (let i = 0; i < 6; i++) tracker.trackObject((live[i] = { data: new Array<number>(10 * (6 - i)).fill(0.5) }), { name: 'Blob' });
    tracker.snapshotSync('one');
    live[1]!.data = new Array<number>(500).fill(0.5); // record 2 peaks in the second snapshot
    live[4]!.data = new Array<number>(900).fill(0.5); // record 5 is bigger still, but stays unfolded
    tracker.snapshotSync('two');
    const before = tracker.index.get('Blob')!;
    const peaks = before.map((r) => r.maxSize());
    live.fill(undefined);
    await new Promise((r) => setTimeout(r, 0)); // WeakRef targets stay alive until the task that made them ends
    await collectGarbage();
    const kept = tracker.index.get('Blob')!;
    expect(kept.map((r) => r.id)).toEqual(before.slice(4).map((r) => r.id));
    const folded = tracker.folded.get('Blob')!;
    expect(folded.count).toBe(4);
    expect(folded.maxSize).toBe(Math.max(...peaks.slice(0, 4)));
    expect(folded.maxSize).toBe(before[1]!.sizes[1]!.size);
    expect(Math.max(...peaks)).toBeGreaterThan(folded.maxSize);
  });

  it('coarsens history beyond historyLimit, keeping the last count and min/max', () => {
    const { tracker } = setup({ historyLimit: 16 });
    const TFoo = tracker.trackClass(Foo);
    const keep: Foo[] = [];
    for (let i = 0; i < 100; i++) keep.push(new TFoo());
    const h = tracker.history.get('Foo')!;
    expect(h.length).toBeLessThanOrEqual(16);
    expect(h.at(-1)![1]).toBe(100);
    const coarse = h.find((p) => p.length === 4)!;
    expect(coarse[2]).toBeLessThan(coarse[3]!);
    expect(Math.min(...h.map((p) => (p.length === 4 ? p[2] : p[1])))).toBe(1);
  });

  it('lets dropped instances be collected while tracked, snapshotted and sampled periodically', async () => {
    const { tracker } = setup();
    const TFoo = tracker.trackClass(Foo);
    tracker.startPeriodicSnapshots(5);
    let refs: WeakRef<object>[] = [];
    (() => {
      const made = Array.from({ length: 500 }, () => new TFoo());
      tracker.snapshotSync('with all');
      refs = made.map((m) => new WeakRef(m));
    })();
    await collectGarbage();
    tracker.stopPeriodicSnapshots();
    expect(refs.filter((r) => r.deref() !== undefined).length).toBe(0);
    expect(tracker.snapshotSync('after').classes.Foo!.active).toBe(0);
  });
});
