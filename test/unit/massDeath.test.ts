import { afterEach, describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { RecordStore } from '../../src/tracker/RecordStore.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/**
 * Mass deaths: the work per death is O(1) amortised (deaths are a column, not a Map entry
 * and a boxed number each; folding compacts the store only once the dead records beyond the
 * limit are an eighth of it), and in browsers the snapshot's walk over the records is sliced.
 * Operations are counted, never timed.
 */
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

class Foo {
  n = 1;
}

interface StoreView {
  _store: RecordStore;
}
const storeOf = (t: ClassTracker): RecordStore => (t as unknown as StoreView)._store;

let trackers: ClassTracker[] = [];
afterEach(() => {
  for (const t of trackers) t.clear();
  trackers = [];
});

describe('mass deaths', () => {
  it('folding is amortised: records moved by compaction stay within a small multiple of the deaths', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform(), deadRecordLimit: 16 });
    trackers.push(tracker);
    const LIVE = 20_000;
    const ROUNDS = 40;
    const PER_ROUND = 100;
    const kept: Foo[] = [];
    const batches: Array<Foo[] | undefined> = [];
    (() => {
      for (let i = 0; i < LIVE; i++) kept.push(tracker.trackObject(new Foo()).deref() as Foo);
      for (let r = 0; r < ROUNDS; r++) {
        const b: Foo[] = [];
        for (let i = 0; i < PER_ROUND; i++) {
          const f = new Foo();
          tracker.trackObject(f);
          b.push(f);
        }
        batches.push(b);
      }
    })();
    await tick();
    const store = storeOf(tracker);
    let moved = 0;
    let folds = 0;
    for (let r = 0; r < ROUNDS; r++) {
      batches[r] = undefined;
      await tick(); // WeakRef targets read in this task stay alive until it ends
      await collectGarbage(1);
      const before = store.length;
      const epoch = store.epoch;
      tracker.sweep();
      if (store.epoch !== epoch) {
        folds++;
        moved += before; // a compaction walks the whole store
      }
    }
    expect(storeOf(tracker).length).toBeGreaterThanOrEqual(LIVE);
    // Every death recorded, every record accounted for.
    const deaths = ROUNDS * PER_ROUND;
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(LIVE);
    expect(tracker.index.get('Foo')!.length + (tracker.folded.get('Foo')?.count ?? 0)).toBe(LIVE + deaths);
    // Folding each time the limit (16 + slack) is passed would compact 20,000 records per round.
    expect(folds).toBeLessThanOrEqual(2);
    expect(moved).toBeLessThanOrEqual(9 * deaths + LIVE);
    expect(kept.length).toBe(LIVE);
  });

  it('in a browser, a snapshot after mass deaths walks the records in slices, yielding between them', async () => {
    let t = 0;
    let yields = 0;
    let yieldsBeforeSizing = -1;
    const platform = fakePlatform({
      now: () => (t += 5), // each clock read "takes" 5 ms: a slice walks one or two blocks of 1,024 records
      yieldToHost: async () => {
        yields++;
        await tick();
      },
    });
    const tracker = new ClassTracker({ platform });
    trackers.push(tracker);
    const kept: Foo[] = [];
    (() => {
      for (let i = 0; i < 10_000; i++) {
        const f = new Foo();
        tracker.trackObject(f);
        if (i % 100 === 0) kept.push(f);
      }
    })();
    await tick();
    // Deaths the GC made but no sweep recorded: stop the background sweep from seeing them.
    (tracker as unknown as { _sweeps: { disarm(): void } })._sweeps.disarm();
    await collectGarbage(2);
    const sizeSlice = (tracker as unknown as { _sizeSlice: (...a: unknown[]) => boolean })._sizeSlice;
    (tracker as unknown as { _sizeSlice: unknown })._sizeSlice = function (this: ClassTracker, ...a: unknown[]) {
      if (yieldsBeforeSizing < 0) yieldsBeforeSizing = yields;
      return sizeSlice.apply(this, a);
    };
    const snap = await tracker.snapshot('after');
    expect(snap.classes['Foo']!.active).toBe(100);
    expect(yieldsBeforeSizing).toBeGreaterThanOrEqual(4); // 10,000 records, at most 2,048 per slice
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(100);
    expect(platform.errors).toEqual([]);
    expect(kept.length).toBe(100);
  });

  it('a sliced walk whose records move meanwhile (a read folded them) resumes after the last id it saw', async () => {
    let t = 0;
    let gate: (() => void) | undefined;
    const platform = fakePlatform({
      now: () => (t += 5),
      yieldToHost: () => new Promise<void>((r) => (gate = r)),
    });
    const tracker = new ClassTracker({ platform, deadRecordLimit: 10 });
    trackers.push(tracker);
    const kept: Foo[] = [];
    (() => {
      for (let i = 0; i < 8_000; i++) {
        const f = new Foo();
        tracker.trackObject(f);
        if (i >= 4_000) kept.push(f);
      }
    })();
    await tick();
    (tracker as unknown as { _sweeps: { disarm(): void } })._sweeps.disarm();
    await collectGarbage(2);
    const pending = tracker.snapshot('moving');
    await tick();
    expect(gate).toBeDefined(); // the walk yielded part-way through the dead records
    // A read now folds the deaths the walk recorded so far, moving every record.
    const epoch = storeOf(tracker).epoch;
    expect(tracker.index.get('Foo')!.length).toBeLessThan(8_000);
    expect(tracker.folded.get('Foo')!.count).toBeGreaterThan(0);
    expect(storeOf(tracker).epoch).not.toBe(epoch);
    let done = false;
    void pending.then(() => (done = true));
    for (let k = 0; k < 5_000 && !done; k++) {
      const g = gate;
      gate = undefined;
      g?.();
      await tick();
    }
    const snap = await pending;
    expect(snap.classes['Foo']!.active).toBe(4_000);
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(4_000);
    // Each record walked once: every death recorded once, none lost.
    expect(tracker.index.get('Foo')!.length + tracker.folded.get('Foo')!.count).toBe(8_000);
    expect(tracker.index.get('Foo')!.filter((r) => r.death !== undefined).length).toBe(10);
    expect(kept.length).toBe(4_000);
  });
});

describe('sliced folding after a background sweep', () => {
  /** 20,000 records that all die, a gated yieldToHost, and a clock where each read "takes" 5 ms. */
  async function massDeath() {
    let t = 0;
    const gates: Array<() => void> = [];
    const platform = fakePlatform({
      now: () => (t += 5),
      yieldToHost: () => new Promise<void>((r) => gates.push(r)),
    });
    const tracker = new ClassTracker({ platform, deadRecordLimit: 10 });
    trackers.push(tracker);
    (() => {
      for (let i = 0; i < 20_000; i++) tracker.trackObject(new Foo());
    })();
    await tick();
    await collectGarbage(2);
    /** Lets one slice run; false when nothing waits. */
    const step = async (): Promise<boolean> => {
      const g = gates.shift();
      if (g === undefined) return false;
      g();
      await tick();
      return true;
    };
    return { tracker, step, folded: () => tracker.folded.get('Foo')?.count ?? 0, stored: () => storeOf(tracker).length };
  }

  it('aggregates in slices and removes the records at the end', async () => {
    const { tracker, step, folded, stored } = await massDeath();
    let foldSlices = 0;
    let steps = 0;
    while (steps++ < 200 && (await step())) if (folded() > 0 && stored() === 20_000) foldSlices++;
    // Some slices ended with records aggregated but not yet removed: the fold was cut.
    expect(foldSlices).toBeGreaterThanOrEqual(1);
    expect(folded()).toBe(19_990);
    expect(stored()).toBe(10);
    expect(tracker.index.get('Foo')!.length).toBe(10);
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(0);
  });

  it('removes the folded records in slices too: the kept ones are copied aside over several slices, then swapped in', async () => {
    const { tracker, step, folded, stored } = await massDeath();
    const store = storeOf(tracker);
    let removing = 0;
    let steps = 0;
    while (steps++ < 400 && (await step())) if (store.compacting) removing++;
    expect(removing).toBeGreaterThanOrEqual(2);
    expect(folded()).toBe(19_990);
    expect(stored()).toBe(10);
    expect(tracker.index.get('Foo')!.length).toBe(10);
  });

  it('a read during the sliced removal finishes it; nothing is removed twice', async () => {
    const { tracker, step, folded, stored } = await massDeath();
    const store = storeOf(tracker);
    let steps = 0;
    while (steps++ < 400 && !store.compacting && (await step()));
    expect(store.compacting).toBe(true);
    expect(stored()).toBe(20_000);
    expect(tracker.index.get('Foo')!.length).toBe(10); // the read finished the removal
    expect(store.compacting).toBe(false);
    while (steps++ < 800 && (await step()));
    expect(folded()).toBe(19_990);
    expect(stored()).toBe(10);
    expect(tracker.toDump().folded['Foo']!.count).toBe(19_990);
  });

  it('a read during a sliced fold finishes it at once; the slices left then do nothing', async () => {
    const { tracker, step, folded, stored } = await massDeath();
    let steps = 0;
    while (steps++ < 200 && !(folded() > 0 && stored() === 20_000) && (await step()));
    expect(folded()).toBeGreaterThan(0);
    expect(folded()).toBeLessThan(19_990);
    expect(tracker.index.get('Foo')!.length).toBe(10); // the read finished the fold
    expect(folded()).toBe(19_990);
    while (steps++ < 400 && (await step()));
    expect(folded()).toBe(19_990); // nothing folded twice
    expect(stored()).toBe(10);
    const dump = tracker.toDump();
    expect(dump.folded['Foo']!.count).toBe(19_990);
  });
});

describe('RecordStore death column', () => {
  const at = (t: number): Float64Array => Float64Array.of(t);

  it('keeps death times across chunk growth and removal, and a reused slot starts alive', () => {
    const store = new RecordStore();
    const slot = store.slot('A');
    const objs: object[] = [];
    for (let i = 0; i < 100; i++) {
      objs.push({ i });
      store.push(objs[i]!, i + 1, at(i), slot, 0, false, undefined);
      if (i === 10) store.die(10, 0); // time 0 is a time, not "alive"
    }
    // The first chunk grew from 64 slots past slot 10's death.
    expect(store.death(11)).toBe(0);
    expect(store.deathAt(10)).toBe(0);
    expect(store.deathAt(11)).toBeUndefined();
    for (let i = 90; i < 100; i++) store.die(i, 500 + i);
    store.remove(Float64Array.of(10, 90, 91), 3);
    expect(store.length).toBe(97);
    expect(store.death(11)).toBeUndefined(); // removed with its record
    expect(store.death(93)).toBe(592);
    expect(store.deathAt(store.length - 1)).toBe(599);
    // Slots past the end held deaths: new records there are alive.
    for (let i = 0; i < 3; i++) store.push({}, 200 + i, at(200), slot, 0, true, undefined);
    for (let i = 97; i < 100; i++) expect(store.deathAt(i)).toBeUndefined();
    expect(store.row(99).death).toBeUndefined();
  });

  it('a store without deaths allocates no death column', () => {
    const store = new RecordStore();
    const slot = store.slot('A');
    for (let i = 0; i < 5_000; i++) store.push({}, i + 1, at(i), slot, 0, true, undefined);
    const chunks = (store as unknown as { _chunks: Array<{ deaths?: Float64Array }> })._chunks;
    expect(chunks.every((c) => c.deaths === undefined)).toBe(true);
    store.die(4_500, 1);
    expect(chunks[0]!.deaths).toBeUndefined();
    expect(chunks[1]!.deaths).toBeInstanceOf(Float64Array);
  });
});
