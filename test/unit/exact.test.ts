import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../platform/node/index.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** A flat (sequential) copy of a string: concatenation makes cons strings, which reflection cannot see. */
const flat = (s: string): string => decoder.decode(encoder.encode(s));

describe('exact sizing (V8 heap snapshot, Node)', () => {
  it('sizes tracked instances from a heap snapshot with the model ownership rules', async () => {
    const tracker = new ClassTracker({ sizing: 'exact' });
    const child = { payload: new Float64Array(1000) };
    const parent = { child, own: Array.from({ length: 100 }, (_, i) => ({ i: i + 0.5 })) };
    // Only a and b reach the shared list: a local variable holding it would share it with
    // the program, and exact mode charges nothing the rest of the program can reach.
    const { a, b } = (() => {
      const shared = Array.from({ length: 500 }, (_, i) => flat(`s${i}-${'x'.repeat(20)}`));
      return { a: { list: shared }, b: { list: shared } };
    })();
    tracker.trackObject(parent, { name: 'P' });
    tracker.trackObject(child, { name: 'C' });
    tracker.trackObject(a, { name: 'A' });
    tracker.trackObject(b, { name: 'B' });
    const s = await tracker.snapshot('exact');
    expect(s.sizing).toBe('exact');
    // The Float64Array's 8000-byte backing store lives outside the JS heap (external memory)
    // and is not in the heap snapshot; its JSTypedArray header is.
    expect(s.classes.C!.bytes).toBeGreaterThan(0);
    // 100 objects each with a boxed double, plus the array: several KB, none of the child.
    expect(s.classes.P!.bytes).toBeGreaterThan(100 * 32);
    // The shared list goes to its first owner only.
    expect(s.classes.A!.bytes).toBeGreaterThan(500 * 40);
    expect(s.classes.B!.bytes).toBeLessThan(200);
    expect(s.trackedTotal).toBe(Object.values(s.classes).reduce((n, c) => n + c.bytes, 0));
    const sizes = tracker.find(parent)!.sizes;
    expect(sizes.at(-1)!.flat).toBeGreaterThan(0);
    expect(sizes.at(-1)!.flat).toBeLessThanOrEqual(sizes.at(-1)!.size);
    expect(() => tracker.snapshotSync()).toThrow(/asynchronous/);
  });

  it('agrees with the layout model within a tolerance on simple shapes', async () => {
    const tracker = new ClassTracker();
    const objs = {
      strings: Array.from({ length: 200 }, (_, i) => flat(`str-${i}-${'y'.repeat(30)}`)),
      doubles: Array.from({ length: 300 }, (_, i) => i + 0.25),
      objects: Array.from({ length: 200 }, (_, i) => ({ id: i, name: flat(`n${i}`) })),
    };
    for (const [name, o] of Object.entries(objs)) tracker.trackObject(o, { name });
    const model = tracker.snapshotSync('model');
    const exact = await tracker.snapshot('exact', { sizing: 'exact' });
    for (const name of Object.keys(objs)) {
      const m = model.classes[name]!.bytes;
      const e = exact.classes[name]!.bytes;
      expect(Math.abs(m - e) / e, `${name}: model ${m} vs exact ${e}`).toBeLessThan(0.2);
    }
  });
});
