/**
 * Leak checks in Node. (1) Retainer paths on a large heap: the heap filled to about HEAP_MB
 * (default 200 MB) of tracked documents, one of them also held at a known path; then the retainer
 * path of that instance, as findLeaks({ retainers: true }) takes it: a V8 heap snapshot streamed
 * into the graph's typed columns, and a breadth-first search. Measured: time, and peak resident
 * memory added (maxRSS after minus RSS before) beyond a baseline child process with the same heap
 * where V8 writes its snapshot and the chunks are drained unparsed; target <= 2x the heap in use.
 * (2) findLeaks' overhead: a scenario timed alone against findLeaks running it 1 + 5 times with a
 * full GC, finalizers and a sweep after each, on a small heap.
 */
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { trackedRetainers } from '../platform/node/findLeaks.js';
import { ClassTracker, findLeaks } from '../platform/node/index.js';
import { QUICK, check, consume, fmt, gcNow, mdTable, median, now, report, type Figure } from './harness.js';
import { Doc, fillHeap, measureBaseline, runBaselineChild } from './snapshotBaseline.js';

const HEAP_MB = QUICK ? 20 : Number(process.env['HEAP_MB'] ?? 200);
const REPS = QUICK ? 2 : 5;

/** Part 1: one retainer path on a heap of HEAP_MB; returns its table row and figures. */
async function retainersOnLargeHeap(): Promise<{ row: string[]; figures: Figure[] }> {
  const base = measureBaseline(fileURLToPath(import.meta.url), HEAP_MB);
  const tracker = new ClassTracker();
  const D = tracker.trackClass(Doc);
  const docs = fillHeap(HEAP_MB, (i) => new D(i));
  const holder = { cache: [docs[docs.length - 1]] };
  (globalThis as { benchHolder?: unknown }).benchHolder = holder;
  const id = tracker.find(holder.cache[0]!)!.id;
  gcNow();
  const heap = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const t0 = now();
  const paths = await trackedRetainers(tracker, [id]);
  const ms = now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  const path = paths.get(id)?.join(' → ');
  check(path === '(global) → benchHolder.cache → Array[0] → Doc', `the path found: ${String(path)}`);
  consume(docs.length);
  delete (globalThis as { benchHolder?: unknown }).benchHolder;
  const added = peak - rssBefore;
  const ours = added - base.added;
  return {
    row: [`${fmt(heap / 2 ** 20)} MB`, fmt(docs.length), `${fmt(ms / 1000)} s`, `${fmt(added / 2 ** 20)} MB`, `${fmt(base.added / 2 ** 20)} MB, ${fmt(base.ms / 1000)} s`, `${fmt(ours / heap)}x`],
    figures: [
      { name: `retainer path on a ${fmt(heap / 2 ** 20)} MB heap: peak memory beyond V8's own / heap`, value: ours / heap, unit: 'x', target: { op: '<=', value: 2 }, note: `peak RSS added ${fmt(added / 2 ** 20)} MB, V8 alone ${fmt(base.added / 2 ** 20)} MB` },
      { name: `retainer path on a ${fmt(heap / 2 ** 20)} MB heap: time / V8 writing the snapshot alone`, value: ms / base.ms, unit: 'x', note: `${fmt(ms / 1000)} s vs ${fmt(base.ms / 1000)} s` },
    ],
  };
}

/** Part 2: findLeaks (5 iterations after 1 warm-up) against the scenario run 6 times alone. */
async function findLeaksOverhead(): Promise<{ rows: string[][]; figures: Figure[] }> {
  const tracker = new ClassTracker();
  const D = tracker.trackClass(class Item {
    data = { text: 'x'.repeat(200), list: [1, 2, 3] };
  });
  // One iteration: 2,000 tracked objects made and dropped, across an await (a request handled).
  const scenario = async (): Promise<void> => {
    const made: object[] = [];
    for (let i = 0; i < 2000; i++) made.push(new D());
    await new Promise((r) => setImmediate(r));
    consume(made.length);
  };
  const alone: number[] = [];
  const checked: number[] = [];
  for (let r = 0; r < REPS + 1; r++) {
    let t0 = now();
    for (let i = 0; i < 6; i++) await scenario();
    const a = now() - t0;
    t0 = now();
    const result = await findLeaks(scenario, { tracker, iterations: 5, warmup: 1 });
    const f = now() - t0;
    check(result.ok, 'the scenario does not leak');
    if (r === 0) continue; // warm-up
    alone.push(a);
    checked.push(f);
  }
  const a = median(alone);
  const f = median(checked);
  const heap = process.memoryUsage().heapUsed;
  return {
    rows: [[`${fmt(heap / 2 ** 20)} MB`, `${fmt(a)} ms`, `${fmt(f)} ms`, `${fmt((f - a) / 6)} ms`, `${fmt(f / a)}x`]],
    figures: [{ name: 'findLeaks (1 + 5 iterations) / the scenario run 6 times alone', value: f / a, unit: 'x', note: `${fmt((f - a) / 6)} ms per iteration (full GCs, finalizers, sweep) on a ${fmt(heap / 2 ** 20)} MB heap` }],
  };
}

async function main(): Promise<void> {
  // The large heap first: maxRSS is the process's peak so far.
  const large = await retainersOnLargeHeap();
  gcNow();
  const overhead = await findLeaksOverhead();
  const table =
    mdTable(['heap in use', 'tracked instances', 'retainer path', 'peak RSS added', 'V8 writing the snapshot alone (baseline)', 'added beyond the baseline / heap'], [large.row]) +
    '\n\n' +
    mdTable(['heap in use', 'scenario x 6 alone', 'findLeaks, 1 + 5 iterations', 'overhead per iteration', 'ratio'], overhead.rows);
  report({
    bench: 'leaks',
    title: 'Leak checks in Node: retainer paths on a large heap, findLeaks overhead',
    method:
      `Retainer path: the heap filled to about ${HEAP_MB} MB with tracked documents, one also held at (global) → benchHolder.cache → Array[0], then the path of that instance as findLeaks({ retainers: true }) takes it ` +
      '(a V8 heap snapshot streamed into typed columns, then a breadth-first search); peak memory added is maxRSS after minus RSS before, against a child process with the same heap where V8 writes the snapshot and the chunks are drained unparsed, set against heapUsed. ' +
      `findLeaks overhead: a scenario making and dropping 2,000 tracked objects across an await, run 6 times alone against findLeaks running it 1 + 5 times (a full GC, finalizers and a sweep after each), medians of ${REPS} after a warm-up.`,
    table,
    figures: [...large.figures, ...overhead.figures],
    notes: [],
    params: { heapMb: HEAP_MB, reps: REPS },
  });
}

if (!(await runBaselineChild())) await main();
