/**
 * Shared helpers of the benchmarks (bench/*.bench.ts). Not a test: nothing here asserts a speed.
 *
 * Every benchmark measures the SDK against a baseline taken in the same process, in the
 * same run, interleaved with it, and reports medians of several repetitions after warm-up.
 * Each prints a markdown table for people and one `BENCH_JSON {...}` line that
 * scripts/bench.mjs parses to rewrite BENCHMARKS.md.
 *
 * Environment: `BENCH_QUICK=1` shrinks sizes and repetitions (a smoke run; figures are noisy).
 */

/** A figure with an optional target: `op` tells which side of `value` passes. */
export interface Figure {
  /** Short name shown in BENCHMARKS.md, e.g. `tracked overhead / floor overhead`. */
  name: string;
  value: number;
  /** Unit shown after the value: `x`, `ns/op`, `bytes`, `ms`... */
  unit: string;
  /** The target, when this figure has one. */
  target?: { op: '<=' | '>='; value: number };
  /** One short remark (how it was computed). */
  note?: string;
}

/** What a benchmark reports (one `BENCH_JSON` line). */
export interface BenchResult {
  /** File stem, e.g. `construction`. */
  bench: string;
  title: string;
  /** What is measured and against which baseline, one paragraph. */
  method: string;
  /** The detailed markdown table of this benchmark. */
  table: string;
  figures: Array<Figure & { pass?: boolean }>;
  notes: string[];
  /** Repetitions and sizes actually used. */
  params: Record<string, number | string | boolean>;
}

export const QUICK = process.env['BENCH_QUICK'] === '1';

type GcFn = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/** The `gc()` that `node --expose-gc` installs; an error naming the flag when it is missing. */
function gcFn(): GcFn {
  const g = (globalThis as { gc?: GcFn }).gc;
  if (typeof g !== 'function') throw new Error('run the benchmarks with `node --expose-gc` (npm run bench does)');
  return g;
}

/** A full, synchronous major GC (twice, so weak cells cleared by the first are swept by the second). */
export function gcNow(): void {
  const g = gcFn();
  g();
  g();
}

/** Full GC, then lets the event loop turn so FinalizationRegistry callbacks run, then GC again. */
export async function gcSettle(): Promise<void> {
  gcNow();
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
  gcNow();
}

/**
 * Bytes in use after a settled full GC: `heapUsed` plus `arrayBuffers` (typed-array backing
 * stores live outside the JS heap, and the SDK keeps columns in typed arrays).
 */
export async function heapAfterGc(): Promise<number> {
  const read = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  // Weak cells, finalization registries and ephemeron tables of dead trackers can take more
  // than one GC cycle (and a task) to go: settle until two readings agree within 4 KiB.
  await gcSettle();
  let last = read();
  for (let i = 0; i < 10; i++) {
    await gcSettle();
    const v = read();
    if (Math.abs(v - last) < 4096) return v;
    last = v;
  }
  return last;
}

export const now = (): number => performance.now();

/** Median of the values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Smallest and largest value, for a spread column. */
export function spread(values: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Rounds for display: 3 significant digits, thousands separated for big numbers. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a === 0) return '0';
  return Number(v.toPrecision(digits)).toString();
}

/** A markdown table from a header and rows of cells. */
export function mdTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const sep = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

/** True when the figure meets its target; undefined when it has none. */
export function passes(f: Figure): boolean | undefined {
  if (f.target === undefined) return undefined;
  return f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value;
}

/** Prints the table and figures for a person, then the `BENCH_JSON` line for the runner. */
export function report(result: Omit<BenchResult, 'figures'> & { figures: Figure[] }): void {
  const figures = result.figures.map((f) => ({ ...f, ...(f.target ? { pass: passes(f) } : {}) }));
  const out: BenchResult = { ...result, figures };
  const lines = [`\n## ${result.title}\n`, result.table, ''];
  for (const f of figures) {
    const target = f.target ? ` (target ${f.target.op} ${f.target.value}${f.unit}: ${f.pass ? 'PASS' : 'MISS'})` : '';
    lines.push(`- ${f.name}: ${fmt(f.value)}${f.unit}${target}`);
  }
  for (const n of result.notes) lines.push(`- note: ${n}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify(out)}\n`);
}

/** Rotates `items` by `k` places, so interleaved variants do not always run in the same order. */
export function rotate<T>(items: readonly T[], k: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + k) % n]!);
}

/** Consumes a value so the optimiser cannot drop the work that produced it. */
let sink = 0;
export function consume(v: unknown): void {
  if (typeof v === 'number') sink = (sink + v) | 0;
  else if (v !== undefined && v !== null) sink = (sink + 1) | 0;
}
export const sinkValue = (): number => sink;

/** Fails loudly inside a benchmark (a broken SDK must not produce a figure). */
export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`benchmark sanity check failed: ${message}`);
}
