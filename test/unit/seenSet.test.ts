import { describe, expect, it } from 'vitest';
import { SeenSet, SHARD_MAX } from '../../src/sizer/SeenSet.js';
import { Sizer } from '../../src/sizer/index.js';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * The sizer's seen-set is sharded (src/sizer/SeenSet.ts): no shard exceeds its maximum, so no
 * insertion makes V8 rehash more than half a shard at once. These check the mechanism (shard
 * counts, Set semantics, identical figures), never a time.
 */

/** A tiny deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** A graph of `n` objects with shared referents, cycles, arrays and maps (deterministic). */
function graph(n: number, seed: number): object[] {
  const r = rng(seed);
  const nodes: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) nodes.push({ i, s: `n${i % 37}`, d: i + 0.5 });
  for (const o of nodes) {
    o['a'] = nodes[Math.floor(r() * n)];
    if (r() < 0.3) o['list'] = [nodes[Math.floor(r() * n)], nodes[Math.floor(r() * n)], 7];
    if (r() < 0.05) o['m'] = new Map([[nodes[Math.floor(r() * n)], nodes[Math.floor(r() * n)]]]);
  }
  return nodes;
}

describe('SeenSet', () => {
  it('answers as a Set does under adds, lookups and deletes, across shards', () => {
    const r = rng(7);
    const pool = Array.from({ length: 500 }, (_, i) => ({ i }));
    const seen = new SeenSet(16);
    const ref = new Set<object>();
    for (let k = 0; k < 20_000; k++) {
      const o = pool[Math.floor(r() * pool.length)]!;
      const op = r();
      if (op < 0.6) {
        const before = seen.size;
        seen.add(o);
        const had = ref.has(o);
        ref.add(o);
        expect(seen.size === before).toBe(had);
      } else if (op < 0.9) expect(seen.has(o)).toBe(ref.has(o));
      else expect(seen.delete(o)).toBe(ref.delete(o));
      expect(seen.size).toBe(ref.size);
    }
    seen.clear();
    expect(seen.size).toBe(0);
    expect(seen.shards).toBe(1);
    expect(pool.some((o) => seen.has(o))).toBe(false);
  });

  it('opens a shard per `max` entries: no shard holds more', () => {
    const seen = new SeenSet(1000);
    const objs = Array.from({ length: 10_500 }, (_, i) => ({ i }));
    for (const o of objs) seen.add(o);
    expect(seen.size).toBe(10_500);
    expect(seen.shards).toBe(11);
    // Adding again changes nothing, wherever the object is.
    for (const o of objs) seen.add(o);
    expect(seen.size).toBe(10_500);
    expect(seen.shards).toBe(11);
    expect(SHARD_MAX).toBe(2 ** 19);
  });

  it('up to SHARD_MAX entries, one shard (one lookup per object, as the plain Set); unbounded by default', () => {
    const seen = new SeenSet(SHARD_MAX);
    const other = new SeenSet();
    for (let i = 0; i < 100_000; i++) {
      seen.add({ i });
      other.add({ i });
    }
    expect(seen.shards).toBe(1);
    expect(other.shards).toBe(1);
  });
});

describe('the sizer with a sharded seen-set', () => {
  it('gives the figures of one shard, measured roots and excluded ones alike', () => {
    for (const seed of [1, 2, 3]) {
      const nodes = graph(3000, seed);
      const roots = nodes.filter((_, i) => i % 97 === 0);
      const one = new Sizer({ taggedSize: 4 });
      const many = new Sizer({ taggedSize: 4, seenShard: 50 });
      for (const root of roots.slice(0, 10)) {
        one.exclude(root);
        many.exclude(root);
      }
      const a = roots.map((o, i) => (i < 10 ? one.measureExcluded(o, 1) : one.measure(o, 2)));
      const b = roots.map((o, i) => (i < 10 ? many.measureExcluded(o, 1) : many.measure(o, 2)));
      expect(b).toEqual(a);
      expect(many.total).toBe(one.total);
      expect(one.total).toBeGreaterThan(0);
    }
  });

  it('a sliced snapshot past SHARD_MAX objects counts every one once (600,000 shared objects)', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform({ yieldToHost: () => Promise.resolve() }) });
    const leaves = Array.from({ length: 600_000 }, (_, i) => ({ i }));
    // Two holders share the same leaves: the second finds them all seen, in both shards.
    class Holder {
      constructor(readonly items: object[]) {}
    }
    const h1 = new Holder(leaves);
    const h2 = new Holder(leaves.slice());
    tracker.trackObject(h1);
    tracker.trackObject(h2);
    // The shards the snapshot's seen-set had when the sizer released it.
    const shards: number[] = [];
    const clear = SeenSet.prototype.clear;
    SeenSet.prototype.clear = function (this: SeenSet) {
      shards.push(this.shards);
      clear.call(this);
    };
    let snap;
    try {
      snap = await tracker.snapshot('big');
    } finally {
      SeenSet.prototype.clear = clear;
    }
    expect(Math.max(...shards)).toBe(2);
    const leaf = new Sizer({ taggedSize: 8 }).measure({ i: 1 }).size;
    const array = (items: object[]): number => {
      const s = new Sizer({ taggedSize: 8 });
      for (const o of items) s.exclude(o);
      return s.measure(items).size;
    };
    const holder = new Sizer({ taggedSize: 8 }).measure(new Holder([])).size - new Sizer({ taggedSize: 8 }).measure([]).size;
    expect(snap.classes['Holder']!.bytes).toBe(2 * holder + array(h1.items) + array(h2.items) + 600_000 * leaf);
    tracker.clear();
  });
});
