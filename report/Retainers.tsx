import { useMemo } from 'preact/hooks';
import type { DumpReader, InstanceView } from '../src/dump/dumpReader.js';
import { truncate } from '../src/stats/format.js';

/** Retainer-path groups listed on a class page; the rest are counted. */
export const RETAINER_GROUPS_SHOWN = 20;
/** Steps of one path drawn; a longer path is clipped in the middle. */
const STEPS_SHOWN = 12;

/** A retainer path as a readable chain: `(global) → holder.cache → Array[41] → Leaky`. */
export function RetainerChain({ steps }: { steps: readonly string[] }) {
  const shown = steps.length > STEPS_SHOWN ? [...steps.slice(0, 5), `… ${steps.length - 10} steps …`, ...steps.slice(-5)] : steps;
  return (
    <ol class="chain mono" aria-label="retainer path from a GC root">
      {shown.map((s, i) => (
        <li key={i}>{truncate(s, 80)}</li>
      ))}
    </ol>
  );
}

/** The group key of a path: array positions are dropped (`Array[41]` and `Array[7]` retain alike). */
export function retainerKey(steps: readonly string[]): string {
  return steps.map((s) => s.replace(/\[\d+\]/g, '[*]')).join('\u0000');
}

/** A class's instances grouped by retainer path (array positions folded), the most common path first. */
export function ClassRetainers({ reader, instances }: { reader: DumpReader; instances: readonly InstanceView[] }) {
  const groups = useMemo(() => {
    const by = new Map<string, { steps: string[]; count: number; first: number }>();
    for (const inst of instances) {
      const path = reader.retainersOf(inst.id);
      if (path === undefined) continue;
      const key = retainerKey(path);
      const g = by.get(key);
      if (g === undefined) by.set(key, { steps: key.split('\u0000'), count: 1, first: inst.id });
      else g.count++;
    }
    return [...by.values()].sort((a, b) => b.count - a.count || a.first - b.first);
  }, [reader, instances]);
  if (groups.length === 0) return <p class="empty">This dump records no retainer paths for this class.</p>;
  return (
    <ul class="retainers">
      {groups.slice(0, RETAINER_GROUPS_SHOWN).map((g) => (
        <li key={g.first} data-retainers={g.count}>
          <span class="num">{`${g.count} instance${g.count === 1 ? '' : 's'}`}</span>
          <RetainerChain steps={g.steps} />
        </li>
      ))}
      {groups.length > RETAINER_GROUPS_SHOWN && <li class="meta">{`and ${groups.length - RETAINER_GROUPS_SHOWN} more paths`}</li>}
    </ul>
  );
}
