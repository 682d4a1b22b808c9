import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { formatSummary, SUMMARY_WIDTH } from '../../src/stats/formatSummary.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { validateDump } from '../../src/dump/validateDump.js';
import { nodePlatform } from '../../platform/node/nodePlatform.js';
import type { Platform } from '../../src/platform.js';

/**
 * Issue 11: where the runtime counts objects by prototype (`v8.queryObjects`, Node 20.13+,
 * 22, 24), an exact snapshot sets the heap's count of each tracked class against the
 * tracker's, so instances made before tracking began, by the original class, or through
 * `Object.create` show up as `untracked`. Elsewhere the snapshot simply has no `heapCounts`.
 */
const hasQueryObjects = typeof (v8 as { queryObjects?: unknown }).queryObjects === 'function';

class Item {
  v = [1, 2, 3];
}
class SubItem extends Item {
  w = 'x';
}

function platformWith(overrides: Partial<Platform>): Platform & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { ...nodePlatform(), onError: (e: unknown) => void errors.push(e), ...overrides, errors };
}

describe(`heapCounts: exact snapshots cross-checked with v8.queryObjects (Node ${process.versions.node})`, () => {
  it.runIf(hasQueryObjects)('counts instances the tracker does not know of, per class; subclasses and wrappers are not miscounted', async () => {
    const early = new Item(); // before tracking began
    const tracker = new ClassTracker({ platform: platformWith({}), sizing: 'exact' });
    const T = tracker.trackClass(Item);
    const S = tracker.trackClass(SubItem);
    const tracked = [new T(), new T(), new T(), new S()];
    const bypass = new Item(); // the original class, not the tracked one
    const created = Object.create(T.prototype) as object; // no constructor ran
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const snap = await tracker.snapshot('exact');
    await new Promise((r) => setImmediate(r)); // warnings are emitted on a later tick
    process.off('warning', onWarning);
    expect(snap.heapCounts).toEqual({
      Item: { heap: 7, tracked: 4, untracked: 3 }, // 3 Items, 1 SubItem, early, bypass, created
      SubItem: { heap: 1, tracked: 1, untracked: 0 },
    });
    expect(snap.classes['Item']!.active).toBe(3);
    // Node's one-time ExperimentalWarning for v8.queryObjects is not passed on to the app.
    expect(warnings.filter((w) => w.message.includes('queryObjects'))).toEqual([]);
    const dump = tracker.toDump();
    expect(dump.snapshots[0]!.heapCounts).toEqual(snap.heapCounts);
    expect(loadDump(JSON.stringify(dump)).snapshots[0]!.heapCounts).toEqual(snap.heapCounts);
    const summary = formatSummary(dump, ['Item', 'SubItem']).split('\n');
    expect(summary.filter((l) => l.includes('untracked'))).toEqual([`  heap has 3 untracked Item (v8.queryObjects)`.padEnd(SUMMARY_WIDTH)]);
    // Model snapshots take no heap count (it is a full GC per class).
    expect((await tracker.snapshot('model', { sizing: 'model' })).heapCounts).toBeUndefined();
    expect([early, bypass, created, tracked]).toHaveLength(4);
    tracker.clear();
  }, 120_000);

  it('is skipped cleanly where the runtime cannot count (no countObjects: Node before 20.13, browsers)', async () => {
    const platform = platformWith({});
    delete (platform as { countObjects?: unknown }).countObjects;
    const tracker = new ClassTracker({ platform, sizing: 'exact' });
    const T = tracker.trackClass(Item);
    const items = [new T(), new Item()];
    const snap = await tracker.snapshot('exact');
    expect(snap.heapCounts).toBeUndefined();
    expect('heapCounts' in tracker.toDump().snapshots[0]!).toBe(false);
    expect(snap.classes['Item']!.active).toBe(1);
    expect(platform.errors).toEqual([]);
    expect(items).toHaveLength(2);
    tracker.clear();
  }, 120_000);

  it('a failing count is reported and leaves the snapshot whole, without heapCounts', async () => {
    const platform = platformWith({ countObjects: () => { throw new Error('count failed'); } });
    const tracker = new ClassTracker({ platform, sizing: 'exact' });
    const T = tracker.trackClass(Item);
    const items = [new T()];
    const snap = await tracker.snapshot('exact');
    expect(snap.heapCounts).toBeUndefined();
    expect(snap.classes['Item']!.active).toBe(1);
    expect(String(platform.errors[0])).toMatch(/count failed/);
    expect(items).toHaveLength(1);
    tracker.clear();
  }, 120_000);

  it('the validator checks heapCounts: counts, and untracked = heap - tracked', async () => {
    const tracker = new ClassTracker({ platform: platformWith({ countObjects: () => 5 }), sizing: 'exact' });
    const T = tracker.trackClass(Item);
    const items = [new T(), new T()];
    await tracker.snapshot('exact');
    const good = tracker.toDump();
    expect(good.snapshots[0]!.heapCounts).toEqual({ Item: { heap: 4, tracked: 2, untracked: 2 } }); // 5 less the wrapper's prototype
    const broken = (change: (c: Record<string, unknown>) => void): unknown => {
      const d = JSON.parse(JSON.stringify(good)) as { snapshots: Array<{ heapCounts: Record<string, Record<string, unknown>> }> };
      change(d.snapshots[0]!.heapCounts['Item']!);
      return d;
    };
    expect(() => validateDump(broken(() => undefined))).not.toThrow();
    expect(() => validateDump(broken((c) => void (c['heap'] = -1)))).toThrow(/snapshots\[0\]\.heapCounts\.Item\.heap: expected a non-negative integer/);
    expect(() => validateDump(broken((c) => void (c['tracked'] = 1.5)))).toThrow(/heapCounts\.Item\.tracked/);
    expect(() => validateDump(broken((c) => void (c['untracked'] = 3)))).toThrow(/heapCounts\.Item\.untracked: expected heap - tracked \(2\), got 3/);
    expect(items).toHaveLength(2);
    tracker.clear();
  }, 120_000);
});
