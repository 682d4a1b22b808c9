import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { DEFAULT_WHOLE_SNAPSHOTS } from '../../src/tracker/coarsenSnapshots.js';
import type { Dump } from '../../src/dump/Dump.js';
import { formatSummary, SUMMARY_WIDTH } from '../../src/stats/formatSummary.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { Stats } from '../../src/stats/Stats.js';
import { validateDump } from '../../src/dump/validateDump.js';
import type { Snapshot } from '../../src/types.js';
import { fakePlatform } from './helpers/fakePlatform.js';
import { heapInUse } from './helpers/heapInUse.js';

/**
 * Issue 16: each snapshot kept per-class figures (~140 bytes a class) forever, so a day of
 * 1 s periodic snapshots with 30 classes held ~360 MB. Beyond `wholeSnapshots` (default 1,000)
 * older snapshots merge into at most as many `coarsened` entries of equal span, which keep the
 * figures of their newest snapshot and the extremes of all they stand for.
 */
const heap = heapInUse;

const CLASSES = 30;
const DAY = 86_400;
/** The budget README and docs/reliability.md state for a day of 1 s snapshots of 30 classes. */
const BUDGET = 16 * 2 ** 20;

/** A tracker with a fake clock (1 s per snapshot), 30 classes of 2 instances whose sizes change per snapshot. */
function dayTracker(wholeSnapshots?: number) {
  let clock = 0;
  const platform = fakePlatform({ now: () => clock });
  const tracker = new ClassTracker({ platform, ...(wholeSnapshots === undefined ? {} : { wholeSnapshots, snapshotLimit: wholeSnapshots }) });
  const items: Array<{ data: number[] }> = [];
  for (let k = 0; k < CLASSES; k++) {
    const C = tracker.trackClass(class {
      data: number[] = [];
    }, { name: `Class${String(k).padStart(2, '0')}` });
    items.push(new C(), new C());
  }
  /** Takes snapshot number `i` (1-based) at `i` seconds, after changing sizes and the platform total. */
  const take = (i: number): Snapshot => {
    clock = i * 1000;
    for (let k = 0; k < items.length; k++) items[k]!.data.length = (i * 7 + k * 13) % 50; // holey arrays, sizes vary
    platform.total = { bytes: 10_000_000 + ((i * 7919) % 100_000), source: 'process.memoryUsage' };
    return tracker.snapshotSync();
  };
  return { tracker, take, items };
}

function roundTrip(dump: Dump): Dump {
  const back = loadDump(JSON.stringify(dump));
  return { ...back, created: dump.created };
}

describe('snapshots coarsen beyond wholeSnapshots (issue 16)', () => {
  it(`a day of 1 s snapshots of ${CLASSES} classes stays under 16 MB; kept figures unchanged; the dump round-trips`, () => {
    // Every snapshot's figures, recorded compactly before the measurement starts.
    const bytes = new Float64Array((DAY + 1) * CLASSES);
    const active = new Uint8Array((DAY + 1) * CLASSES);
    const tracked = new Float64Array(DAY + 1);
    const totals = new Float64Array(DAY + 1);
    const before = heap();
    const { tracker, take, items } = dayTracker();
    const recent: Snapshot[] = [];
    for (let i = 1; i <= DAY; i++) {
      const s = take(i);
      expect(s.id).toBe(i);
      const names = Object.keys(s.classes);
      for (let k = 0; k < CLASSES; k++) {
        bytes[i * CLASSES + k] = s.classes[names[k]!]!.bytes;
        active[i * CLASSES + k] = s.classes[names[k]!]!.active;
      }
      tracked[i] = s.trackedTotal;
      totals[i] = s.total.bytes;
      if (i > DAY - DEFAULT_WHOLE_SNAPSHOTS) recent.push(s);
    }
    const held = heap() - before;
    expect(held).toBeLessThan(BUDGET);
    expect(items).toHaveLength(2 * CLASSES);

    const snaps = tracker.snapshots;
    expect(snaps.length).toBeLessThanOrEqual(2 * DEFAULT_WHOLE_SNAPSHOTS + 1);
    // The newest snapshots are the very objects snapshotSync returned, untouched.
    const whole = snaps.slice(-DEFAULT_WHOLE_SNAPSHOTS);
    whole.forEach((s, k) => expect(s).toBe(recent[k]));
    expect(whole.every((s) => s.coarsened === undefined)).toBe(true);

    // Older entries: contiguous spans covering every snapshot, each carrying its newest one's
    // figures, and the extremes over all it stands for.
    let next = 1;
    let spans = 0;
    const older = snaps.slice(0, -DEFAULT_WHOLE_SNAPSHOTS);
    for (const s of older) {
      const c = s.coarsened;
      const first = c?.firstId ?? s.id;
      expect(first).toBe(next);
      expect(c?.count ?? 1).toBe(s.id - first + 1);
      if (c !== undefined) expect(c.firstTime).toBe(first * 1000);
      expect(s.time).toBe(s.id * 1000);
      expect(s.trackedTotal).toBe(tracked[s.id]);
      expect(s.total.bytes).toBe(totals[s.id]);
      const names = Object.keys(s.classes);
      for (let k = 0; k < CLASSES; k++) {
        const f = s.classes[names[k]!]!;
        expect(f.bytes).toBe(bytes[s.id * CLASSES + k]);
        expect(f.active).toBe(active[s.id * CLASSES + k]);
        if (c === undefined) continue;
        let lo = Infinity;
        let hi = -Infinity;
        for (let id = first; id <= s.id; id++) {
          lo = Math.min(lo, bytes[id * CLASSES + k]!);
          hi = Math.max(hi, bytes[id * CLASSES + k]!);
        }
        expect(c.classes[names[k]!]).toEqual([2, 2, lo, hi]);
      }
      if (c !== undefined) {
        const t = tracked.subarray(first, s.id + 1);
        expect(c.trackedTotal).toEqual([Math.min(...t), Math.max(...t)]);
        const tb = totals.subarray(first, s.id + 1);
        expect(c.totalBytes).toEqual([Math.min(...tb), Math.max(...tb)]);
      }
      next = s.id + 1;
      spans++;
    }
    expect(next).toBe(DAY - DEFAULT_WHOLE_SNAPSHOTS + 1);
    expect(spans).toBeLessThanOrEqual(DEFAULT_WHOLE_SNAPSHOTS + 1);
    // Equal spans (in snapshots) but for the newest, still filling: a chart of the day stays even.
    const widths = older.map((s) => s.coarsened?.count ?? 1);
    expect(new Set(widths.slice(0, -1)).size).toBe(1);
    expect(widths.at(-1)).toBeLessThanOrEqual(widths[0]!);

    // Records keep their per-instance sizes in the newest snapshotLimit snapshots.
    const record = tracker.find(items[0]!)!;
    expect(record.sizes.map((e) => e.snapshot)).toEqual(whole.slice(-tracker.snapshotLimit).map((s) => s.id));

    const dump = tracker.toDump();
    expect(dump.snapshots).toHaveLength(snaps.length);
    expect(dump.snapshots.filter((s) => s.coarsened !== undefined).every((s) => s.sizesDropped === true)).toBe(true);
    expect(roundTrip(dump)).toEqual(dump);
    expect(Stats.from(loadDump(JSON.stringify(dump))).dump.snapshots).toHaveLength(snaps.length);
  }, 600_000);

  it('wholeSnapshots sets the bound; it is at least snapshotLimit and must be a positive integer', () => {
    const { tracker, take } = dayTracker(10);
    for (let i = 1; i <= 500; i++) take(i);
    expect(tracker.snapshots.length).toBeLessThanOrEqual(21);
    expect(tracker.snapshots.reduce((n, s) => n + (s.coarsened?.count ?? 1), 0)).toBe(500);
    expect(tracker.snapshots.slice(-10).every((s) => s.coarsened === undefined)).toBe(true);
    const dump = tracker.toDump();
    expect(roundTrip(dump)).toEqual(dump);
    const first = tracker.snapshots[0]!;
    const lines = formatSummary(dump, ['Class00']).split('\n');
    expect(lines).toContain(`  (the last of ${first.coarsened!.count} snapshots merged, from #1)`.padEnd(SUMMARY_WIDTH));
    expect(lines.filter((l) => l.includes('snapshots merged'))).toHaveLength(tracker.snapshots.filter((s) => s.coarsened !== undefined).length);

    expect(new ClassTracker({ platform: fakePlatform(), snapshotLimit: 50, wholeSnapshots: 10 }).wholeSnapshots).toBe(50);
    expect(new ClassTracker({ platform: fakePlatform() }).wholeSnapshots).toBe(DEFAULT_WHOLE_SNAPSHOTS);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new ClassTracker({ platform: fakePlatform(), wholeSnapshots: bad })).toThrow(/wholeSnapshots must be a positive integer/);
    }
  });

  it('clear() starts over: coarsening begins again from whole snapshots', () => {
    const { tracker, take } = dayTracker(3);
    for (let i = 1; i <= 40; i++) take(i);
    expect(tracker.snapshots.some((s) => s.coarsened !== undefined)).toBe(true);
    tracker.clear();
    expect(tracker.snapshots).toHaveLength(0);
  });

  it('the validator rejects coarsened spans that contradict the snapshot, and requires sizesDropped', () => {
    const { tracker, take } = dayTracker(2);
    for (let i = 1; i <= 20; i++) take(i);
    const good = tracker.toDump();
    const at = good.snapshots.findIndex((s) => s.coarsened !== undefined);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(() => validateDump(JSON.parse(JSON.stringify(good)))).not.toThrow();
    const broken = (change: (s: Record<string, unknown> & { coarsened: Record<string, unknown> }) => void): unknown => {
      const d = JSON.parse(JSON.stringify(good)) as { snapshots: Array<Record<string, unknown> & { coarsened: Record<string, unknown> }> };
      change(d.snapshots[at]!);
      return d;
    };
    const p = `snapshots\\[${at}\\]\\.coarsened`;
    expect(() => validateDump(broken((s) => void (s.coarsened['count'] = 1)))).toThrow(new RegExp(`${p}\\.count: expected an integer of at least 2`));
    expect(() => validateDump(broken((s) => void (s.coarsened['firstId'] = s['id'])))).toThrow(new RegExp(`${p}\\.firstId`));
    expect(() => validateDump(broken((s) => void (s.coarsened['firstTime'] = (s['time'] as number) + 1)))).toThrow(new RegExp(`${p}\\.firstTime`));
    expect(() => validateDump(broken((s) => void (s.coarsened['trackedTotal'] = [5, 4])))).toThrow(new RegExp(`${p}\\.trackedTotal\\[0\\]: min 5 is above max 4`));
    expect(() => validateDump(broken((s) => void (s.coarsened['totalBytes'] = [0, 1])))).toThrow(new RegExp(`${p}\\.totalBytes: the snapshot's own figure`));
    expect(() => validateDump(broken((s) => void ((s.coarsened['classes'] as Record<string, unknown>)['Class00'] = [0, 0, 0, 'x'])))).toThrow(new RegExp(`${p}\\.classes\\.Class00\\[3\\]: expected a byte count`));
    expect(() => validateDump(broken((s) => void ((s.coarsened['classes'] as Record<string, unknown>)['Class00'] = [3, 3, 0, 1e9])))).toThrow(new RegExp(`${p}\\.classes\\.Class00: the snapshot's own figure 2`));
    expect(() => validateDump(broken((s) => void delete s['sizesDropped']))).toThrow(new RegExp(`${p}: a coarsened snapshot has no per-instance sizes`));
  });
});
