import { describe, expect, it } from 'vitest';
import { encodeDump, type DumpSource, type RecordColumns, type SnapshotColumns } from '../../src/dump/encodeDump.js';
import { validateDump } from '../../src/dump/validateDump.js';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import type { TraceFrame } from '../../src/types.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

const mode = process.env.HEAPCENSUS_DECORATORS;

/** The ids a snapshot's size rows name (their first column holds id deltas). */
function sizedIds(rows: ReadonlyArray<number | string | null>): number[] {
  const out: number[] = [];
  let id = 0;
  for (let k = 0; k < rows.length; k += 3) out.push((id += rows[k] as number));
  return out;
}

/** A hand-made record table (any id order) over plain arrays. */
function recordColumns(ids: number[], names: string[], traces = new Map<number, readonly TraceFrame[]>()): RecordColumns {
  return {
    length: ids.length,
    names,
    id: (i) => ids[i]!,
    slotAt: (i) => i % names.length,
    birth: (i) => ids[i]! / 4,
    deathAt: (i) => (i % 3 === 0 ? ids[i]! : undefined),
    resolution: () => 0,
    trace: (id) => traces.get(id),
    preview: (id) => (id % 2 ? `#${id}` : undefined),
  };
}

function source(records: RecordColumns, columns: SnapshotColumns[]): DumpSource {
  return {
    platform: { name: 'node', taggedSize: 8 },
    startTime: 0,
    records,
    snapshots: columns.map((_, i) => ({ id: i + 1, label: `s${i}`, time: i, sizing: 'model', trackedTotal: 0, total: { bytes: 0, source: 'none' }, classes: {} })),
    columns,
    columnsFrom: 0,
    history: new Map(),
    folded: new Map(),
    marks: [],
  };
}

function columnsOf(ids: number[]): SnapshotColumns {
  return { ids: Float64Array.from(ids), size: Float64Array.from(ids, (id) => id * 10), flat: Float64Array.from(ids, (id) => id), count: ids.length, refs: undefined };
}

describe(`encodeDump (${mode} decorators)`, () => {
  it('keeps the size rows of the records still held, in id order, after records folded between snapshots', async () => {
    const tracker = new ClassTracker({ platform: fakePlatform(), deadRecordLimit: 5 });
    class Foo {
      data = [1, 2, 3];
    }
    const kept: object[] = [];
    (() => {
      for (let i = 0; i < 300; i++) {
        const f = tracker.trackObject(new Foo(), { trace: i % 7 === 0 }).deref()!;
        if (i % 4 !== 1) kept.push(f);
      }
    })();
    tracker.snapshotSync('all');
    await collectGarbage();
    tracker.snapshotSync('after deaths');
    const dump = validateDump(JSON.parse(JSON.stringify(tracker.toDump())));
    expect(tracker.folded.get('Foo')?.count ?? 0).toBeGreaterThan(0);
    const held = new Set<number>();
    for (let r = 0; r < dump.instances.rows.length; r += 7) held.add(dump.instances.rows[r] as number);
    const first = sizedIds(dump.snapshots[0]!.sizes.rows);
    // The first snapshot sized all 300; the records folded since are left out of its rows.
    expect(first.length).toBe(held.size);
    expect(first).toEqual([...held].sort((a, b) => a - b));
    expect(sizedIds(dump.snapshots[1]!.sizes.rows).every((id) => held.has(id))).toBe(true);
    expect(kept.length).toBe(225);
  });

  it('encodes records whose ids are not ascending as it does ascending ones (no row lost or kept wrongly)', () => {
    const frames: TraceFrame[] = [{ fn: 'f', file: 'a.js', line: 1, column: 2 }];
    const traces = new Map<number, readonly TraceFrame[]>([[4, frames], [9, frames]]);
    const cols = [columnsOf([1, 2, 4, 5, 9, 12]), columnsOf([2, 3, 9, 10, 11])];
    const ascending = encodeDump(source(recordColumns([2, 4, 9, 11, 12], ['A', 'B'], traces), cols));
    const shuffled = encodeDump(source(recordColumns([9, 2, 12, 4, 11], ['A', 'B'], traces), cols));
    expect(ascending.traces).toEqual([[['f', 'a.js', 1, 2]]]);
    for (const d of [ascending, shuffled]) {
      expect(sizedIds(d.snapshots[0]!.sizes.rows)).toEqual([2, 4, 9, 12]);
      expect(sizedIds(d.snapshots[1]!.sizes.rows)).toEqual([2, 9, 11]);
      expect(d.snapshots[0]!.sizes.rows.slice(0, 3)).toEqual([2, 20, 2]);
    }
    expect(shuffled.snapshots.map((s) => s.sizes.rows)).toEqual(ascending.snapshots.map((s) => s.sizes.rows));
    // Size columns out of id order (a tracker's never are) keep every row of a held record too.
    const backwards = encodeDump(source(recordColumns([2, 4, 9, 11, 12], ['A', 'B'], traces), [columnsOf([12, 9, 4, 2, 1])]));
    expect(backwards.snapshots[0]!.sizes.rows.filter((_, k) => k % 3 === 1)).toEqual([120, 90, 40, 20]);
  });
});
