/**
 * Construction overhead of a `@Tracked()` class (standard decorator) over the identical
 * plain class, against the floor of what any WeakRef-based tracker must pay: one
 * `new WeakRef(obj)` plus one `FinalizationRegistry.register(obj, holding)` per instance.
 *
 * One class and its tracked twin (one tracker, cleared and re-attached between repetitions);
 * plain, floor and tracked are timed back to back (order rotated), each creating N
 * instances kept alive in an array during the timing, with a full GC before each. Figure:
 * median over repetitions of (tracked - plain) / (floor - plain), target <= 1.3. Also, for
 * reference, the same with 16 distinct classes created in turn (an app tracking many classes).
 */
import { ClassTracker, Tracked } from '../platform/node/index.js';
import { QUICK, check, fmt, gcNow, gcSettle, mdTable, median, now, report, rotate, spread } from './harness.js';

const N = QUICK ? 50_000 : 200_000;
const WARMUP = QUICK ? 1 : 3;
const REPS = QUICK ? 3 : Number(process.env.CONSTRUCTION_REPS ?? 21);

type Ctor = new (i: number) => object;

/** The plain class, defined afresh each time (as the tracked one must be, with its fresh tracker). */
function definePlain(): Ctor {
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
  return Item;
}

/** The identical class, decorated with `@Tracked()` (standard decorator) on `tracker`. */
function defineTracked(tracker: ClassTracker): Ctor {
  @Tracked({ tracker })
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
  return Item;
}

function timePlain(C: Ctor): number {
  const out: object[] = new Array<object>(N);
  const t0 = now();
  for (let i = 0; i < N; i++) out[i] = new C(i);
  const t1 = now();
  check(out[N - 1] !== undefined, 'plain instances created');
  return t1 - t0;
}

function timeFloor(C: Ctor): number {
  const out: object[] = new Array<object>(N);
  const refs: Array<WeakRef<object>> = new Array<WeakRef<object>>(N);
  const registry = new FinalizationRegistry<number>(() => undefined);
  const t0 = now();
  for (let i = 0; i < N; i++) {
    const obj = new C(i);
    refs[i] = new WeakRef(obj);
    registry.register(obj, i);
    out[i] = obj;
  }
  const t1 = now();
  check(refs[N - 1]!.deref() === out[N - 1], 'floor weak refs live');
  return t1 - t0;
}

/** Reference only (no target): the floor plus the WeakMap entry the tracker keeps for `find()`. */
function timeFloorWeakMap(C: Ctor): number {
  const out: object[] = new Array<object>(N);
  const refs: Array<WeakRef<object>> = new Array<WeakRef<object>>(N);
  const registry = new FinalizationRegistry<number>(() => undefined);
  const byObject = new WeakMap<object, number>();
  const t0 = now();
  for (let i = 0; i < N; i++) {
    const obj = new C(i);
    refs[i] = new WeakRef(obj);
    registry.register(obj, i);
    byObject.set(obj, i);
    out[i] = obj;
  }
  const t1 = now();
  check(byObject.get(out[N - 1]!) === N - 1, 'floor + WeakMap entries');
  return t1 - t0;
}

function timeTracked(C: Ctor, tracker: ClassTracker): number {
  const out: object[] = new Array<object>(N);
  const t0 = now();
  for (let i = 0; i < N; i++) out[i] = new C(i);
  const t1 = now();
  // Checked through the count history: find() would index all N instances by object (a
  // WeakMap the tracker builds only on first lookup), which then weighs on the next variants' GCs.
  const counts = tracker.history.get('Item');
  check(counts !== undefined && counts.at(-1)?.[1] === N, 'tracked instances registered');
  return t1 - t0;
}

type Variant = 'plain' | 'floor' | 'floorWeakMap' | 'tracked';
type ManyVariant = 'plainMany' | 'floorMany' | 'trackedMany';
/**
 * Runs per variant per repetition, of which the fastest counts: on shared cores, time stolen
 * by neighbours only ever adds, so the minimum is the least disturbed run.
 */
const INNER = QUICK ? 1 : 3;
/** Classes in the many-classes case: more than V8's 4-way polymorphism, as in an app tracking many classes. */
const MANY = 16;

/** `new` on MANY classes in turn, optionally with the floor's WeakRef + FR per instance. */
function timeRoundRobin(classes: Ctor[], floor: boolean): number {
  const out: object[] = new Array<object>(N);
  const refs: Array<WeakRef<object>> = floor ? new Array<WeakRef<object>>(N) : [];
  const registry = new FinalizationRegistry<number>(() => undefined);
  const t0 = now();
  if (floor) {
    for (let i = 0; i < N; i++) {
      const obj = new classes[i % MANY]!(i);
      refs[i] = new WeakRef(obj);
      registry.register(obj, i);
      out[i] = obj;
    }
  } else {
    for (let i = 0; i < N; i++) out[i] = new classes[i % MANY]!(i);
  }
  const t1 = now();
  check(out[N - 1] !== undefined, 'round-robin instances created');
  return t1 - t0;
}

async function main(): Promise<void> {
  const samples: Record<Variant | ManyVariant, number[]> = { plain: [], floor: [], floorWeakMap: [], tracked: [], plainMany: [], floorMany: [], trackedMany: [] };
  const ratios: number[] = [];
  const manyRatios: number[] = [];
  // One tracker and one class, as an app has: each repetition clears the tracker and re-attaches the class.
  const tracker = new ClassTracker();
  const Plain = definePlain();
  const Tracked = defineTracked(tracker);
  const manyTracker = new ClassTracker();
  const plains = Array.from({ length: MANY }, () => definePlain());
  const trackeds = Array.from({ length: MANY }, () => defineTracked(manyTracker));
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    const ns: Record<Variant | ManyVariant, number> = { plain: 0, floor: 0, floorWeakMap: 0, tracked: 0, plainMany: 0, floorMany: 0, trackedMany: 0 };
    for (const v of rotate<Variant | ManyVariant>(['plain', 'floor', 'floorWeakMap', 'tracked', 'plainMany', 'floorMany', 'trackedMany'], rep)) {
      let best = Infinity;
      for (let k = 0; k < INNER; k++) {
        // Each run starts from an empty tracker with its classes attached.
        tracker.clear();
        tracker.trackClass(Tracked);
        manyTracker.clear();
        for (const T of trackeds) manyTracker.trackClass(T);
        await gcSettle();
        const ms =
          v === 'plain' ? timePlain(Plain)
          : v === 'floor' ? timeFloor(Plain)
          : v === 'floorWeakMap' ? timeFloorWeakMap(Plain)
          : v === 'tracked' ? timeTracked(Tracked, tracker)
          : v === 'plainMany' ? timeRoundRobin(plains, false)
          : v === 'floorMany' ? timeRoundRobin(plains, true)
          : timeRoundRobin(trackeds, false);
        if (v === 'trackedMany') check(manyTracker.history.get('Item')?.at(-1)?.[1] === N, 'many-class instances registered');
        best = Math.min(best, ms);
      }
      ns[v] = (best * 1e6) / N;
    }
    if (rep < WARMUP) continue;
    for (const v of Object.keys(samples) as Array<Variant | ManyVariant>) samples[v].push(ns[v]);
    ratios.push((ns.tracked - ns.plain) / (ns.floor - ns.plain));
    manyRatios.push((ns.trackedMany - ns.plainMany) / (ns.floorMany - ns.plainMany));
  }
  gcNow();

  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<Variant | ManyVariant, number>;
  const manyRatio = median(manyRatios);
  const ratio = median(ratios);
  const ratioOfMedians = (m.tracked - m.plain) / (m.floor - m.plain);
  const row = (label: string, v: Variant | ManyVariant, extra: string): string[] => {
    const s = spread(samples[v]);
    return [label, fmt(m[v]), `${fmt(s.min)} - ${fmt(s.max)}`, extra];
  };
  const table = mdTable(
    ['variant', 'ns/op (median)', 'min - max', 'overhead over plain (ns/op)'],
    [
      row('plain class', 'plain', '0'),
      row('floor: plain + WeakRef + FR.register', 'floor', fmt(m.floor - m.plain)),
      row('reference: floor + WeakMap.set (no target)', 'floorWeakMap', fmt(m.floorWeakMap - m.plain)),
      row('@Tracked class (standard decorator)', 'tracked', fmt(m.tracked - m.plain)),
      row(`${MANY} plain classes in turn`, 'plainMany', '0'),
      row(`${MANY} plain classes in turn + WeakRef + FR.register`, 'floorMany', fmt(m.floorMany - m.plainMany)),
      row(`${MANY} @Tracked classes in turn`, 'trackedMany', fmt(m.trackedMany - m.plainMany)),
    ],
  );
  const rs = spread(ratios);
  report({
    bench: 'construction',
    title: 'Construction overhead of a @Tracked class',
    method:
      `${N.toLocaleString('en-US')} instances per repetition kept alive in an array; ${REPS} repetitions after ${WARMUP} warm-up, ` +
      'one class (and its tracked twin, on one tracker cleared and re-attached between repetitions), the variants timed back to back (order rotated) with a full GC before each. ' +
      `Each variant runs ${INNER} times per repetition and the fastest run counts (neighbours on shared cores only ever add time). ` +
      'Ratio = (tracked - plain) / (floor - plain), computed per repetition, median reported. ' +
      `The many-classes rows create instances of ${MANY} distinct classes in turn (one tracker for the tracked ones): the tracked classes then share one wrapper constructor whose calls V8 sees as megamorphic, as in an app that tracks many classes.`,
    table,
    figures: [
      { name: 'plain', value: m.plain, unit: ' ns/op' },
      { name: 'floor (plain + WeakRef + FR.register)', value: m.floor, unit: ' ns/op' },
      { name: 'reference: floor + WeakMap.set', value: m.floorWeakMap, unit: ' ns/op' },
      { name: 'tracked', value: m.tracked, unit: ' ns/op' },
      {
        name: 'tracked overhead / floor overhead',
        value: ratio,
        unit: 'x',
        target: { op: '<=', value: 1.3 },
        note: `per-repetition range ${fmt(rs.min)} - ${fmt(rs.max)}; ratio of medians ${fmt(ratioOfMedians)}`,
      },
      { name: `tracked overhead / floor overhead, ${MANY} classes in turn`, value: manyRatio, unit: 'x' },
    ],
    notes: [
      `per-repetition ratios: ${ratios.map((r) => fmt(r)).join(', ')}`,
      `per-repetition ratios, ${MANY} classes: ${manyRatios.map((r) => fmt(r)).join(', ')}`,
      'The reference row adds to the floor the WeakMap entry (object -> record) the tracker keeps for find(); it has no target and shows how much of the overhead that entry alone costs.',
    ],
    params: { N, warmup: WARMUP, reps: REPS, inner: INNER, decorators: 'standard' },
  });
}

await main();
