/**
 * Snapshot cost at 1k, 10k and 100k small tracked instances (and 1,000,000 with
 * BENCH_MILLION=1) against two floors over the very same objects in the same run (floor.ts):
 * the getter-safe walk (the least work a sizer that never runs user code must do) and the bare
 * walk (Object.keys and property reads, running getters). Each instance is
 * `{ a: number, b: string, c: number[3], d: { x } }`. Per sample, one full GC, then the SDK's
 * `snapshotSync()` or a floor, interleaved (order rotated), repeated `inner` times so a sample
 * lasts tens of milliseconds. At 100k, `v8.writeHeapSnapshot()` of the same process (what
 * DevTools and memlab users wait for) is timed too (a few samples: it takes seconds).
 * Figures: snapshot / getter-safe walk (target <= 1.5), snapshot / bare walk (target <= 2),
 * heap snapshot / snapshot (target >= 30).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { ClassTracker } from '../platform/node/index.js';
import { bareWalk, getterSafeWalk } from './floor.js';
import { QUICK, check, consume, fmt, gcNow, mdTable, median, now, report, rotate, type Figure } from './harness.js';

const MILLION = process.env['BENCH_MILLION'] === '1';
const SIZES = QUICK ? [1_000, 10_000] : MILLION ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000];
const WARMUP = QUICK ? 1 : 3;
const REPS = QUICK ? 3 : 9;
/** Fewer samples at 1,000,000 (each lasts seconds). */
const BIG_WARMUP = 1;
const BIG_REPS = 3;
/** Heap snapshots timed at 100k (each takes seconds). */
const HEAP_REPS = QUICK ? 1 : 3;
/** Objects visited per sample, about: small sizes repeat the operation to stay well above timer noise. */
const WORK_PER_SAMPLE = QUICK ? 50_000 : 200_000;

class Small {
  a: number;
  b: string;
  c: number[];
  d: { x: number };
  constructor(i: number) {
    this.a = i * 1.5;
    this.b = `s${i}`;
    this.c = [i, i + 1, i + 2];
    this.d = { x: i };
  }
}

type Variant = 'snap' | 'safe' | 'bare';
const VARIANTS: Variant[] = ['snap', 'safe', 'bare'];

interface Row {
  n: number;
  inner: number;
  ms: Record<Variant, number>;
  range: Record<Variant, string>;
  /** v8.writeHeapSnapshot of the same process, median ms (100k only). */
  heapMs?: number;
}

/** Median ms of `v8.writeHeapSnapshot()` of this process (the file deleted after each). */
function timeHeapSnapshot(): number {
  const times: number[] = [];
  for (let i = 0; i < HEAP_REPS; i++) {
    const file = join(tmpdir(), `heapcensus-bench-${process.pid}-${i}.heapsnapshot`);
    gcNow();
    const t0 = now();
    v8.writeHeapSnapshot(file);
    times.push(now() - t0);
    rmSync(file, { force: true });
  }
  return median(times);
}

function measureSize(n: number): Row {
  const tracker = new ClassTracker();
  const Tracked = tracker.trackClass(Small);
  const objects: Small[] = [];
  for (let i = 0; i < n; i++) objects.push(new Tracked(i));
  const inner = Math.max(1, Math.round(WORK_PER_SAMPLE / n));
  // Sanity: the snapshot sees every instance and sizes them above the floor's constant.
  const probe = tracker.snapshotSync('probe');
  check(probe.classes['Small']?.active === n, `snapshot sees ${n} Small instances`);
  check(probe.trackedTotal > 0, 'snapshot sizes are positive');

  const big = n >= 1_000_000;
  const samples: Record<Variant, number[]> = { snap: [], safe: [], bare: [] };
  const warmup = big ? BIG_WARMUP : WARMUP;
  for (let rep = 0; rep < warmup + (big ? BIG_REPS : REPS); rep++) {
    for (const v of rotate(VARIANTS, rep)) {
      gcNow();
      const t0 = now();
      if (v === 'snap') {
        for (let k = 0; k < inner; k++) consume(tracker.snapshotSync().trackedTotal);
      } else if (v === 'safe') {
        for (let k = 0; k < inner; k++) consume(getterSafeWalk(objects));
      } else {
        for (let k = 0; k < inner; k++) consume(bareWalk(objects));
      }
      const ms = (now() - t0) / inner;
      if (rep >= warmup) samples[v].push(ms);
    }
  }
  const heapMs = n === 100_000 || (QUICK && n === SIZES[SIZES.length - 1]) ? timeHeapSnapshot() : undefined;
  check(objects.length === n, 'instances kept alive');
  tracker.clear();
  const range = (xs: number[]): string => `${fmt(Math.min(...xs))} - ${fmt(Math.max(...xs))}`;
  return {
    n, inner, heapMs,
    ms: { snap: median(samples.snap), safe: median(samples.safe), bare: median(samples.bare) },
    range: { snap: range(samples.snap), safe: range(samples.safe), bare: range(samples.bare) },
  };
}

function main(): void {
  const rows: Row[] = [];
  for (const n of SIZES) {
    rows.push(measureSize(n));
    gcNow();
  }
  const table = mdTable(
    ['instances', 'snapshotSync ms (median)', 'min - max', 'getter-safe walk ms', 'min - max', 'bare walk ms', 'min - max',
      'µs per instance (snapshot)', 'snapshot / getter-safe', 'snapshot / bare', 'v8.writeHeapSnapshot ms', 'heap snapshot / snapshot'],
    rows.map((r) => [
      r.n.toLocaleString('en-US'), fmt(r.ms.snap), r.range.snap, fmt(r.ms.safe), r.range.safe, fmt(r.ms.bare), r.range.bare,
      fmt((r.ms.snap * 1000) / r.n), `${fmt(r.ms.snap / r.ms.safe)}x`, `${fmt(r.ms.snap / r.ms.bare)}x`,
      r.heapMs === undefined ? '-' : fmt(r.heapMs), r.heapMs === undefined ? '-' : `${fmt(r.heapMs / r.ms.snap)}x`,
    ]),
  );
  const figures: Figure[] = [];
  for (const r of rows) {
    const k = r.n >= 1_000_000 ? `${r.n / 1_000_000}M` : r.n >= 1000 ? `${r.n / 1000}k` : String(r.n);
    figures.push({ name: `snapshot ${k}: time`, value: r.ms.snap, unit: ' ms' });
    figures.push({ name: `snapshot ${k}: time per instance`, value: (r.ms.snap * 1000) / r.n, unit: ' µs' });
    figures.push({ name: `snapshot ${k}: getter-safe walk time`, value: r.ms.safe, unit: ' ms' });
    figures.push({ name: `snapshot ${k}: bare walk time`, value: r.ms.bare, unit: ' ms' });
    figures.push({ name: `snapshot ${k}: snapshot / getter-safe walk`, value: r.ms.snap / r.ms.safe, unit: 'x', target: { op: '<=', value: 1.5 } });
    figures.push({ name: `snapshot ${k}: snapshot / bare walk`, value: r.ms.snap / r.ms.bare, unit: 'x', target: { op: '<=', value: 2 } });
    if (r.heapMs !== undefined) {
      figures.push({ name: `snapshot ${k}: v8.writeHeapSnapshot time`, value: r.heapMs, unit: ' ms' });
      figures.push({ name: `snapshot ${k}: heap snapshot / snapshot (speed-up)`, value: r.heapMs / r.ms.snap, unit: 'x', target: { op: '>=', value: 30 } });
    }
  }
  report({
    bench: 'snapshot',
    title: 'Snapshot cost vs the getter-safe and bare walks, and vs a V8 heap snapshot',
    method:
      `Instances of a small class ({a: number, b: string, c: number[3], d: {x}}) tracked with trackClass; ${REPS} samples after ${WARMUP} warm-up per size ` +
      `(${BIG_REPS} after ${BIG_WARMUP} at 1,000,000), snapshotSync() and the two floors of bench/floor.ts interleaved (order rotated) on the same live objects, ` +
      `a full GC before each sample; small sizes repeat the operation (about ${WORK_PER_SAMPLE.toLocaleString('en-US')} instances per sample) and report the time of one. ` +
      `At 100k, v8.writeHeapSnapshot() of the same process, median of ${HEAP_REPS}.`,
    table,
    figures,
    notes: [
      'getter-safe walk: Object.getOwnPropertyNames + Object.getOwnPropertySymbols (the keys of Reflect.ownKeys, far cheaper) + Reflect.getOwnPropertyDescriptor per named property, array elements by index with Object.hasOwn + __lookupGetter__ (no descriptor); bare walk: Object.keys + property reads (runs getters).',
      'snapshotSync() includes the platform total (process.memoryUsage() + v8.getHeapStatistics()), the tracker\'s own walk of its records and building the Snapshot; the floors include none of it.',
      `repetitions per sample: ${rows.map((r) => `${r.n.toLocaleString('en-US')}: ${r.inner}`).join(', ')}`,
    ],
    params: { sizes: SIZES.join(','), warmup: WARMUP, reps: REPS, heapReps: HEAP_REPS },
  });
}

main();
