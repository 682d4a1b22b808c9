/**
 * The tracker's own memory per tracked instance: `heapUsed + arrayBuffers` after a settled full GC with N
 * instances tracked, minus the same with the same instances untracked.
 *
 * - trackObject: create N instances, GC, measure; track each with `trackObject`, GC, measure.
 * - class: the heap growth of creating N instances of a `trackClass` class minus that of
 *   creating N instances of the identical plain class.
 * - trace: true, one creation site (every instance created on the same line) and distinct
 *   creation sites (every instance from its own function, `new Function` with its own
 *   sourceURL, compiled and run once before the baseline).
 * - floor: one WeakRef (in an array) + one FinalizationRegistry registration per instance,
 *   no tracker: what a design with a finalizer per instance pays at least (heapcensus has
 *   none: deaths are found by a sweep after each GC, see docs/tracking.md).
 * Figure (no trace): bytes per instance of a tracked class, target <= 64; trackObject adds the
 * object -> record entry that makes tracking an object twice change nothing.
 * Median of a few repetitions.
 */
import v8 from 'node:v8';
import { ClassTracker } from '../platform/node/index.js';
import { QUICK, check, fmt, gcNow, heapAfterGc, mdTable, median, report, type Figure } from './harness.js';

// Keep the site functions' bytecode: flushing it between baseline and measurement would move bytes around.
v8.setFlagsFromString('--no-flush-bytecode');

const N = QUICK ? 20_000 : Number(process.env.MEM_N ?? 100_000);
const REPS = QUICK ? 1 : 3;
const TARGET = 64;

class Item {
  a: number;
  b: string;
  c: number[];
  constructor(i: number) {
    this.a = i;
    this.b = 'item';
    this.c = [i, i + 1, i + 2];
  }
}

function makeItems(n: number): Item[] {
  const out = new Array<Item>(n);
  for (let i = 0; i < n; i++) out[i] = new Item(i);
  return out;
}

/** trackObject on existing instances: bytes per instance. */
async function viaTrackObject(trace: boolean): Promise<number> {
  const items = makeItems(N);
  const tracker = new ClassTracker();
  const h0 = await heapAfterGc();
  for (let i = 0; i < N; i++) tracker.trackObject(items[i]!, { trace });
  const h1 = await heapAfterGc();
  check(tracker.find(items[N - 1]!) !== undefined, 'instances tracked');
  const per = (h1 - h0) / N;
  tracker.clear();
  return per;
}

/** Instances of a trackClass class vs the identical plain class: extra bytes per instance. */
async function viaClass(): Promise<number> {
  const tracker = new ClassTracker();
  const TrackedItem = tracker.trackClass(Item);
  let holder: Item[] = new Array<Item>(N);
  const p0 = await heapAfterGc();
  for (let i = 0; i < N; i++) holder[i] = new Item(i);
  const p1 = await heapAfterGc();
  // Read the array after the measurement: otherwise it is dead across the await and collected before p1.
  check(holder[N - 1] instanceof Item, 'plain instances live');
  holder = new Array<Item>(N);
  const t0 = await heapAfterGc();
  for (let i = 0; i < N; i++) holder[i] = new TrackedItem(i);
  const t1 = await heapAfterGc();
  check(tracker.find(holder[N - 1]!) !== undefined, 'class instances tracked');
  const per = (t1 - t0 - (p1 - p0)) / N;
  tracker.clear();
  return per;
}

/** The floor any WeakRef-based tracker pays: one WeakRef (kept in an array) + one FinalizationRegistry cell per instance. */
async function viaFloor(): Promise<number> {
  const items = makeItems(N);
  const refs = new Array<WeakRef<object>>(N);
  const registry = new FinalizationRegistry<number>(() => undefined);
  const h0 = await heapAfterGc();
  for (let i = 0; i < N; i++) {
    refs[i] = new WeakRef(items[i]!);
    registry.register(items[i]!, i);
  }
  const h1 = await heapAfterGc();
  check(refs[N - 1]!.deref() === items[N - 1], 'floor refs live');
  // The registry must outlive the measurement: an unreachable registry drops its cells.
  check(registry.unregister(refs) === false, 'floor registry live');
  return (h1 - h0) / N;
}

type Site = (tracker: ClassTracker, obj: object, go: boolean) => void;

/** trace: true with every instance tracked from its own creation site. */
async function viaDistinctSites(): Promise<number> {
  const sites: Site[] = new Array<Site>(N);
  for (let i = 0; i < N; i++) {
    // A distinct function (and script name) per instance, so each creation stack differs.
    sites[i] = new Function('tracker', 'obj', 'go', `if (go) tracker.trackObject(obj, { trace: true });\n//# sourceURL=bench-site-${i}.js`) as Site;
  }
  const items = makeItems(N);
  const tracker = new ClassTracker();
  for (let i = 0; i < N; i++) sites[i]!(tracker, items[i]!, false); // compile before the baseline
  const h0 = await heapAfterGc();
  for (let i = 0; i < N; i++) sites[i]!(tracker, items[i]!, true);
  const h1 = await heapAfterGc();
  const rec = tracker.find(items[N - 1]!);
  check(rec?.trace !== undefined && rec.trace.length > 0, 'traces recorded');
  check(rec.trace.some((f) => f.file.includes(`bench-site-${N - 1}.js`)), 'trace names the distinct site');
  const per = (h1 - h0) / N;
  tracker.clear();
  check(sites.length === N && items.length === N, 'kept alive');
  return per;
}

async function repeat(fn: () => Promise<number>): Promise<{ median: number; all: number[] }> {
  const all: number[] = [];
  for (let r = 0; r < REPS; r++) {
    all.push(await fn());
    gcNow();
  }
  return { median: median(all), all };
}

async function main(): Promise<void> {
  await repeat(() => (process.env['MEM_CLASS_ONLY'] === '1' ? viaClass() : viaTrackObject(false))); // warm-up: code, shapes, the FinalizationRegistry's internals
  const floor = await repeat(() => viaFloor());
  const plainClass = await repeat(() => viaClass());
  // MEM_CLASS_ONLY=1 (e.g. with MEM_N=1000000): the floor and tracked classes only; the trace rows
  // compile one function per instance and take long at a million.
  const skip = async (): Promise<number> => NaN;
  const classOnly = process.env['MEM_CLASS_ONLY'] === '1';
  const plainObj = await repeat(() => (classOnly ? skip() : viaTrackObject(false)));
  const sameSite = await repeat(() => (classOnly ? skip() : viaTrackObject(true)));
  const distinct = await repeat(() => (classOnly ? skip() : viaDistinctSites()));

  const rows: Array<[string, { median: number; all: number[] }, string]> = [
    ['floor: WeakRef + FinalizationRegistry.register only (no tracker)', floor, ''],
    ['trackClass / @Tracked instances, no trace', plainClass, `<= ${TARGET}`],
    ['trackObject, no trace (+ its object -> record WeakMap entry)', plainObj, ''],
    ['trackObject, trace: true, one creation site', sameSite, ''],
    ['trackObject, trace: true, distinct creation sites', distinct, ''],
  ];
  const table = mdTable(
    ['variant', 'bytes per instance (median)', 'all repetitions', 'target'],
    rows.map(([label, r, target]) => [label, fmt(r.median), r.all.map((v) => fmt(v)).join(', '), target]),
  );
  const figures: Figure[] = [
    { name: 'memory per instance, floor (WeakRef + FR cell)', value: floor.median, unit: ' B' },
    { name: 'memory per instance, trackClass / @Tracked, no trace', value: plainClass.median, unit: ' B', target: { op: '<=', value: TARGET } },
    { name: 'memory per instance, trackObject, no trace', value: plainObj.median, unit: ' B' },
    { name: 'memory per instance, trace, one site', value: sameSite.median, unit: ' B' },
    { name: 'memory per instance, trace, distinct sites', value: distinct.median, unit: ' B' },
  ];
  report({
    bench: 'memory',
    title: 'Tracker memory per tracked instance',
    method:
      `N = ${N.toLocaleString('en-US')} instances of a small class; heapUsed + arrayBuffers (typed-array stores) after a settled full GC (repeated gc + event-loop turns until two readings agree within 4 KiB) ` +
      `with the instances tracked minus the same without; ${REPS} repetitions after a warm-up, median reported. ` +
      'Distinct creation sites: one `new Function` per instance (own sourceURL), compiled before the baseline, bytecode flushing off.',
    table,
    figures,
    notes: [
      'Includes everything the tracker keeps per instance: its WeakRef and its slot in the record columns (id, birth, name, flags; typed arrays grown by doubling, so up to half of the last growth is spare), and count-history points (bounded by historyLimit). No FinalizationRegistry cell: one canary per GC finds deaths.',
      'trackObject also keeps an object -> record WeakMap entry (about 40 B), so that tracking an object twice changes nothing. Instances of tracked classes get that entry only once tracker.find() or trackChange() is first used (the bench calls find() after measuring).',
    ],
    params: { N, reps: REPS },
  });
}

await main();
