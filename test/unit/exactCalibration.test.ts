import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../platform/node/index.js';
import { corpus } from './helpers/calibrationCorpus.js';
import { ownedInSnapshot } from './helpers/heapOwnership.js';

/**
 * Exact mode (a V8 heap snapshot through node:v8, sized by platform/node/exactSizes.ts) must
 * agree to the byte with the calibration's independent ownership count
 * (test/unit/helpers/heapOwnership.ts) on a second heap snapshot taken right after, for every
 * shape of the calibration corpus. Decorator mode plays no part: legacy project only.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

/** Two roots sharing a list that nothing else reaches: it goes to the first root only. */
function sharedPair(): Array<[string, object]> {
  const list = Array.from({ length: 40 }, (_, i) => ({ i: i + 0.5 }));
  return [['(extra) first holder of a shared list', { list }], ['(extra) second holder', { again: list }]];
}

describe.skipIf(mode === 'standard')('exact mode vs the heap snapshot (calibration corpus)', () => {
  it('agrees to the byte on every shape', async () => {
    const shapes = [...corpus(), ...sharedPair()];
    const roots = shapes.map(([, v]) => v);
    const tracker = new ClassTracker({ sizing: 'model' });
    for (const [name, v] of shapes) tracker.trackObject(v, { name });
    const snap = await tracker.snapshot('exact', { sizing: 'exact' });
    expect(snap.sizing).toBe('exact');
    // The same objects, and nothing they reach allocated in between.
    const owned = await ownedInSnapshot(roots);
    const rows = shapes.map(([name, v], i) => {
      const last = tracker.find(v)!.sizes.at(-1)!;
      return { name, exact: last.size, flat: last.flat, v8: owned[i]!.bytes };
    });
    const width = Math.max(...rows.map((r) => r.name.length));
    const cells = (a: string, b: string | number, c: string | number, d: string | number) =>
      [a.padEnd(width), String(b).padStart(8), String(c).padStart(8), String(d).padStart(6)].join(' ');
    process.stdout.write(`\n${[cells('shape', 'exact', 'V8', 'diff'), ...rows.map((r) => cells(r.name, r.exact, r.v8, r.exact - r.v8))].join('\n')}\n`);

    expect(rows.length).toBeGreaterThanOrEqual(22);
    expect(rows.filter((r) => r.exact !== r.v8).map((r) => `${r.name}: exact ${r.exact}, V8 ${r.v8}`)).toEqual([]);
    for (const r of rows.slice(0, -1)) {
      expect(r.flat, r.name).toBeGreaterThan(0);
      expect(r.flat, r.name).toBeLessThanOrEqual(r.exact);
    }
    // First owner: the shared list (40 objects with a HeapNumber each) is the first holder's.
    const [first, second] = rows.slice(-2);
    expect(first!.exact).toBeGreaterThan(40 * 40);
    expect(second!.exact).toBeLessThan(100);
    expect(snap.trackedTotal).toBe(rows.reduce((n, r) => n + r.exact, 0));
  });
});
