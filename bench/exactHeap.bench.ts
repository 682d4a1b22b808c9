/**
 * Exact mode on a large heap: the process's heap is filled to about HEAP_MB (default 200 MB)
 * of tracked documents (objects, arrays, strings), then `snapshot({ sizing: 'exact' })` runs.
 * Measured: its time and the peak resident memory it added (maxRSS after minus RSS before),
 * against a baseline: a child process with the same heap in which V8 writes its heap snapshot
 * and the chunks are drained unparsed (V8's own snapshot takes several times the heap).
 * Figure: peak memory beyond the baseline / heap in use (target <= 2: the parser streams the
 * heap snapshot into typed arrays instead of one string, which failed past V8's 512 MB limit).
 */
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { ClassTracker } from '../platform/node/index.js';
import { QUICK, check, fmt, mdTable, now, report, type Figure } from './harness.js';
import { Doc, fillHeap, measureBaseline, runBaselineChild } from './snapshotBaseline.js';

const HEAP_MB = QUICK ? 20 : Number(process.env['HEAP_MB'] ?? 200);

async function main(): Promise<void> {
  const base = measureBaseline(fileURLToPath(import.meta.url), HEAP_MB);
  const tracker = new ClassTracker({ sizing: 'exact' });
  const D = tracker.trackClass(Doc);
  const docs = fillHeap(HEAP_MB, (i) => new D(i));
  const heap = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  let updates = 0;
  const t0 = now();
  const snap = await tracker.snapshot('exact', { onProgress: () => void updates++ });
  const ms = now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  check(snap.classes['Doc']!.active === docs.length, 'every document sized');
  check(snap.classes['Doc']!.bytes > heap / 2, 'the documents own most of the heap');
  const added = peak - rssBefore;
  const ours = added - base.added;
  const table = mdTable(
    ['heap in use', 'tracked instances', 'exact snapshot', 'peak RSS added', 'V8 writing the snapshot alone (baseline)', 'added beyond the baseline / heap', 'progress calls'],
    [[`${fmt(heap / 2 ** 20)} MB`, fmt(docs.length), `${fmt(ms / 1000)} s`, `${fmt(added / 2 ** 20)} MB`, `${fmt(base.added / 2 ** 20)} MB, ${fmt(base.ms / 1000)} s`, `${fmt(ours / heap)}x`, fmt(updates)]],
  );
  const figures: Figure[] = [
    { name: `exact snapshot of a ${fmt(heap / 2 ** 20)} MB heap: peak memory beyond V8's own / heap`, value: ours / heap, unit: 'x', target: { op: '<=', value: 2 }, note: `peak RSS added ${fmt(added / 2 ** 20)} MB, V8 alone ${fmt(base.added / 2 ** 20)} MB; ${fmt(ms / 1000)} s` },
    { name: `exact snapshot of a ${fmt(heap / 2 ** 20)} MB heap: time / V8 writing the snapshot`, value: ms / base.ms, unit: 'x', note: `${fmt(ms / 1000)} s vs ${fmt(base.ms / 1000)} s` },
  ];
  report({
    bench: 'exactHeap',
    title: 'Exact mode on a large heap',
    method:
      `The heap filled to about ${HEAP_MB} MB with tracked documents (20 paragraph objects, strings and arrays each), a full GC, then one ` +
      '`snapshot({ sizing: "exact" })`: V8 writes a heap snapshot, streamed into HeapGraphParser (straight into the graph typed columns), then sized. ' +
      'Peak memory added is process.resourceUsage().maxRSS after it minus RSS before it; the baseline is the same in a child process with the same heap where V8 writes the snapshot and the chunks are drained unparsed; the difference is set against heapUsed.',
    table,
    figures,
    notes: ['Before the streaming parser, a 213 MB heap failed after 273 s ("Cannot create a string longer than 0x1fffffe8") at 6.9 GB resident.'],
    params: { heapMb: HEAP_MB },
  });
}

if (!(await runBaselineChild())) await main();
