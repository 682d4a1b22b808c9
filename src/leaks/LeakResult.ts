import type { TraceFrame } from '../types.js';

/** One class that leaked: its alive counts, growth, sample instances and what holds them. */
export interface ClassLeak {
  /** The name the class is tracked under. */
  name: string;
  /** Alive instances after the warm-up, then after each measured iteration (each after a full GC). */
  counts: number[];
  /** Average growth per measured iteration (instances). */
  perIteration: number;
  /** Ids of leaked instances still alive (created during the measured iterations), oldest first, at most `maxIds`. */
  ids: number[];
  /** Creation traces (innermost frame last) of the first sampled instances, when tracked with `trace`. */
  traces?: Array<readonly TraceFrame[]>;
  /** One readable retainer path per explained instance: `(global) → holder.cache → Array[41] → Leaky`. */
  retainers?: string[];
}

/** The plain fields of a LeakResult (what a host passes to build one). */
export interface LeakResultFields {
  /** False when a class leaked, or when garbage could not be collected (see `notice`). */
  ok: boolean;
  /** True when the host forced a full GC before every count; false leaves the counts unreliable. */
  collected: boolean;
  /** Why the check could not conclude (no way to collect garbage), or what limited it (no retainer paths). */
  notice?: string;
  /** Measured iterations. */
  iterations: number;
  /** Unmeasured iterations run first. */
  warmup: number;
  /** The classes that leaked, largest growth first. */
  leaks: ClassLeak[];
  /** Alive counts of every watched class (after the warm-up, then after each iteration). */
  series: Record<string, number[]>;
}

/** Frames of a creation trace shown per sample in the report. */
const TRACE_FRAMES = 4;

/** LeakResult's fields: declared once, in LeakResultFields, and merged into the class. */
export interface LeakResult extends LeakResultFields {}
/**
 * What `findLeaks` returns: `ok`, the `leaks` and the counts behind them. `String(result)` is the
 * human-readable report: per leaking class its growth per iteration, counts, sample ids and
 * creation traces, and retainer paths.
 */
export class LeakResult {
  constructor(fields: LeakResultFields) {
    Object.assign(this, fields);
  }

  /** The report as text, for a person (and a failing test's message). */
  toString(): string {
    return formatLeakResult(this);
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

/** Formats a number of instances per iteration: integers as such, else two decimals. */
const perIter = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The text of `String(result)`. */
export function formatLeakResult(r: LeakResultFields): string {
  const watched = Object.keys(r.series).length;
  const run = `over ${plural(r.iterations, 'iteration')} (after ${r.warmup} warm-up)`;
  const lines: string[] = [];
  if (!r.collected) {
    lines.push(`findLeaks: inconclusive ${run}: ${r.notice ?? 'garbage could not be collected'}`);
    return lines.join('\n');
  }
  if (r.leaks.length === 0) lines.push(`findLeaks: no leak in ${plural(watched, 'class')} ${run}`);
  else lines.push(`findLeaks: ${plural(r.leaks.length, 'class')} leaked ${run}`);
  for (const leak of r.leaks) {
    lines.push(`  ${leak.name}: +${perIter(leak.perIteration)} per iteration (alive ${leak.counts.join(' → ')})`);
    if (leak.ids.length > 0) lines.push(`    leaked ids: ${leak.ids.slice(0, 10).join(', ')}${leak.ids.length > 10 ? ', …' : ''}`);
    // Instances created at one site share one trace: each distinct trace once, with its ids.
    const sites = new Map<string, number[]>();
    leak.traces?.forEach((trace, i) => {
      if (trace.length === 0) return;
      const text = trace
        .slice(-TRACE_FRAMES)
        .reverse()
        .map((f) => `      ${f.file}:${f.line}:${f.column} in ${f.fn === '' ? '(anonymous)' : f.fn}`)
        .join('\n');
      const ids = sites.get(text) ?? [];
      ids.push(leak.ids[i] ?? 0);
      sites.set(text, ids);
    });
    for (const [text, ids] of sites) lines.push(`    ${ids.map((id) => `#${id}`).join(', ')} created at:`, text);
    leak.retainers?.forEach((path, i) => lines.push(`    #${leak.ids[i] ?? '?'} retained by: ${path}`));
  }
  if (r.notice !== undefined) lines.push(`  note: ${r.notice}`);
  return lines.join('\n');
}
