import { afterEach, describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { nodePlatform } from '../../platform/node/nodePlatform.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * When deaths become visible (issue 9): JavaScript keeps every WeakRef target created or read
 * in a task alive until that task ends, so a gc() in the task that registered, swept or
 * snapshotted an instance cannot collect it. `sweep()` records what has died at once and
 * resolves in a later task: `await tracker.sweep(); gc(); tracker.sweep()` records the deaths.
 */
const gc = (): void => (globalThis as { gc: () => void }).gc();

class Foo {
  n = 1;
}

let trackers: ClassTracker[] = [];
afterEach(() => {
  for (const t of trackers) t.clear();
  trackers = [];
});

function setup(platform = fakePlatform()) {
  const tracker = new ClassTracker({ platform });
  trackers.push(tracker);
  return tracker;
}

describe('sweep() and the task that read the instances', () => {
  it('create, drop, gc() in one task: not yet collectable; the documented sequence then records the deaths', async () => {
    const tracker = setup(nodePlatform());
    const Tracked = tracker.trackClass(Foo);
    let made: Foo[] | undefined = Array.from({ length: 50 }, () => new Tracked());
    const kept = new Tracked();
    expect(made).toHaveLength(50);
    made = undefined;
    gc();
    void tracker.sweep();
    // Created in this task: kept alive until it ends, as the docs say.
    expect(tracker.toDump().history.Foo!.at(-1)![1]).toBe(51);

    await tracker.sweep();
    gc();
    void tracker.sweep();
    const history = tracker.history.get('Foo')!;
    expect(history.at(-1)![1]).toBe(1);
    expect(history.filter((p, i) => i > 0 && p[1] < history[i - 1]![1])).toHaveLength(50);
    expect(tracker.find(kept)!.alive()).toBe(true);
  });

  it('after a snapshot or a sweep read every instance, awaiting sweep() lets the next gc() collect the dropped ones', async () => {
    for (const read of ['snapshot', 'sweep'] as const) {
      const tracker = setup();
      let doomed: Foo | undefined = new Foo();
      const record = tracker.trackObject(doomed);
      await new Promise((r) => setTimeout(r, 0));
      if (read === 'snapshot') tracker.snapshotSync(read);
      else void tracker.sweep();
      doomed = undefined;
      gc();
      void tracker.sweep();
      expect(record.alive(), `${read}: read in this task, so still alive`).toBe(true);
      await tracker.sweep();
      gc();
      void tracker.sweep();
      expect(record.alive(), read).toBe(false);
      expect(doomed).toBeUndefined();
    }
  });

  it('resolves in a later task on every platform shape: nextTask, yieldToHost, a timer, or at once without one', async () => {
    const order: string[] = [];
    const nextTask = setup(fakePlatform({ nextTask: () => new Promise((r) => setImmediate(() => (order.push('nextTask'), r()))) }));
    await nextTask.sweep();
    const yielding = setup(fakePlatform({ yieldToHost: () => new Promise((r) => setImmediate(() => (order.push('yieldToHost'), r()))) }));
    await yielding.sweep();
    const timed = setup(fakePlatform({ setTimeout: (fn, ms) => (order.push(`setTimeout ${ms}`), void setTimeout(fn, ms), () => undefined) }));
    await timed.sweep();
    const bare = setup(fakePlatform({ setTimeout: undefined }));
    await bare.sweep();
    expect(order).toEqual(['nextTask', 'yieldToHost', 'setTimeout 0']);
  });
});
