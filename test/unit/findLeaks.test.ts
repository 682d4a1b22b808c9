import { describe, expect, it } from 'vitest';
import { browserFindLeaks } from '../../platform/browser/findLeaks.js';
import { ClassTracker, createFindLeaks, createTracked, findLeaks, loadDump } from '../../platform/node/index.js';

/**
 * findLeaks end to end in Node, in both decorator modes: real trackers, real full GCs between
 * iterations. True leaks are reported with their growth, ids, traces and retainer paths; a
 * scenario that creates and drops instances, or whose counts plateau, is not.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

/** A tracker of its own and its decorator, so tests never see each other's classes. */
function setup(): { tracker: ClassTracker; Tracked: ReturnType<typeof createTracked> } {
  const tracker = new ClassTracker();
  return { tracker, Tracked: createTracked(() => tracker) };
}

describe(`findLeaks (${mode} decorators)`, () => {
  it('reports a class whose instances pile up, with its growth, ids and creation site', async () => {
    const { tracker, Tracked } = setup();
    @Tracked({ trace: true })
    class Leaky {
      payload = new Array(10).fill(0);
    }
    const held: Leaky[] = [];
    const result = await findLeaks(() => void held.push(new Leaky()), { tracker, iterations: 4 });
    expect(result.ok).toBe(false);
    expect(result.collected).toBe(true);
    expect(result.leaks.map((l) => l.name)).toEqual(['Leaky']);
    const leak = result.leaks[0]!;
    expect(leak.counts).toEqual([1, 2, 3, 4, 5]);
    expect(leak.perIteration).toBe(1);
    expect(leak.ids).toHaveLength(4);
    const text = String(result);
    expect(text).toContain('1 class leaked over 4 iterations');
    expect(text).toContain('Leaky: +1 per iteration (alive 1 → 2 → 3 → 4 → 5)');
    expect(text).toContain('findLeaks.test.ts');
    held.length = 0;
  });

  it('orders leaks by growth and reports several instances per iteration', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Slow {}
    @Tracked() class Fast {}
    const held: object[] = [];
    const result = await findLeaks(() => void held.push(new Slow(), new Fast(), new Fast(), new Fast()), { tracker, iterations: 3 });
    expect(result.leaks.map((l) => [l.name, l.perIteration])).toEqual([['Fast', 3], ['Slow', 1]]);
  });

  it('does not report instances created and dropped in each iteration, synchronously or across awaits', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Temp {
      data = { big: 'x'.repeat(1000) };
    }
    const result = await findLeaks(async () => {
      const keep = [new Temp(), new Temp()];
      await new Promise((r) => setTimeout(r, 1));
      keep.push(new Temp());
    }, { tracker, iterations: 5 });
    expect(result.ok).toBe(true);
    expect(result.leaks).toEqual([]);
    expect(result.series['Temp']).toEqual([0, 0, 0, 0, 0, 0]);
    expect(String(result)).toBe('findLeaks: no leak in 1 class over 5 iterations (after 1 warm-up)');
  });

  it('does not report a cache that fills in the warm-up, nor one that fills up during the iterations and stops', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Entry {}
    @Tracked() class Lru {}
    const cache = new Map<number, Entry>();
    const lru: Lru[] = [];
    let run = 0;
    const result = await findLeaks(() => {
      for (let k = 0; k < 3; k++) if (!cache.has(k)) cache.set(k, new Entry());
      lru.push(new Lru());
      if (lru.length > 3) lru.shift();
      run++;
    }, { tracker, iterations: 5, warmup: 1 });
    expect(run).toBe(6);
    expect(result.series['Entry']).toEqual([3, 3, 3, 3, 3, 3]);
    expect(result.series['Lru']).toEqual([1, 2, 3, 3, 3, 3]);
    expect(result.ok).toBe(true);
  });

  it('does not report a leak that stops growing in one iteration (a false negative the docs name)', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Sometimes {}
    const held: object[] = [];
    const result = await findLeaks((i) => {
      if (i !== 3) held.push(new Sometimes());
    }, { tracker, iterations: 5 });
    expect(result.series['Sometimes']).toEqual([1, 2, 3, 3, 4, 5]);
    expect(result.ok).toBe(true);
  });

  it('reports a bounded cache larger than the run (the false positive the docs name), and not once the warm-up fills it', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Entry {}
    const lru: Entry[] = [];
    const scenario = (): void => {
      lru.push(new Entry());
      if (lru.length > 8) lru.shift();
    };
    expect((await findLeaks(scenario, { tracker, iterations: 3 })).leaks.map((l) => l.name)).toEqual(['Entry']);
    expect((await findLeaks(scenario, { tracker, iterations: 3, warmup: 8 })).ok).toBe(true);
  });

  it('watches only the classes named, and says when the tracker never had an instance of one', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Doc {}
    @Tracked() class Other {}
    const held: object[] = [];
    const result = await findLeaks(() => void held.push(new Doc(), new Other()), { tracker, classes: ['Other', 'Dco'], iterations: 2 });
    expect(Object.keys(result.series)).toEqual(['Other', 'Dco']);
    expect(result.leaks.map((l) => l.name)).toEqual(['Other']);
    expect(result.notice).toBe('the tracker never had an instance of Dco (a misspelt class name?)');
    expect(String(result)).toContain('note: the tracker never had an instance of Dco');
  });

  it('explains a leak with a retainer path from a global, in the tracked name', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Leaky {}
    const g = globalThis as { leakHolder?: { cache: Leaky[] } };
    g.leakHolder = { cache: [] };
    try {
      const result = await findLeaks(() => void g.leakHolder!.cache.push(new Leaky()), { tracker, iterations: 3, retainers: true, maxRetainers: 2 });
      const leak = result.leaks[0]!;
      expect(leak.retainers).toEqual(['(global) → leakHolder.cache → Array[1] → Leaky', '(global) → leakHolder.cache → Array[2] → Leaky']);
      expect(String(result)).toContain(`#${leak.ids[0]} retained by: (global) → leakHolder.cache → Array[1] → Leaky`);
      // The next dump carries the paths found (and they survive validation).
      const dump = loadDump(JSON.stringify(tracker.toDump()));
      expect(dump.retainers).toEqual({
        [String(leak.ids[0])]: ['(global)', 'leakHolder.cache', 'Array[1]', 'Leaky'],
        [String(leak.ids[1])]: ['(global)', 'leakHolder.cache', 'Array[2]', 'Leaky'],
      });
    } finally {
      delete g.leakHolder;
    }
  });

  it('names tracked holders on the path as the user named them, not the tracker\'s wrapper class', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Editor {
      docs: object[] = [];
    }
    @Tracked() class Doc {}
    const g = globalThis as { leakEditor?: Editor };
    g.leakEditor = new Editor();
    try {
      const result = await findLeaks(() => void g.leakEditor!.docs.push(new Doc()), { tracker, iterations: 2, retainers: true, maxRetainers: 1 });
      expect(result.leaks.map((l) => l.name)).toEqual(['Doc']);
      expect(result.leaks[0]!.retainers).toEqual(['(global) → leakEditor → Editor.docs → Array[1] → Doc']);
    } finally {
      delete g.leakEditor;
    }
  });

  it('recordRetainers keeps the newest 1,000 paths for the dumps, and clear() forgets them', () => {
    const { tracker, Tracked } = setup();
    @Tracked({ keep: true }) class Kept {}
    const ids = Array.from({ length: 1002 }, () => tracker.find(new Kept())!.id);
    tracker.recordRetainers(new Map(ids.map((id) => [id, ['(global)', `k${id}`, 'Kept']])));
    tracker.recordRetainers(new Map([[ids[0]!, ['(global)', 'again', 'Kept']]]));
    const retainers = tracker.toDump().retainers!;
    expect(Object.keys(retainers)).toHaveLength(1000);
    expect(retainers[String(ids[0])]).toEqual(['(global)', 'again', 'Kept']);
    expect(retainers[String(ids[1])]).toBeUndefined();
    expect(retainers[String(ids[2])]).toBeUndefined();
    expect(retainers[String(ids[3])]).toEqual(['(global)', `k${ids[3]}`, 'Kept']);
    tracker.clear();
    expect(tracker.toDump().retainers).toBeUndefined();
  });

  it('leaves out references held by heapcensus itself (keep: true): no path then', async () => {
    const { tracker, Tracked } = setup();
    @Tracked({ keep: true }) class Kept {}
    const result = await findLeaks(() => void new Kept(), { tracker, iterations: 2, retainers: true, maxRetainers: 1 });
    expect(result.leaks[0]!.retainers).toEqual(['(no path from a GC root: held only by heapcensus, or collected)']);
  });

  it('is inconclusive, not clean, when the host cannot collect garbage', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Leaky {}
    const held: object[] = [];
    const noGc = createFindLeaks(() => tracker, { collectGarbage: () => false, collectUnavailable: 'no gc here' });
    const result = await noGc(() => void held.push(new Leaky()), { iterations: 2 });
    expect(result.ok).toBe(false);
    expect(result.collected).toBe(false);
    expect(result.leaks).toEqual([]);
    expect(result.series['Leaky']).toEqual([1, 2, 3]);
    expect(String(result)).toBe('findLeaks: inconclusive over 2 iterations (after 1 warm-up): garbage could not be collected, so live and dead instances cannot be told apart: no gc here');
  });

  it('in a page (the browser build): collects with gc() when exposed (without it: findLeaks.nogc.test.ts)', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Leaky {}
    const held: Leaky[] = [];
    const result = await browserFindLeaks(() => tracker)(() => void held.push(new Leaky()), { iterations: 2, retainers: true });
    expect(result.leaks.map((l) => l.name)).toEqual(['Leaky']);
    expect(result.notice).toBe('no retainer paths: a page cannot take its own heap snapshot: use findPageLeaks from heapcensus/playwright');
  });

  it('rejects bad options and passes the scenario\'s errors on', async () => {
    const { tracker } = setup();
    await expect(findLeaks(() => undefined, { tracker, iterations: 1 })).rejects.toThrow(/iterations must be an integer >= 2, got 1/);
    await expect(findLeaks(() => undefined, { tracker, warmup: -1 })).rejects.toThrow(/warmup must be an integer >= 0/);
    await expect(findLeaks('x' as never, { tracker })).rejects.toThrow(/expects the scenario as a function, got string/);
    await expect(findLeaks(() => undefined, { tracker, classes: 'Doc' as never })).rejects.toThrow(/classes must be an array/);
    await expect(findLeaks(() => { throw new Error('scenario broke'); }, { tracker })).rejects.toThrow('scenario broke');
  });
});
