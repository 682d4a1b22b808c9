import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { Stats } from '../../src/stats/Stats.js';
import { validateDump } from '../../src/dump/validateDump.js';
import { fakePlatform } from './helpers/fakePlatform.js';
import { heapInUse } from './helpers/heapInUse.js';

/**
 * `snapshotLimit`: the tracker keeps the per-instance size columns of its newest snapshots
 * only, so its memory stops growing with each snapshot (24 bytes per instance sized, before);
 * the per-class figures of every snapshot stay exact, and the dump says which snapshots
 * lost their per-instance sizes.
 */
const heap = heapInUse;

class Item {
  data = [1, 2, 3];
  name = 'item';
}

function populated(limit: number | undefined, n: number) {
  const tracker = new ClassTracker({ platform: fakePlatform(), ...(limit === undefined ? {} : { snapshotLimit: limit }) });
  const T = tracker.trackClass(Item);
  const items: Item[] = [];
  for (let i = 0; i < n; i++) items.push(new T());
  return { tracker, items };
}

describe('snapshotLimit', () => {
  it('beyond the limit, the tracker retains about nothing more per snapshot (memory, not time)', () => {
    const N = 3_000;
    const { tracker, items } = populated(4, N);
    for (let i = 0; i < 10; i++) tracker.snapshotSync(); // past the limit, warmed up
    const SNAPS = 200;
    const before = heap();
    for (let i = 0; i < SNAPS; i++) tracker.snapshotSync(i);
    const perSnapshot = (heap() - before) / SNAPS;
    // Without the limit each snapshot kept 3 columns x 8 bytes x 3,000 instances = 72,000 bytes;
    // what remains is the Snapshot entry itself (one class here).
    expect(perSnapshot).toBeLessThan(2_000);
    expect(tracker.snapshots).toHaveLength(SNAPS + 10);
    expect(items).toHaveLength(N);
  });

  it("keeps every snapshot's class figures exact; records have sizes in the newest snapshots only", () => {
    const { tracker, items } = populated(3, 50);
    const snaps = [];
    for (let i = 0; i < 8; i++) {
      items[i]!.data = new Array<number>(100 * (i + 1)).fill(0.5); // figures change per snapshot
      snaps.push(tracker.snapshotSync(`s${i}`));
    }
    const record = tracker.find(items[0]!)!;
    expect(record.sizes.map((s) => s.snapshot)).toEqual(snaps.slice(5).map((s) => s.id));
    expect(tracker.snapshots.map((s) => s.classes['Item']!.active)).toEqual(new Array(8).fill(50));
    // Each snapshot's bytes stay what they were when taken (they grew as the arrays grew).
    const bytes = tracker.snapshots.map((s) => s.classes['Item']!.bytes);
    for (let i = 1; i < 8; i++) expect(bytes[i]!).toBeGreaterThan(bytes[i - 1]!);
    expect(bytes).toEqual(snaps.map((s) => s.classes['Item']!.bytes));
  });

  it('the dump marks the snapshots without per-instance sizes and round-trips through loadDump', () => {
    const { tracker, items } = populated(2, 20);
    tracker.trackObject(items[0]!, { resolution: 2 });
    for (let i = 0; i < 5; i++) tracker.snapshotSync(`s${i}`);
    const dump = JSON.parse(JSON.stringify(tracker.toDump())) as ReturnType<ClassTracker['toDump']>;
    expect(dump.snapshots.map((s) => s.sizesDropped ?? false)).toEqual([true, true, true, false, false]);
    for (const s of dump.snapshots.slice(0, 3)) {
      expect(s.sizes.rows).toEqual([]);
      expect(s.refs).toBeUndefined();
      expect(s.classes['Item']!.active).toBe(20);
    }
    expect(dump.snapshots[4]!.sizes.rows.length).toBe(20 * 3);
    const loaded = loadDump(JSON.stringify(dump));
    expect(loaded.snapshots[0]!.sizesDropped).toBe(true);
    expect(loaded.snapshots[3]!.sizesDropped).toBeUndefined();
    expect(loaded.snapshots.map((s) => s.classes)).toEqual(dump.snapshots.map((s) => s.classes));
    const stats = Stats.from(loaded);
    expect(stats.reader.sizedSnapshots).toEqual([3, 4]);
    expect(stats.summary()).toContain('s0');
    const text = stats.formatStats({ limit: 1 });
    expect(text).toContain('s4');
    expect(text).not.toContain('s0');
  });

  it('a dump that claims dropped sizes but carries rows or refs is rejected, naming the field', () => {
    const { tracker } = populated(1, 3);
    tracker.snapshotSync('a');
    tracker.snapshotSync('b');
    const dump = JSON.parse(JSON.stringify(tracker.toDump())) as Record<string, unknown> & { snapshots: Array<Record<string, unknown>> };
    const withRows = structuredClone(dump);
    withRows.snapshots[0]!['sizes'] = dump.snapshots[1]!['sizes'];
    expect(() => validateDump(withRows)).toThrow(/snapshots\[0\]\.sizesDropped/);
    const notTrue = structuredClone(dump);
    notTrue.snapshots[0]!['sizesDropped'] = false;
    expect(() => validateDump(notTrue)).toThrow(/snapshots\[0\]\.sizesDropped: expected true/);
  });

  it('rejects a snapshotLimit that is not a positive integer', () => {
    for (const v of [0, -1, 1.5, Number.NaN]) {
      expect(() => new ClassTracker({ platform: fakePlatform(), snapshotLimit: v })).toThrow(/snapshotLimit must be a positive integer/);
    }
    expect(new ClassTracker({ platform: fakePlatform() }).snapshotLimit).toBe(100);
  });
});
