import type { InstanceView } from '../src/dump/dumpReader.js';
import type { TraceFrame } from '../src/types.js';

/** The instances created at one call site (the innermost frame), and the stacks that led there. */
export interface TraceGroup {
  /** `fn (file:line:column)` of the innermost frame. */
  site: string;
  count: number;
  /** The distinct stacks at this site, most frequent first (innermost frame last). */
  stacks: Array<{ frames: readonly TraceFrame[]; count: number }>;
}

/** Renders a frame as `fn (file:line:column)`, `<anonymous>` for a nameless function. */
export function frameText(f: TraceFrame): string {
  return `${f.fn === '' ? '<anonymous>' : f.fn} (${f.file}:${f.line}:${f.column})`;
}

/** Groups instances by creation call site, most instances first; instances without a trace are left out. */
export function groupTraces(instances: Iterable<InstanceView>): TraceGroup[] {
  // Traces are shared arrays (one per distinct stack in the dump), so identity groups stacks.
  const byStack = new Map<readonly TraceFrame[], number>();
  for (const inst of instances) if (inst.trace.length > 0) byStack.set(inst.trace, (byStack.get(inst.trace) ?? 0) + 1);
  const bySite = new Map<string, TraceGroup>();
  for (const [frames, count] of byStack) {
    const site = frameText(frames[frames.length - 1]!);
    let g = bySite.get(site);
    if (g === undefined) bySite.set(site, (g = { site, count: 0, stacks: [] }));
    g.count += count;
    g.stacks.push({ frames, count });
  }
  const groups = [...bySite.values()];
  for (const g of groups) g.stacks.sort((a, b) => b.count - a.count);
  return groups.sort((a, b) => b.count - a.count || (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}
