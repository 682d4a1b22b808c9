import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { CountHistory } from '../../src/tracker/CountHistory.js';
import type { HistoryPoint } from '../../src/types.js';
import { fakePlatform } from './helpers/fakePlatform.js';

/**
 * Count histories tell the truth (issue 9): within one class, times never decrease and,
 * until the history coarsens, each count differs from the one before by exactly one, at any
 * number of births, across the growth of every buffer (CountHistory, RecordStore chunks).
 */
const gc = (): void => (globalThis as { gc: () => void }).gc();
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

class Item {
  constructor(readonly n: number) {}
}

/** The first point breaking the rules of an uncoarsened history, or undefined. */
function exactHistoryProblem(points: readonly HistoryPoint[]): string | undefined {
  for (let i = 0; i < points.length; i++) {
    const [time, count] = points[i]!;
    if (points[i]!.length !== 2) return `point ${i} is coarsened: ${JSON.stringify(points[i])}`;
    const prev: HistoryPoint = i === 0 ? [time, 0] : points[i - 1]!;
    if (time < prev[0]) return `time goes back at point ${i}: ${JSON.stringify(points.slice(Math.max(0, i - 2), i + 2))}`;
    if (Math.abs(count - prev[1]) !== 1) return `count jumps at point ${i}: ${JSON.stringify(points.slice(Math.max(0, i - 2), i + 2))}`;
  }
  return undefined;
}

/** The first point breaking what a coarsened history can keep, or undefined. */
function coarseHistoryProblem(points: readonly HistoryPoint[]): string | undefined {
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const [time, count] = p;
    const [lo, hi] = p.length === 4 ? [p[2], p[3]] : [count, count];
    if (lo > count || hi < count) return `point ${i} has its count outside [min, max]: ${JSON.stringify(p)}`;
    if (i === 0) continue;
    const prev = points[i - 1]!;
    if (time < prev[0]) return `time goes back at point ${i}: ${JSON.stringify([prev, p])}`;
    // The bucket's first raw point was one step from the previous bucket's last count.
    if (lo > prev[1] + 1 || hi < prev[1] - 1) return `bucket ${i} does not continue from ${prev[1]}: ${JSON.stringify([prev, p])}`;
  }
  return undefined;
}

/** A tracker whose clock advances on every read, so that every point has its own time. */
function steppingTracker(historyLimit: number) {
  let t = 0;
  const platform = fakePlatform({ now: () => (t += 0.25) });
  return new ClassTracker({ platform, historyLimit });
}

describe('CountHistory', () => {
  it('keeps every time it is given across every growth of its arrays', () => {
    const h = new CountHistory(100_000);
    for (let i = 1; i <= 70_000; i++) {
      if (i % 2 === 0) h.push(i, i);
      else h.pushAt(Float64Array.of(i), i);
    }
    const points = h.points();
    expect(points).toHaveLength(70_000);
    const wrong = points.findIndex(([time, count], i) => time !== i + 1 || count !== i + 1);
    expect(wrong, `first wrong point: ${JSON.stringify(points[wrong])}`).toBe(-1);
  });

  it('coarsened, keeps times non-decreasing and each bucket within its min and max', () => {
    const h = new CountHistory(64);
    let count = 0;
    for (let i = 1; i <= 10_000; i++) h.push(i, (count += i % 3 === 0 ? -1 : 1));
    const points = h.points();
    expect(points.length).toBeLessThanOrEqual(64);
    expect(coarseHistoryProblem(points)).toBeUndefined();
    expect(points.at(-1)).toEqual([10_000, count]);
  });
});

describe('tracker history', () => {
  it('over 150,000 births and 75,000 deaths: times never decrease and counts move by one, in history and dump', async () => {
    const tracker = steppingTracker(1_000_000);
    const Tracked = tracker.trackClass(Item);
    const kept: Item[] = [];
    (() => {
      for (let i = 0; i < 150_000; i++) {
        const item = new Tracked(i);
        if (i % 2 === 0) kept.push(item);
      }
    })();
    await tick(); // WeakRef targets made in a task stay alive until it ends
    gc();
    tracker.sweep();
    for (let i = 0; i < 5_000; i++) kept.push(new Tracked(-i));

    const history = tracker.history.get('Item')!;
    expect(history).toHaveLength(150_000 + 75_000 + 5_000);
    expect(exactHistoryProblem(history)).toBeUndefined();
    const dump = tracker.toDump();
    const { fields, rows } = dump.instances;
    const death = fields.indexOf('death');
    let alive = 0;
    for (let r = death; r < rows.length; r += fields.length) if (rows[r] === null) alive++;
    expect(alive).toBe(kept.length);
    expect(history.at(-1)![1]).toBe(alive);
    expect(exactHistoryProblem(dump.history.Item!)).toBeUndefined();
    expect(JSON.stringify(dump.history.Item) === JSON.stringify(history)).toBe(true);
    tracker.clear();
  });

  it('coarsened (historyLimit), times never decrease and every bucket continues from the one before', async () => {
    const tracker = steppingTracker(1000);
    const Tracked = tracker.trackClass(Item);
    const kept: Item[] = [];
    for (let round = 0; round < 4; round++) {
      (() => {
        for (let i = 0; i < 30_000; i++) {
          const item = new Tracked(i);
          if (i % 3 === 0) kept.push(item);
        }
      })();
      await tick();
      gc();
      tracker.sweep();
    }
    const history = tracker.history.get('Item')!;
    expect(history.length).toBeLessThanOrEqual(1000);
    expect(coarseHistoryProblem(history)).toBeUndefined();
    expect(history.at(-1)![1]).toBe(kept.length);
    expect(coarseHistoryProblem(tracker.toDump().history.Item!)).toBeUndefined();
    tracker.clear();
  });
});
