import { describe, expect, it } from 'vitest';
import '../../testing/vitest.js';
import { ClassTracker, createTracked } from '../../platform/node/index.js';

/**
 * heapcensus/vitest: `toLeak` and `toHaveAlive`, their passes and their failure messages (the
 * leak report: class, growth, retainer path), in both decorator modes.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;

function setup(): { tracker: ClassTracker; Tracked: ReturnType<typeof createTracked> } {
  const tracker = new ClassTracker();
  return { tracker, Tracked: createTracked(() => tracker) };
}

describe(`vitest matchers (${mode} decorators)`, () => {
  it('not.toLeak passes on a scenario that drops what it makes', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Doc {}
    await expect(() => void new Doc()).not.toLeak({ tracker, iterations: 3 });
  });

  it('not.toLeak fails with the leak report: class, growth, retainer path', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Leaky {}
    const g = globalThis as { matcherHolder?: { cache: Leaky[] } };
    g.matcherHolder = { cache: [] };
    try {
      const failed = await expect(() => void g.matcherHolder!.cache.push(new Leaky())).not.toLeak({ tracker, iterations: 3, retainers: true, maxRetainers: 1 }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(failed).toBeInstanceOf(Error);
      expect(failed!.message).toContain('findLeaks: 1 class leaked over 3 iterations (after 1 warm-up)');
      expect(failed!.message).toContain('Leaky: +1 per iteration (alive 1 → 2 → 3 → 4)');
      expect(failed!.message).toMatch(/#\d+ retained by: \(global\) → matcherHolder\.cache → Array\[1\] → Leaky/);
    } finally {
      delete g.matcherHolder;
    }
  });

  it('toLeak passes on a leak and fails, saying so, on a clean scenario', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Leaky {}
    const held: Leaky[] = [];
    await expect(() => void held.push(new Leaky())).toLeak({ tracker, iterations: 2 });
    await expect(expect(() => undefined).toLeak({ tracker, iterations: 2 })).rejects.toThrow('expected the scenario to leak, but findLeaks: no leak in 1 class over 2 iterations');
  });

  it('toLeak says what it got when the scenario is not a function', async () => {
    await expect(expect(42).not.toLeak()).rejects.toThrow('toLeak expects the scenario as a function (one iteration), got number');
  });

  it('toHaveAlive collects first: instances just dropped are not counted', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Doc {}
    let docs: Doc[] | undefined = [new Doc(), new Doc()];
    await expect(tracker).toHaveAlive('Doc', 2);
    docs.length = 0;
    docs = undefined;
    await expect(tracker).toHaveAlive('Doc', 0);
    await expect(tracker).not.toHaveAlive('Doc', 1);
    await expect(tracker).toHaveAlive('NeverMade', 0);
  });

  it('toHaveAlive fails naming the count found and the live ids', async () => {
    const { tracker, Tracked } = setup();
    @Tracked() class Doc {}
    const held = [new Doc(), new Doc(), new Doc()];
    const ids = held.map((d) => tracker.find(d)!.id);
    await expect(expect(tracker).toHaveAlive('Doc', 0)).rejects.toThrow(`expected 0 live Doc instances after a full GC, found 3 (ids ${ids.join(', ')}; findLeaks with retainers: true tells what holds them)`);
    await expect(expect(tracker).not.toHaveAlive('Doc', 3)).rejects.toThrow('expected the number of live Doc instances after a full GC not to be 3');
    await expect(expect({}).toHaveAlive('Doc', 0)).rejects.toThrow("toHaveAlive expects a ClassTracker (e.g. heapcensus' tracker), got object");
    await expect(expect(tracker).toHaveAlive('Doc', -1)).rejects.toThrow('toHaveAlive expects a class name and a count >= 0, got string and -1');
  });
});
