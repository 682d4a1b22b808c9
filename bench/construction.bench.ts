/**
 * Construction overhead of a `@Tracked()` class (standard decorator) over the identical
 * plain class, against the floor of what any WeakRef-based tracker must pay: one
 * `new WeakRef(obj)` plus one `FinalizationRegistry.register(obj, holding)` per instance.
 *
 * Per repetition: a fresh tracker and freshly defined classes; plain, floor and tracked
 * are timed back to back (order rotated), each creating N instances kept alive in an
 * array during the timing, with a full GC before each. Figure: median over repetitions
 * of (tracked - plain) / (floor - plain), target <= 1.3.
 */
import { ClassTracker, Tracked } from '../platform/node/index.js';
import { QUICK, check, fmt, gcNow, gcSettle, mdTable, median, now, report, rotate, spread } from './harness.js';

const N = QUICK ? 50_000 : 200_000;
const WARMUP = QUICK ? 1 : 3;
const REPS = QUICK ? 3 : 21;

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
  check(tracker.find(out[N - 1]!) !== undefined && tracker.find(out[0]!) !== undefined, 'tracked instances registered');
  return t1 - t0;
}

type Variant = 'plain' | 'floor' | 'floorWeakMap' | 'tracked';

async function main(): Promise<void> {
  const samples: Record<Variant, number[]> = { plain: [], floor: [], floorWeakMap: [], tracked: [] };
  const ratios: number[] = [];
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    const tracker = new ClassTracker();
    const Plain = definePlain();
    const Tracked = defineTracked(tracker);
    const ns: Record<Variant, number> = { plain: 0, floor: 0, floorWeakMap: 0, tracked: 0 };
    for (const v of rotate<Variant>(['plain', 'floor', 'floorWeakMap', 'tracked'], rep)) {
      await gcSettle();
      const ms =
        v === 'plain' ? timePlain(Plain) : v === 'floor' ? timeFloor(Plain) : v === 'floorWeakMap' ? timeFloorWeakMap(Plain) : timeTracked(Tracked, tracker);
      ns[v] = (ms * 1e6) / N;
    }
    tracker.clear();
    if (rep < WARMUP) continue;
    for (const v of ['plain', 'floor', 'floorWeakMap', 'tracked'] as const) samples[v].push(ns[v]);
    ratios.push((ns.tracked - ns.plain) / (ns.floor - ns.plain));
  }
  gcNow();

  const m: Record<Variant, number> = {
    plain: median(samples.plain), floor: median(samples.floor), floorWeakMap: median(samples.floorWeakMap), tracked: median(samples.tracked),
  };
  const ratio = median(ratios);
  const ratioOfMedians = (m.tracked - m.plain) / (m.floor - m.plain);
  const row = (label: string, v: Variant, extra: string): string[] => {
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
    ],
  );
  const rs = spread(ratios);
  report({
    bench: 'construction',
    title: 'Construction overhead of a @Tracked class',
    method:
      `${N.toLocaleString('en-US')} instances per repetition kept alive in an array; ${REPS} repetitions after ${WARMUP} warm-up, ` +
      'a fresh tracker and freshly defined classes per repetition, the variants timed back to back (order rotated) with a full GC before each. ' +
      'Ratio = (tracked - plain) / (floor - plain), computed per repetition, median reported.',
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
    ],
    notes: [
      `per-repetition ratios: ${ratios.map((r) => fmt(r)).join(', ')}`,
      'The reference row adds to the floor the WeakMap entry (object -> record) the tracker keeps for find(); it has no target and shows how much of the overhead that entry alone costs.',
    ],
    params: { N, warmup: WARMUP, reps: REPS, decorators: 'standard' },
  });
}

await main();
