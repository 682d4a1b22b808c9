import { afterEach, describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/**
 * Liveness without one finalizer per instance: each major GC collects one canary, whose
 * callback sweeps the WeakRefs for deaths (deferred when the last sweep was recent and
 * costly); every read and snapshot sweeps first; `sweep()` does it on demand. Births read
 * the clock at most once per 16 registrations within one task.
 */
const gc = (): void => (globalThis as { gc: () => void }).gc();
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

class Foo {
  n = 1;
}

/** A tracker on a manual clock whose timers are captured, not run. */
function manual(step = 0) {
  let t = 1000;
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const platform = fakePlatform({
    now: () => (t += step),
    setTimeout(fn, ms) {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  return { tracker: new ClassTracker({ platform }), timers, platform, set: (v: number) => void (t = v) };
}

let trackers: ClassTracker[] = [];
afterEach(() => {
  for (const t of trackers) t.clear();
  trackers = [];
});

describe('liveness by sweeping after each GC', () => {
  it('records a death after a GC with no read and no snapshot (the canary sweeps)', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    trackers.push(tracker);
    const kept = new Foo();
    const keptRecord = tracker.trackObject(kept);
    const record = (() => tracker.trackObject(new Foo()))();
    await tick(); // WeakRef targets stay alive until the task that made them ends
    await collectGarbage();
    // Views read the store without sweeping: the canary's sweep already ran.
    expect(record.death).toBeGreaterThanOrEqual(record.birth);
    expect(record.alive()).toBe(false);
    expect(keptRecord.alive()).toBe(true);
    expect(tracker.history.get('Foo')!.map((p) => p[1])).toEqual([1, 2, 1]);
  });

  it('sweep() records deaths at once after a forced GC, in the same task', async () => {
    const { tracker, set } = manual();
    trackers.push(tracker);
    const record = (() => tracker.trackObject(new Foo()))();
    await tick();
    set(5000);
    gc();
    expect(record.death).toBeUndefined();
    tracker.sweep();
    expect(record.death).toBe(4000); // ms since the tracker started at 1000
    expect(tracker.history.get('Foo')).toEqual([[0, 1], [4000, 0]]);
  });

  it('defers a sweep after a recent costly one, and any read or the timer catches up', async () => {
    // Each clock read advances 50 ms: a sweep "costs" 100 ms, so the next waits about 19 x 100 ms.
    const { tracker, timers } = manual(50);
    trackers.push(tracker);
    const first = (() => tracker.trackObject(new Foo()))();
    await tick();
    await collectGarbage(3);
    expect(first.death).toBeDefined(); // the first sweep runs at once
    const second = (() => tracker.trackObject(new Foo()))();
    await tick();
    await collectGarbage(3);
    expect(second.death).toBeUndefined();
    const pending = timers.filter((x) => !x.cancelled);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.ms).toBeGreaterThan(0);
    expect(pending[0]!.ms).toBeLessThanOrEqual(19 * 150); // a sweep reads the clock 3 times
    // A read sweeps what the GC left; the timer then finds nothing to do.
    expect(tracker.index.get('Foo')!.map((r) => r.alive())).toEqual([false, false]);
    expect(second.death).toBeDefined();
    expect(pending[0]!.cancelled).toBe(true);

    const third = (() => tracker.trackObject(new Foo()))();
    await tick();
    await collectGarbage(3);
    const timer = timers.at(-1)!;
    expect(third.death).toBeUndefined();
    timer.fn();
    expect(third.death).toBeDefined();
  });

  it('a snapshot sees deaths the GC left unswept and counts only the living', async () => {
    const { tracker } = manual(50);
    trackers.push(tracker);
    const keep: Foo[] = [new Foo(), new Foo()];
    for (const f of keep) tracker.trackObject(f);
    (() => {
      for (let i = 0; i < 3; i++) tracker.trackObject(new Foo());
    })();
    await tick();
    tracker.sweep(); // make the next GC's sweep wait
    await collectGarbage(3);
    const snap = tracker.snapshotSync('after');
    expect(snap.classes['Foo']!.active).toBe(2);
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(2);
    expect(keep).toHaveLength(2);
  });

  it('where the host can be yielded to, sweeps after a GC in slices; a read meanwhile sweeps everything itself', async () => {
    let t = 0;
    let yields = 0;
    let gate: (() => void) | undefined;
    const platform = fakePlatform({
      now: () => (t += 5), // every clock read "takes" 5 ms: a slice sweeps one 1,024-record block
      yieldToHost: () => {
        yields++;
        return new Promise<void>((r) => (gate = r));
      },
    });
    const tracker = new ClassTracker({ platform });
    trackers.push(tracker);
    const kept: Foo[] = [];
    (() => {
      for (let i = 0; i < 5000; i++) {
        const f = new Foo();
        tracker.trackObject(f);
        if (i % 2 === 0) kept.push(f);
      }
    })();
    await tick();
    await collectGarbage(2);
    // The canary's sweep ran its first slice, then yielded.
    expect(yields).toBe(1);
    const dead = (): number => tracker.index.get('Foo')!.filter((r) => r.death !== undefined).length;
    let slices = 1;
    while (gate !== undefined && slices < 20) {
      const g = gate;
      gate = undefined;
      g();
      await tick();
      slices++;
    }
    expect(slices).toBeGreaterThanOrEqual(4); // 5,000 records in blocks of 1,024
    expect(dead()).toBe(2500);
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(2500);

    // Another round, interrupted by a read: the read sweeps at once and the sliced sweep stops.
    kept.length = 1000;
    t += 1e6; // long after the last sweep: this one is not deferred
    await tick();
    yields = 0;
    await collectGarbage(2);
    expect(yields).toBe(1);
    expect(dead()).toBe(4000); // the read inside dead() swept the rest
    const g = gate!;
    gate = undefined;
    g();
    await tick();
    expect(gate).toBeUndefined(); // no further slice: the background sweep saw it was superseded
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(1000);
    expect(platform.errors).toEqual([]);
  });

  it('without yieldToHost (Node), the sliced sweep waits for a 0 ms timer between slices', async () => {
    const { tracker, timers } = manual(5); // every clock read "takes" 5 ms: one block per slice
    trackers.push(tracker);
    (() => {
      for (let i = 0; i < 3000; i++) tracker.trackObject(new Foo());
    })();
    await tick();
    await collectGarbage(2);
    const isLive = (i: number): boolean => (tracker as unknown as { _store: { live(i: number): boolean } })._store.live(i);
    expect(isLive(0)).toBe(false); // the first slice ran
    expect(isLive(2999)).toBe(true); // the last block waits
    for (let k = 0; k < 10; k++) {
      const pending = timers.filter((x) => !x.cancelled && x.ms === 0);
      if (pending.length === 0) break;
      for (const x of pending) {
        x.cancelled = true;
        x.fn();
      }
      await tick();
    }
    expect(timers.filter((x) => x.ms === 0).length).toBe(2); // 3 slices, 2 waits
    expect(isLive(2999)).toBe(false);
    expect(tracker.history.get('Foo')!.at(-1)![1]).toBe(0);
  });

  it('stops watching when nothing weak is left, and clear() forgets the canary', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform() });
    trackers.push(tracker);
    (() => tracker.trackObject(new Foo()))();
    const kept = new Foo();
    tracker.trackObject(kept, { keep: true });
    await tick();
    await collectGarbage();
    const internals = (tracker as unknown as { _sweeps: { armed: boolean } })._sweeps;
    expect(internals.armed).toBe(false); // only a kept record is left: no canary
    tracker.trackObject(new Foo());
    expect(internals.armed).toBe(true);
    tracker.clear();
    expect(internals.armed).toBe(false);
    await collectGarbage(2);
    expect(tracker.index.size).toBe(0);
  });
});

describe('birth clock', () => {
  it('reads the clock at most once per 16 registrations within a task, and anew in the next task', async () => {
    let reads = 0;
    let t = 0;
    const platform = fakePlatform({ now: () => (reads++, (t += 1)) });
    const tracker = new ClassTracker({ platform });
    trackers.push(tracker);
    const keep: Foo[] = [];
    const before = reads;
    for (let i = 0; i < 40; i++) tracker.trackObject((keep[i] = new Foo()));
    expect(reads - before).toBe(3); // registrations 1, 17 and 33 read it
    const births = tracker.index.get('Foo')!.map((r) => r.birth);
    expect(new Set(births).size).toBe(3);
    expect([...births].sort((a, b) => a - b)).toEqual(births);
    await Promise.resolve();
    await Promise.resolve();
    const r = tracker.trackObject(new Foo());
    expect(r.birth).toBeGreaterThan(births.at(-1)!);
    expect(keep).toHaveLength(40);
  });

  it('births after a snapshot, a death or a mark in the same task read the clock again: times never go backwards', async () => {
    const { tracker, set } = manual();
    trackers.push(tracker);
    const keep: Foo[] = [];
    set(2000);
    keep.push(new Foo());
    tracker.trackObject(keep[0]!); // reads the clock: 1000
    set(3000);
    const snap = tracker.snapshotSync('s'); // 2000
    const afterSnap = tracker.trackObject((keep[1] = new Foo())); // would reuse 1000 without the reset
    expect(afterSnap.birth).toBeGreaterThanOrEqual(snap.time);
    set(4000);
    const mark = tracker.mark('m');
    const afterMark = tracker.trackObject((keep[2] = new Foo()));
    expect(afterMark.birth).toBeGreaterThanOrEqual(mark.time);
    (() => tracker.trackObject(new Foo()))();
    await tick();
    gc();
    set(5000);
    tracker.sweep(); // a death at 4000
    const afterDeath = tracker.trackObject((keep[3] = new Foo()));
    expect(afterDeath.birth).toBe(4000);
    const times = tracker.history.get('Foo')!.map((p) => p[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
