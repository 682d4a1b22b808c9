import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { createTracked } from '../../src/tracker/Tracked.js';
import { collectGarbage, fakePlatform, manualTimers } from './helpers/fakePlatform.js';

/**
 * No leaks from the tracker itself (run with --expose-gc, in both decorator modes): instances
 * the app drops are collected while tracking, snapshots and periodic snapshots run, and the
 * tracker's own structures stay bounded however many instances come and go.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

/** The tracker's private bookkeeping, read for bounds (not part of the API). */
interface Internals {
  _store: { length: number };
  _cols: Array<{ count: number; refs: Map<number, unknown> | undefined }>;
  _dead: Map<string, number>;
  _live: Map<string, number>;
}
const internals = (t: ClassTracker): Internals => t as unknown as Internals;

const heapUsed = (): number => process.memoryUsage().heapUsed;

describe(`tracker leaks (${mode} decorators)`, () => {
  it('instances dropped by the app are collected while snapshots (with referent trees and traces) and periodic snapshots run', async () => {
    const timers = manualTimers();
    const platform = fakePlatform({ setInterval: timers.setInterval });
    const tracker = new ClassTracker({ platform });
    const Tracked = createTracked(() => tracker);
    @Tracked({ resolution: 3, trace: true })
    class Doc {
      body = { text: 'x'.repeat(100), tags: ['a', 'b'], parent: undefined as Doc | undefined };
      cache = new Map<number, object>([[1, { n: 1 }]]);
    }
    class Page extends Doc {
      self = this;
    }
    const refs: Array<WeakRef<object>> = [];
    tracker.startPeriodicSnapshots(2);
    await (async () => {
      let prev: Doc | undefined;
      for (let i = 0; i < 500; i++) {
        const d = i % 2 === 0 ? new Doc() : new Page();
        d.body.parent = prev; // a chain: each instance references the previous one
        prev = d;
        refs.push(new WeakRef(d));
        const plain = tracker.trackObject({ i, payload: new Array(50).fill(i) }, { resolution: 1 }).deref()!;
        refs.push(new WeakRef(plain));
        if (i % 100 === 0) await tracker.snapshot(`s${i}`);
        if (i % 100 === 50) await timers.fire(); // a periodic snapshot
      }
      tracker.snapshotSync('all alive');
    })();
    await timers.fire();
    tracker.stopPeriodicSnapshots();
    await collectGarbage(8);
    const alive = refs.filter((r) => r.deref() !== undefined).length;
    expect(alive).toBe(0);
    const last = await tracker.snapshot('after drop');
    expect(Object.values(last.classes).reduce((s, c) => s + c.active, 0)).toBe(0);
    expect(last.trackedTotal).toBe(0);
    for (const list of tracker.index.values()) for (const r of list) expect(r.alive()).toBe(false);
    // 5 explicit in the loop, 5 periodic in it, 'all alive', one periodic after, 'after drop'.
    expect(tracker.snapshots).toHaveLength(13);
    expect(platform.errors).toEqual([]);
    // History ends at zero for every name.
    for (const [, points] of tracker.history) expect(points.at(-1)![1]).toBe(0);
  });

  it('keep holds instances until detachAll, then they are collected', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    const refs: Array<WeakRef<object>> = [];
    (() => {
      for (let i = 0; i < 100; i++) refs.push(new WeakRef(tracker.trackObject({ i }, { keep: true }).deref()!));
    })();
    await collectGarbage(3);
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(100);
    tracker.detachAll();
    await collectGarbage(4);
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });

  it('10,000 create/drop cycles with snapshots: indexes, folded counts, history and heap stay bounded', async () => {
    const DEAD_LIMIT = 100;
    const HISTORY_LIMIT = 64;
    const platform = fakePlatform();
    const tracker = new ClassTracker({ platform, deadRecordLimit: DEAD_LIMIT, historyLimit: HISTORY_LIMIT });
    const Tracked = createTracked(() => tracker);
    @Tracked({ resolution: 1 })
    class Item {
      data = new Array(20).fill(1.5);
    }
    const CYCLES = 10_000;
    const live: Item[] = [];
    let heapAt2k = 0;
    let created = 0;
    const maxIndex: number[] = [];
    for (let i = 1; i <= CYCLES; i++) {
      live.push(new Item());
      created++;
      tracker.trackObject({ i }, { name: 'Plain' });
      created++;
      if (live.length > 10) live.shift(); // the app drops all but the 10 newest
      if (i % 500 === 0) {
        await collectGarbage(2);
        tracker.snapshotSync(`cycle ${i}`);
        maxIndex.push(...[...tracker.index.values()].map((l) => l.length));
        if (i === 2000) heapAt2k = heapUsed();
      }
    }
    await collectGarbage(4);
    const snap = tracker.snapshotSync('end');
    const index = tracker.index;
    // Dead records beyond the limit fold: per class at most limit + slack, plus the live ones.
    for (const n of maxIndex) expect(n).toBeLessThanOrEqual(DEAD_LIMIT + 16 + 10);
    for (const [name, list] of index) {
      const folded = tracker.folded.get(name)?.count ?? 0;
      expect(list.length + folded).toBe(CYCLES); // every instance accounted for, once
      expect(list.length).toBeLessThanOrEqual(DEAD_LIMIT + 16 + 10);
    }
    expect(internals(tracker)._store.length).toBeLessThanOrEqual(2 * (DEAD_LIMIT + 16) + 10);
    for (const [, points] of tracker.history) expect(points.length).toBeLessThanOrEqual(HISTORY_LIMIT);
    // Snapshot columns hold only the instances alive at each snapshot.
    for (const cols of internals(tracker)._cols) expect(cols.count).toBeLessThanOrEqual(10 + 10);
    expect(snap.classes['Item']!.active).toBe(10);
    expect(snap.classes['Plain']!.active).toBe(0);
    expect(tracker.snapshots).toHaveLength(CYCLES / 500 + 1);
    expect(created).toBe(2 * CYCLES);
    // The dump stays small: folded aggregates, not 20,000 rows.
    const dump = tracker.toDump();
    expect(dump.instances.rows.length / dump.instances.fields.length).toBeLessThanOrEqual(2 * (DEAD_LIMIT + 16) + 10);
    expect(JSON.stringify(dump).length).toBeLessThan(200_000);
    // Heap after gc: 8,000 more cycles add well under 4 MB (each would cost far more if kept).
    await collectGarbage(4);
    expect(heapUsed() - heapAt2k).toBeLessThan(4 * 1024 * 1024);
    expect(platform.errors).toEqual([]);
    live.length = 0;
  });

  it('clear() and detachAll() drop every record; the seen-set of a finished snapshot is not retained', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    const big = { blob: new Array(100_000).fill(0.5) };
    const bigRef = new WeakRef(big.blob);
    tracker.trackObject(big);
    await tracker.snapshot('with big');
    (big as { blob: unknown }).blob = null; // the app lets go of the array: only a finished snapshot saw it
    await collectGarbage(4);
    expect(bigRef.deref()).toBeUndefined();
    tracker.clear();
    expect(tracker.index.size).toBe(0);
    expect(tracker.history.size).toBe(0);
    expect(tracker.snapshots).toHaveLength(0);
    expect(internals(tracker)._store.length).toBe(0);
  });
});
