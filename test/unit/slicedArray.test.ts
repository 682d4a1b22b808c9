import { afterEach, describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { ELEMENTS_PER_STEP } from '../../src/sizer/ArrayWalk.js';
import { Sizer } from '../../src/sizer/index.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * A sliced snapshot sizes one instance in steps: a long array's elements are walked
 * ELEMENTS_PER_STEP at a time, the clock read between steps, and the sizing resumes in the
 * next slice. Clock reads are counted (each "takes" 1 ms), never timed.
 */
class Holder {
  constructor(readonly items: unknown[]) {}
}

let trackers: ClassTracker[] = [];
afterEach(() => {
  for (const t of trackers) t.clear();
  trackers = [];
});

describe('sizing a long array in steps', () => {
  it('a snapshot resumes one instance holding a 1,000,000-element array across many slices, with the same figures', async () => {
    let t = 0;
    let sizeSlices = 0;
    const platform = fakePlatform({ now: () => ++t, yieldToHost: () => Promise.resolve() });
    const tracker = new ClassTracker({ platform });
    trackers.push(tracker);
    const items: unknown[] = Array.from({ length: 1_000_000 }, (_, i) => (i % 1000 === 0 ? { i } : i));
    const h = new Holder(items);
    tracker.trackObject(h);
    const snap = await tracker.snapshot('sliced', { onProgress: (phase) => void (phase === 'size' && sizeSlices++) });
    const whole = tracker.snapshotSync('whole');
    expect(snap.classes['Holder']!.bytes).toBe(whole.classes['Holder']!.bytes);
    // One instance, yet many slices: at most about SLICE_MS steps of ELEMENTS_PER_STEP elements each.
    expect(sizeSlices).toBeGreaterThan(1_000_000 / ELEMENTS_PER_STEP / 20);
    expect(h.items).toBe(items);
  });

  it('a snapshot steps through the array of an instance tracked with a referent tree (resolution 1)', async () => {
    let t = 0;
    let sizeSlices = 0;
    const platform = fakePlatform({ now: () => ++t, yieldToHost: () => Promise.resolve() });
    const tracker = new ClassTracker({ platform });
    trackers.push(tracker);
    const h = new Holder(Array.from({ length: 200_000 }, (_, i) => ({ i })));
    tracker.trackObject(h, { resolution: 1 });
    const snap = await tracker.snapshot('sliced', { onProgress: (phase) => void (phase === 'size' && sizeSlices++) });
    const whole = tracker.snapshotSync('whole');
    expect(snap.classes['Holder']!.bytes).toBe(whole.classes['Holder']!.bytes);
    expect(sizeSlices).toBeGreaterThan(10);
  });

  it('step() sizes as measureExcluded() does, whatever the deadlines (arrays as root, nested, sparse, doubles)', () => {
    const doubles = Array.from({ length: 10_000 }, (_, i) => i + 0.5);
    const mixed: unknown[] = Array.from({ length: 9_000 }, (_, i) => (i % 3 === 0 ? `s${i}` : i % 3 === 1 ? i * 1.5 : [i]));
    const sparse: unknown[] = [];
    sparse[200_000] = { x: 1 };
    const roots: object[] = [doubles, { mixed, inner: { doubles: doubles.slice() } }, mixed.slice(), sparse, [mixed]];
    const whole = new Sizer({ taggedSize: 8 });
    const stepped = new Sizer({ taggedSize: 8 });
    for (const r of roots) {
      whole.exclude(r);
      stepped.exclude(r);
    }
    let clock = 0;
    for (const r of roots) {
      const expected = whole.measureExcluded(r);
      stepped.beginExcluded(r);
      let got = stepped.step(0, () => ++clock); // a deadline already past: one step at a time
      let steps = 1;
      while (got === undefined) {
        got = stepped.step(0, () => ++clock);
        steps++;
      }
      expect(got).toEqual(expected);
      // With a referent tree two levels deep too (long arrays below the named levels are stepped).
      const tree = whole.measureExcluded(r, 2);
      stepped.beginExcluded(r, 2);
      let gotTree = stepped.step(0, () => ++clock);
      while (gotTree === undefined) gotTree = stepped.step(0, () => ++clock);
      expect(gotTree).toEqual(tree);
      if (r === doubles) expect(steps).toBe(Math.ceil(doubles.length / ELEMENTS_PER_STEP));
    }
    expect(stepped.total).toBe(whole.total);
  });
});
