/**
 * Sizer speed (issue #3): `sizeOf` on the same graphs, in the same run, against the npm
 * package `object-sizeof` (when installed) and against the getter-safe walk (floor.ts; the floor) and the bare walk (reference).
 * Per sample: a full GC, then each contender sizes the graph `inner` times (order rotated);
 * medians of the per-call times. Figures per graph: object-sizeof time / sizeOf time
 * (target >= 2) and sizeOf time / floor time (target <= 1.5).
 *
 * To add a graph, append to GRAPHS: a name and a builder returning the root. To profile one:
 *   BENCH_GRAPH=tree node --expose-gc --cpu-prof build/bench/sizer.bench.js
 */
import { sizeOf } from '../platform/node/index.js';
import { bareWalk, getterSafeWalk } from './floor.js';
import { QUICK, check, consume, fmt, gcNow, mdTable, median, now, report, rotate, type Figure } from './harness.js';

const WARMUP = QUICK ? 1 : 3;
const REPS = QUICK ? 3 : 9;
/** Target length of one sample; `inner` is fitted to it during warm-up. */
const SAMPLE_MS = QUICK ? 10 : 40;
/** Each contender runs this long on each graph before anything is timed. */
const WARM_MS = QUICK ? 150 : 400;

interface Graph {
  name: string;
  build(): unknown;
}

class TreeNode {
  value: number;
  label: string;
  children: TreeNode[] = [];
  constructor(i: number) {
    this.value = i * 0.5;
    this.label = `n${i}`;
  }
}

export const GRAPHS: Graph[] = [
  {
    name: 'object with 1,000 fields',
    build() {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < 1000; i++) o[`field${i}`] = i % 3 === 0 ? i : i % 3 === 1 ? i + 0.25 : `value ${i}`;
      return o;
    },
  },
  {
    name: 'array of 10,000 small objects',
    build() {
      return Array.from({ length: 10_000 }, (_, i) => ({ id: i, name: `item ${i}`, score: i * 0.5 }));
    },
  },
  {
    name: 'tree of 100,000 class instances (4 children each)',
    build() {
      const n = QUICK ? 20_000 : 100_000;
      const nodes: TreeNode[] = [];
      for (let i = 0; i < n; i++) nodes.push(new TreeNode(i));
      for (let i = 1; i < n; i++) nodes[(i - 1) >> 2]!.children.push(nodes[i]!);
      return nodes[0];
    },
  },
];

type Contender = 'sizeOf' | 'object-sizeof' | 'object-sizeof walker' | 'floor' | 'bare walk';
type SizeFn = (value: unknown) => number;

/**
 * A function exported by an installed package module, or undefined when it is missing.
 * `object-sizeof` (2.x, the default export) serialises with JSON.stringify and counts the
 * bytes; its `index.js` still ships the classic recursive property walker (1.x), timed as a
 * reference without target.
 */
async function loadSizeFn(specifier: string): Promise<SizeFn | undefined> {
  try {
    const mod = (await import(specifier)) as { default?: unknown };
    const fn = typeof mod.default === 'function' ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
    return typeof fn === 'function' ? (fn as SizeFn) : undefined;
  } catch {
    return undefined;
  }
}

function runner(c: Contender, others: Partial<Record<Contender, SizeFn>>): SizeFn {
  if (c === 'sizeOf') return (root) => sizeOf(root);
  if (c === 'floor') return (root) => getterSafeWalk([root]);
  if (c === 'bare walk') return (root) => bareWalk([root]);
  return others[c]!;
}

interface Result {
  graph: string;
  ms: Partial<Record<Contender, number>>;
  bytes: Partial<Record<Contender, number>>;
  inner: number;
}

async function main(): Promise<void> {
  const others: Partial<Record<Contender, SizeFn>> = {};
  const objectSizeof = await loadSizeFn('object-sizeof');
  if (objectSizeof) others['object-sizeof'] = objectSizeof;
  const walker = objectSizeof ? await loadSizeFn('object-sizeof/index.js') : undefined;
  if (walker) others['object-sizeof walker'] = walker;
  const contenders: Contender[] = ['sizeOf', ...(Object.keys(others) as Contender[]), 'floor', 'bare walk'];
  const results: Result[] = [];
  // BENCH_GRAPH=text runs only the graphs whose name contains it (for profiling one graph).
  const only = process.env['BENCH_GRAPH'];
  for (const g of GRAPHS.filter((x) => only === undefined || x.name.includes(only))) {
    const root = g.build();
    const res: Result = { graph: g.name, ms: {}, bytes: {}, inner: 1 };
    for (const c of contenders) res.bytes[c] = runner(c, others)(root);
    check((res.bytes.sizeOf ?? 0) > 0, `sizeOf(${g.name}) is positive`);
    // Fit `inner` so the slowest contender's sample lasts about SAMPLE_MS: time repeated calls
    // for a while per contender, after a warm-up.
    let slowest = 0;
    for (const c of contenders) {
      const run = runner(c, others);
      // Warm up by time, not by count: on a loaded machine the optimising compiler runs late.
      for (const w0 = now(); now() - w0 < WARM_MS; ) consume(run(root));
      let calls = 0;
      const t0 = now();
      let elapsed = 0;
      do {
        consume(run(root));
        calls++;
        elapsed = now() - t0;
      } while (elapsed < SAMPLE_MS / 2 && calls < 5000);
      slowest = Math.max(slowest, elapsed / calls);
    }
    const inner = Math.max(1, Math.min(5000, Math.round(SAMPLE_MS / Math.max(slowest, 0.001))));
    res.inner = inner;
    const samples: Record<Contender, number[]> = { sizeOf: [], 'object-sizeof': [], 'object-sizeof walker': [], floor: [], 'bare walk': [] };
    for (let rep = 0; rep < WARMUP + REPS; rep++) {
      for (const c of rotate(contenders, rep)) {
        const run = runner(c, others);
        gcNow();
        const t0 = now();
        for (let k = 0; k < inner; k++) consume(run(root));
        const ms = (now() - t0) / inner;
        if (rep >= WARMUP) samples[c].push(ms);
      }
    }
    for (const c of contenders) res.ms[c] = median(samples[c]);
    results.push(res);
    gcNow();
  }

  const figures: Figure[] = [];
  const rows: string[][] = [];
  for (const r of results) {
    const s = r.ms.sizeOf!;
    const f = r.ms.floor!;
    const b = r.ms['bare walk']!;
    const o = r.ms['object-sizeof'];
    const w = r.ms['object-sizeof walker'];
    rows.push([
      r.graph,
      fmt(s), fmt(f), fmt(b), `${fmt(s / b)}x`, o === undefined ? 'not installed' : fmt(o), w === undefined ? '-' : fmt(w),
      `${fmt(s / f)}x`, o === undefined ? '-' : `${fmt(o / s)}x`, w === undefined ? '-' : `${fmt(w / s)}x`,
      (r.bytes.sizeOf ?? 0).toLocaleString('en-US'), o === undefined ? '-' : (r.bytes['object-sizeof'] ?? 0).toLocaleString('en-US'),
    ]);
    figures.push({ name: `sizer, ${r.graph}: sizeOf time`, value: s, unit: ' ms' });
    figures.push({ name: `sizer, ${r.graph}: sizeOf / getter-safe walk`, value: s / f, unit: 'x', target: { op: '<=', value: 1.5 } });
    figures.push({ name: `sizer, ${r.graph}: sizeOf / bare walk`, value: s / b, unit: 'x' });
    if (o !== undefined) {
      figures.push({ name: `sizer, ${r.graph}: object-sizeof / sizeOf (speed-up)`, value: o / s, unit: 'x', target: { op: '>=', value: 2 } });
    }
  }
  const table = mdTable(
    [
      'graph', 'sizeOf ms', 'getter-safe walk (floor) ms', 'bare walk ms', 'sizeOf / bare walk', 'object-sizeof ms', 'object-sizeof walker ms (reference)',
      'sizeOf / floor', 'speed-up over object-sizeof', 'speed-up over the walker', 'sizeOf bytes', 'object-sizeof bytes',
    ],
    rows,
  );
  const notes = [`calls per sample: ${results.map((r) => `${r.graph}: ${r.inner}`).join('; ')}`];
  if (!objectSizeof) notes.push('object-sizeof is not installed: its column is skipped (npm install -D object-sizeof).');
  notes.push(
    'object-sizeof 2.x (its default export, timed against the target) sizes an object as the UTF-8 length of JSON.stringify(value, replacer): ' +
      'native serialisation, no seen-set, no layout; its byte figures are not a correctness reference.',
    'object-sizeof walker: the package\'s index.js, the 1.x recursive for-in walker with a WeakSet, timed for reference only (no target).',
  );
  report({
    bench: 'sizer',
    title: 'Sizer speed: sizeOf vs object-sizeof vs the floor',
    method:
      `The same graph for every contender, in the same run; ${REPS} samples after ${WARMUP} warm-up, contenders interleaved (order rotated), ` +
      'a full GC before each sample, each sample repeating the call so it lasts tens of milliseconds; medians of the time per call.',
    table,
    figures,
    notes,
    params: { warmup: WARMUP, reps: REPS, objectSizeof: objectSizeof !== undefined },
  });
}

await main();
