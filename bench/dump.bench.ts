/**
 * Dump size per instance per snapshot, plain JSON and gzipped (zlib gzipSync, default
 * level), for N instances of three classes over S snapshots whose sizes vary (strings and
 * arrays of seeded random lengths, a third of the instances growing between snapshots).
 * Also times `toDump()` against `JSON.stringify` of its result (the baseline: encoding should cost
 * about what serializing costs), measures the heap `toDump()` takes, times `writeDump` (streamed
 * JSON and gzip) against JSON.stringify + gzipSync + writeFileAtomic of the same dump, with the memory
 * each holds beyond the dump (sampled), and breaks the bytes down
 * by dump section, and times the SDK's own inflater (platform/browser/gunzip.ts, what a browser without
 * DecompressionStream uses) on the gzipped dump against zlib's gunzipSync in the same run.
 * Figure: gzipped bytes / (N * S), target <= 8.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ClassTracker } from '../platform/node/index.js';
import { saveDump } from '../platform/node/saveDump.js';
import { writeFileAtomic } from '../platform/node/writeFileAtomic.js';
import { gunzip } from '../platform/browser/gunzip.js';
import { QUICK, check, fmt, gcNow, mdTable, median, now, report } from './harness.js';
import { rng } from './rng.js';

const N = QUICK ? 2_000 : Number(process.env['DUMP_N'] ?? 10_000);
const S = 10;
const REPS = QUICK ? 3 : Number(process.env['DUMP_REPS'] ?? 7);
const TARGET = 8;

const rand = rng(42);
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const text = (len: number): string => {
  let s = '';
  while (s.length < len) s += rand().toString(36).slice(2);
  return s.slice(0, len);
};

class Doc {
  title = text(int(5, 40));
  body = text(int(20, 2000));
  tags: string[] = Array.from({ length: int(0, 6) }, () => text(int(3, 10)));
  grow(): void {
    this.body += text(int(1, 200));
    if (rand() < 0.5) this.tags.push(text(5));
  }
}

class Row {
  cells: number[] = Array.from({ length: int(1, 50) }, () => rand() * 1000);
  label = `row-${int(0, 1e6)}`;
  grow(): void {
    for (let k = int(1, 10); k > 0; k--) this.cells.push(rand());
  }
}

class Session {
  id = int(1, 1e9);
  attrs = new Map<string, number>(Array.from({ length: int(0, 20) }, (_, i) => [`k${i}`, i]));
  log: string[] = [];
  grow(): void {
    this.attrs.set(`k${this.attrs.size}`, rand());
    this.log.push(text(int(10, 80)));
  }
}

/** Heap (JS heap, external, array buffers) and RSS now, in bytes. */
function memNow(): { heap: number; rss: number } {
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

/**
 * Runs `fn` while sampling memory every 5 ms (and whenever `fn` calls `take`, for synchronous
 * steps no timer can interrupt); resolves to its time and the highest heap and RSS seen.
 */
async function sampled(fn: (take: () => void) => Promise<unknown>): Promise<{ ms: number; heap: number; rss: number }> {
  let heap = 0;
  let rss = 0;
  const take = (): void => {
    const m = memNow();
    heap = Math.max(heap, m.heap);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(take, 5);
  const t0 = now();
  try {
    await fn(take);
  } finally {
    clearInterval(timer);
  }
  const ms = now() - t0;
  take();
  return { ms, heap, rss };
}

const MB = (b: number): string => `${fmt(b / 1e6)} MB`;

async function main(): Promise<void> {
  const tracker = new ClassTracker();
  const ctors = [tracker.trackClass(Doc), tracker.trackClass(Row), tracker.trackClass(Session)] as const;
  const live: Array<Doc | Row | Session> = [];
  for (let i = 0; i < N; i++) live.push(new ctors[i % 3]());
  for (let s = 0; s < S; s++) {
    if (s > 0) for (const o of live) if (rand() < 1 / 3) o.grow();
    tracker.snapshotSync(`step ${s + 1}`);
  }
  check(tracker.snapshots.length === S, 'snapshots taken');

  // Timing: toDump and JSON.stringify, interleaved, medians.
  const toDumpMs: number[] = [];
  const stringifyMs: number[] = [];
  let json = '';
  for (let r = 0; r < REPS + 1; r++) {
    gcNow();
    const t0 = now();
    const dump = tracker.toDump();
    const t1 = now();
    json = JSON.stringify(dump);
    const t2 = now();
    if (r === 0) continue; // warm-up
    toDumpMs.push(t1 - t0);
    stringifyMs.push(t2 - t1);
  }
  const gz = gzipSync(json);
  const cells = N * S;

  // The heap toDump takes: used heap just after it (no forced GC: its garbage counts, a bound on
  // its peak) and what the dump itself keeps (after a full GC), over the heap before.
  gcNow();
  const before = memNow();
  let held: object | undefined = tracker.toDump();
  const after = memNow();
  gcNow();
  const kept = memNow();
  check(held !== undefined, 'dump made');
  held = undefined;

  // Writing the dump to a .json.gz file: writeDump's streamed path against stringify + gzipSync +
  // one write, same dump, interleaved, medians; memory beyond the dump sampled (5 ms).
  const dir = mkdtempSync(join(tmpdir(), 'heapcensus-dumpbench-'));
  const streamMs: number[] = [];
  const wholeMs: number[] = [];
  const streamHeap: number[] = [];
  const wholeHeap: number[] = [];
  let fileBytes = 0;
  try {
    const dump = tracker.toDump();
    for (let r = 0; r < REPS + 1; r++) {
      gcNow();
      const base1 = memNow().heap;
      const st = await sampled(() => saveDump(join(dir, 'stream.json.gz'), dump));
      gcNow();
      const base2 = memNow().heap;
      const wh = await sampled(async (take) => {
        // What saveDump did before it streamed.
        const text = JSON.stringify(dump);
        const bytes = gzipSync(text);
        take(); // both held here
        await writeFileAtomic(join(dir, 'whole.json.gz'), bytes, 'writeDump');
      });
      if (r === 0) continue;
      streamMs.push(st.ms);
      wholeMs.push(wh.ms);
      streamHeap.push(st.heap - base1);
      wholeHeap.push(wh.heap - base2);
    }
    fileBytes = statSync(join(dir, 'stream.json.gz')).size;
    check(gunzipSync(readFileSync(join(dir, 'stream.json.gz'))).equals(gunzipSync(readFileSync(join(dir, 'whole.json.gz')))), 'streamed file holds the same JSON');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The SDK's inflater against zlib's, interleaved, medians (the speed the unit test used to assert).
  const oursMs: number[] = [];
  const zlibMs: number[] = [];
  for (let r = 0; r < REPS + 1; r++) {
    const t0 = now();
    const ours = gunzip(gz);
    const t1 = now();
    gunzipSync(gz);
    const t2 = now();
    check(ours.length === Buffer.byteLength(json), 'gunzip restores every byte');
    if (r === 0) continue; // warm-up
    oursMs.push(t1 - t0);
    zlibMs.push(t2 - t1);
  }
  const inflateMBs = Buffer.byteLength(json) / 1e6 / (median(oursMs) / 1000);
  const jsonPer = Buffer.byteLength(json) / cells;
  const gzPer = gz.length / cells;

  // Where the bytes go: each top-level section on its own (gzipped alone, so not additive).
  const dump = JSON.parse(json) as Record<string, unknown>;
  const sections = Object.keys(dump).map((k): [string, number, number] => {
    const part = JSON.stringify(dump[k]);
    return [k, Buffer.byteLength(part), gzipSync(part).length];
  }).filter(([, bytes]) => bytes > 40).sort((a, b) => b[1] - a[1]);
  const sizeRows = (dump['snapshots'] as Array<{ sizes: { rows: number[] } }>).map((s) => s.sizes.rows);
  const sizesJson = JSON.stringify(sizeRows);
  check(sizeRows.reduce((a, r) => a + r.length, 0) === cells * 3, 'one size row per instance per snapshot');

  const table = mdTable(
    ['what', 'bytes', 'per instance per snapshot', 'gzipped bytes', 'gzipped per instance per snapshot'],
    [
      ['whole dump', Buffer.byteLength(json).toLocaleString('en-US'), fmt(jsonPer), gz.length.toLocaleString('en-US'), fmt(gzPer)],
      ...sections.map(([k, b, g]) => [`section \`${k}\``, b.toLocaleString('en-US'), fmt(b / cells), g.toLocaleString('en-US'), fmt(g / cells)]),
      ['the size rows alone (id delta, size, flat)', sizesJson.length.toLocaleString('en-US'), fmt(sizesJson.length / cells),
        gzipSync(sizesJson).length.toLocaleString('en-US'), fmt(gzipSync(sizesJson).length / cells)],
    ],
  );
  const timing = mdTable(
    ['step', 'ms (median)', 'min - max'],
    [
      ['tracker.toDump()', fmt(median(toDumpMs)), `${fmt(Math.min(...toDumpMs))} - ${fmt(Math.max(...toDumpMs))}`],
      ['JSON.stringify(dump) (baseline)', fmt(median(stringifyMs)), `${fmt(Math.min(...stringifyMs))} - ${fmt(Math.max(...stringifyMs))}`],
      [`writeDump (streamed) to .json.gz, heap beyond the dump ${MB(median(streamHeap))}`, fmt(median(streamMs)), `${fmt(Math.min(...streamMs))} - ${fmt(Math.max(...streamMs))}`],
      [`JSON.stringify + gzipSync + writeFileAtomic of the bytes (the unstreamed way, baseline), heap beyond the dump ${MB(median(wholeHeap))}`, fmt(median(wholeMs)), `${fmt(Math.min(...wholeMs))} - ${fmt(Math.max(...wholeMs))}`],
      ['gunzip (platform/browser/gunzip.ts) of the gzipped dump', fmt(median(oursMs)), `${fmt(Math.min(...oursMs))} - ${fmt(Math.max(...oursMs))}`],
      ['zlib gunzipSync of the same bytes', fmt(median(zlibMs)), `${fmt(Math.min(...zlibMs))} - ${fmt(Math.max(...zlibMs))}`],
    ],
  );
  report({
    bench: 'dump',
    title: 'Dump size per instance per snapshot',
    method:
      `${N.toLocaleString('en-US')} instances of three classes (Doc: strings of 20-2000 chars; Row: arrays of 1-50 doubles; Session: a Map and a log) ` +
      `over ${S} snapshots, a third of the instances growing between snapshots (seeded, so the workload is the same every run). ` +
      `Bytes of JSON.stringify(tracker.toDump()) and of its gzipSync (default level) divided by instances x snapshots; timings are medians of ${REPS} after a warm-up.`,
    table: `${table}\n\n${timing}\n\n${mdTable(['toDump() memory', 'heap + external', 'RSS'], [
      ['just after toDump(), over before (no forced GC)', MB(after.heap - before.heap), MB(after.rss - before.rss)],
      ['kept by the dump (after a full GC)', MB(kept.heap - before.heap), MB(kept.rss - before.rss)],
    ])}`,
    figures: [
      { name: 'dump JSON bytes per instance per snapshot', value: jsonPer, unit: ' B' },
      { name: 'dump gzipped bytes per instance per snapshot', value: gzPer, unit: ' B', target: { op: '<=', value: TARGET } },
      { name: 'toDump() time', value: median(toDumpMs), unit: ' ms' },
      { name: 'JSON.stringify time', value: median(stringifyMs), unit: ' ms' },
      { name: 'toDump() time / JSON.stringify time (same run)', value: median(toDumpMs) / median(stringifyMs), unit: 'x' },
      { name: 'toDump() heap just after, over before (no forced GC)', value: (after.heap - before.heap) / 1e6, unit: ' MB' },
      { name: 'writeDump .json.gz time / stringify + gzipSync + writeFileAtomic time', value: median(streamMs) / median(wholeMs), unit: 'x' },
      { name: 'writeDump .json.gz heap beyond the dump (sampled peak)', value: median(streamHeap) / 1e6, unit: ' MB' },
      { name: 'stringify + gzipSync + writeFileAtomic heap beyond the dump (sampled peak)', value: median(wholeHeap) / 1e6, unit: ' MB' },
      { name: 'platform/browser/gunzip time / zlib gunzipSync time', value: median(oursMs) / median(zlibMs), unit: 'x' },
      { name: 'src/gunzip output rate', value: inflateMBs, unit: ' MB/s' },
    ],
    notes: ['The per-instance parts of the dump (instances table, count history) are spread over the snapshots: more snapshots, fewer bytes per cell.'],
    params: { N, snapshots: S, reps: REPS, gzFileBytes: fileBytes },
  });
  tracker.clear();
  check(live.length === N, 'kept alive');
}

await main();
