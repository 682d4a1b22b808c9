/**
 * Mass deaths in Node: N tracked instances (a trackClass class) die at once.
 *
 * - sweep(): after a full GC, the synchronous `tracker.sweep()` that records the N deaths and
 *   folds them beyond deadRecordLimit, against the baseline of creating the same N instances
 *   of the plain class (same process, interleaved repetitions).
 * - background sweep: after a full GC with no read, the sweep the GC's canary starts by itself
 *   (sliced, a 0 ms timer between slices): its longest block of the event loop, from
 *   perf_hooks' event-loop delay histogram, until it has recorded every death.
 * Figures: sweep ms / tracked construction ms for the same N (a death should cost about a
 * birth: target <= 1), and / plain construction;
 * the background sweep's longest block.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ClassTracker } from '../platform/node/index.js';
import { QUICK, check, fmt, gcNow, mdTable, median, now, report, spread, type Figure } from './harness.js';

const N = QUICK ? 100_000 : Number(process.env['DEATHS_N'] ?? 1_000_000);
const REPS = QUICK ? 1 : 3;
const TARGET = 1;

class Item {
  a: number;
  b = 'item';
  constructor(i: number) {
    this.a = i;
  }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Creates N instances of `Ctor` in a fresh task; returns them and the ms it took. */
async function make(Ctor: new (i: number) => Item): Promise<{ items: Item[]; ms: number }> {
  await tick();
  const items = new Array<Item>(N);
  const t0 = now();
  for (let i = 0; i < N; i++) items[i] = new Ctor(i);
  const ms = now() - t0;
  await tick(); // WeakRefs made in a task hold their targets until it ends
  return { items, ms };
}

interface Internals {
  _life: { _counts: Map<string, { live: number }> };
}

async function sample(): Promise<{ plainMs: number; trackedMs: number; sweepMs: number; longestMs: number; slices: number }> {
  // Baseline: creating N plain instances.
  let plain: Item[] | undefined = (await make(Item)).items;
  const plainMs = (await make(Item)).ms;
  plain = undefined;

  // A synchronous sweep() after mass death (the canary's own sweep is kept from running first).
  const t1 = new ClassTracker();
  const T1 = t1.trackClass(Item);
  const made = await make(T1);
  const trackedMs = made.ms;
  let a: Item[] | undefined = made.items;
  made.items = [];
  check(a.length === N, 'instances made');
  a = undefined;
  await tick();
  (t1 as unknown as { _sweeps: { disarm(): void } })._sweeps.disarm();
  gcNow();
  const s0 = now();
  t1.sweep();
  const sweepMs = now() - s0;
  check(t1.history.get('Item')!.at(-1)![1] === 0, 'every death recorded');
  t1.clear();

  // The background sweep after a GC, with nothing reading.
  const t2 = new ClassTracker();
  const T2 = t2.trackClass(Item);
  let b: Item[] | undefined = (await make(T2)).items;
  check(b.length === N, 'instances made');
  b = undefined;
  await tick();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  gcNow();
  const counts = (t2 as unknown as Internals)._life._counts.get('Item')!;
  const end = now() + 600_000;
  // Wait until the canary's sweep recorded every death (polling reads no tracker data, so it sweeps nothing itself).
  while (counts.live > 0 && now() < end) await new Promise((r) => setTimeout(r, 1));
  h.disable();
  check(counts.live === 0, 'the background sweep ran');
  const longestMs = h.max / 1e6;
  check(t2.history.get('Item')!.at(-1)![1] === 0, 'every death recorded by the background sweep');
  t2.clear();
  void plain;
  return { plainMs, trackedMs, sweepMs, longestMs, slices: h.count };
}

async function main(): Promise<void> {
  await sample(); // warm-up
  const rows: Array<Awaited<ReturnType<typeof sample>>> = [];
  for (let r = 0; r < REPS; r++) rows.push(await sample());
  const plain = median(rows.map((r) => r.plainMs));
  const sweep = median(rows.map((r) => r.sweepMs));
  const tracked = median(rows.map((r) => r.trackedMs));
  const longest = median(rows.map((r) => r.longestMs));
  const perMillion = 1e6 / N;
  const table = mdTable(
    ['what', 'ms (median)', 'min - max', 'ms per million'],
    [
      ['create N plain instances (baseline)', fmt(plain), `${fmt(spread(rows.map((r) => r.plainMs)).min)} - ${fmt(spread(rows.map((r) => r.plainMs)).max)}`, fmt(plain * perMillion)],
      ['create N tracked instances (births)', fmt(tracked), `${fmt(spread(rows.map((r) => r.trackedMs)).min)} - ${fmt(spread(rows.map((r) => r.trackedMs)).max)}`, fmt(tracked * perMillion)],
      ['sweep() after N deaths (records + folds)', fmt(sweep), `${fmt(spread(rows.map((r) => r.sweepMs)).min)} - ${fmt(spread(rows.map((r) => r.sweepMs)).max)}`, fmt(sweep * perMillion)],
      ['background sweep after a GC: longest block', fmt(longest), `${fmt(spread(rows.map((r) => r.longestMs)).min)} - ${fmt(spread(rows.map((r) => r.longestMs)).max)}`, ''],
    ],
  );
  const figures: Figure[] = [
    { name: 'sweep() after mass deaths / tracked construction (a death vs a birth)', value: sweep / tracked, unit: 'x', target: { op: '<=', value: TARGET }, note: `${fmt(sweep)} ms vs ${fmt(tracked)} ms for ${fmt(N)}` },
    { name: 'sweep() after mass deaths / plain construction', value: sweep / plain, unit: 'x', note: `${fmt(sweep)} ms vs ${fmt(plain)} ms for ${fmt(N)}` },
    { name: 'background sweep after mass deaths, longest block', value: longest, unit: ' ms', note: 'event-loop delay histogram max; includes the fold at its end' },
  ];
  report({
    bench: 'massDeath',
    title: 'Mass deaths in Node: sweep and fold',
    method:
      `${fmt(N)} instances of a trackClass class made in one task, then dropped; a full GC. sweep(): the synchronous sweep that records every ` +
      'death and folds the records beyond deadRecordLimit (the canary kept from sweeping first), against creating the same number of instances of ' +
      'the plain class and of the tracked class (baselines, same process). Background: nothing reads after the GC; the canary\'s sliced sweep runs by itself and the ' +
      `event loop's longest block is read from perf_hooks.monitorEventLoopDelay. ${REPS} repetitions after a warm-up, medians.`,
    table,
    figures,
    notes: ['Before this change, sweep() took 2-5 s per million deaths on this machine (a Map entry and a boxed time per death, a fold per 1,250 deaths).'],
    params: { n: N, reps: REPS },
  });
}

await main();
