import { useMemo } from 'preact/hooks';
import type { Dump } from '../src/dump/Dump.js';
import { formatBytes, formatChange, truncate } from '../src/stats/format.js';
import { findGrowth } from './findGrowth.js';

/** Growth hints listed; the rest are counted. */
export const GROWTH_SHOWN = 50;

/** Lists the classes whose count or bytes grow across every snapshot (a leak suspect list), the largest growth first. */
export function GrowthHints({ dump, onClass }: { dump: Dump; onClass: (name: string) => void }) {
  const hints = useMemo(() => findGrowth(dump), [dump]);
  if (dump.snapshots.length < 2) return <p class="empty">Growth hints need two snapshots or more.</p>;
  if (hints.length === 0) return <p class="empty" data-growth="none">No class grows across every snapshot.</p>;
  return (
    <ul class="growth">
      {hints.slice(0, GROWTH_SHOWN).map((g) => (
        <li key={g.name} data-growth={g.name}>
          <button type="button" class="link" title={g.name} onClick={() => onClass(g.name)}>
            {truncate(g.name, 80)}
          </button>{' '}
          grows at every snapshot:{' '}
          {g.count ? `count ${g.first.active} → ${g.last.active} (${formatChange(g.first.active, g.last.active)})` : ''}
          {g.count && g.bytes ? ', ' : ''}
          {g.bytes ? `bytes ${formatBytes(g.first.bytes)} → ${formatBytes(g.last.bytes)} (${formatChange(g.first.bytes, g.last.bytes)})` : ''}
        </li>
      ))}
      {hints.length > GROWTH_SHOWN && <li class="meta">{`and ${hints.length - GROWTH_SHOWN} more classes grow at every snapshot`}</li>}
    </ul>
  );
}
