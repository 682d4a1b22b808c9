import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { Sizer } from '../../src/sizer/index.js';
import { Stats } from '../../src/stats/Stats.js';
import { fakePlatform } from './helpers/fakePlatform.js';

const mode = process.env.HEAPCENSUS_DECORATORS;

describe(`merged referent trees (${mode} decorators, AC-32)`, () => {
  it('sums the instances of a class, matching children by name', () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    const Tracked = createTracked(() => tracker);
    @Tracked({ name: 'Foo', resolution: 2 })
    class FooNew {
      a: number[] = [];
      b?: string;
    }
    const f1 = new FooNew();
    f1.a = Array.from({ length: 1000 }, (_, i) => i);
    const f2 = new FooNew();
    f2.a = Array.from({ length: 100 }, (_, i) => i);
    f2.b = 'This is some stupid spam.';
    tracker.snapshotSync('Merge test');

    const stats = tracker.stats();
    const merged = stats.reader.merged(0, 'Foo');
    const sizes = [f1, f2].map((f) => tracker.find(f)!.sizes[0]!);
    expect(merged.size).toBe(sizes[0]!.size + sizes[1]!.size);
    expect(merged.size).toBe(tracker.snapshots[0]!.classes.Foo!.bytes);
    expect(merged.refs.map((r) => r.name)).toEqual(expect.arrayContaining(['.a', '.b']));

    // '.a' is both arrays, sized with one sizer (shared leaves once), as the snapshot did.
    const sizer = new Sizer({ taggedSize: 8 });
    const a = merged.refs.find((r) => r.name === '.a')!;
    expect(a.size).toBe(sizer.measure(f1.a).size + sizer.measure(f2.a).size);
    // Cached and stable: asking twice gives the same figures.
    expect(Stats.from(tracker).reader.merged(0, 'Foo')).toEqual(merged);
  });
});
