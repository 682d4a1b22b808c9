/**
 * Snapshot cost at 1k, 10k and 100k small tracked instances against the bare-traversal
 * floor over the very same objects in the same run (see floor.ts). Each instance is
 * `{ a: number, b: string, c: number[3] }`-like. Per sample, one full GC, then the SDK's
 * `snapshotSync()` or the floor, interleaved (order alternating), repeated `inner` times so
 * a sample lasts tens of milliseconds. Figure: median snapshot time / median floor time,
 * target <= 2 at every size.
 */
import { ClassTracker } from '../platform/node/index.js';
import { bareTraversal } from './floor.js';
import { QUICK, check, consume, fmt, gcNow, mdTable, median, now, report, type Figure } from './harness.js';

const SIZES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const WARMUP = QUICK ? 1 : 3;
const REPS = QUICK ? 3 : 9;
/** Objects visited per sample, about: small sizes repeat the operation to stay well above timer noise. */
const WORK_PER_SAMPLE = QUICK ? 50_000 : 200_000;

class Small {
  a: number;
  b: string;
  c: number[];
  constructor(i: number) {
    this.a = i * 1.5;
    this.b = `s${i}`;
    this.c = [i, i + 1, i + 2];
  }
}

interface Row {
  n: number;
  inner: number;
  snapMs: number;
  floorMs: number;
  ratio: number;
  snapRange: string;
  floorRange: string;
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

  const snap: number[] = [];
  const floor: number[] = [];
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    const order = rep % 2 === 0 ? (['snap', 'floor'] as const) : (['floor', 'snap'] as const);
    for (const v of order) {
      gcNow();
      const t0 = now();
      if (v === 'snap') {
        for (let k = 0; k < inner; k++) consume(tracker.snapshotSync().trackedTotal);
      } else {
        for (let k = 0; k < inner; k++) consume(bareTraversal(objects));
      }
      const ms = (now() - t0) / inner;
      if (rep >= WARMUP) (v === 'snap' ? snap : floor).push(ms);
    }
  }
  check(objects.length === n, 'instances kept alive');
  tracker.clear();
  const s = median(snap);
  const f = median(floor);
  const range = (xs: number[]): string => `${fmt(Math.min(...xs))} - ${fmt(Math.max(...xs))}`;
  return { n, inner, snapMs: s, floorMs: f, ratio: s / f, snapRange: range(snap), floorRange: range(floor) };
}

function main(): void {
  const rows: Row[] = [];
  for (const n of SIZES) {
    rows.push(measureSize(n));
    gcNow();
  }
  const table = mdTable(
    ['instances', 'snapshotSync ms (median)', 'min - max', 'floor ms (median)', 'min - max', 'µs per instance (snapshot)', 'snapshot / floor'],
    rows.map((r) => [
      r.n.toLocaleString('en-US'), fmt(r.snapMs), r.snapRange, fmt(r.floorMs), r.floorRange, fmt((r.snapMs * 1000) / r.n), `${fmt(r.ratio)}x`,
    ]),
  );
  const figures: Figure[] = [];
  for (const r of rows) {
    const k = r.n >= 1000 ? `${r.n / 1000}k` : String(r.n);
    figures.push({ name: `snapshot ${k}: time`, value: r.snapMs, unit: ' ms' });
    figures.push({ name: `snapshot ${k}: floor time`, value: r.floorMs, unit: ' ms' });
    figures.push({ name: `snapshot ${k}: snapshot / floor`, value: r.ratio, unit: 'x', target: { op: '<=', value: 2 } });
  }
  report({
    bench: 'snapshot',
    title: 'Snapshot cost vs a bare traversal',
    method:
      `Instances of a small class ({a: number, b: string, c: number[3]}) tracked with trackClass; ${REPS} samples after ${WARMUP} warm-up per size, ` +
      'snapshotSync() and the bare traversal (Set seen-set, Reflect.ownKeys + getOwnPropertyDescriptor, a constant per slot) interleaved on the same live objects, ' +
      `a full GC before each sample; small sizes repeat the operation (about ${WORK_PER_SAMPLE.toLocaleString('en-US')} instances per sample) and report the time of one.`,
    table,
    figures,
    notes: [
      'snapshotSync() includes the platform total (process.memoryUsage() + v8.getHeapStatistics()) and building the Snapshot; the floor includes neither.',
      `repetitions per sample: ${rows.map((r) => `${r.n.toLocaleString('en-US')}: ${r.inner}`).join(', ')}`,
    ],
    params: { sizes: SIZES.join(','), warmup: WARMUP, reps: REPS },
  });
}

main();
