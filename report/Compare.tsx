import { useMemo } from 'preact/hooks';
import { formatBytes, formatChange, formatTime, truncate } from '../src/stats/format.js';
import { StatsDiff } from '../src/stats/StatsDiff.js';
import { DeltaBars } from './DeltaBars.js';
import { DiffTable } from './DiffTable.js';
import type { LoadedDump } from './LoadedDump.js';
import type { Route } from './route.js';
import { SnapshotPicker } from './SnapshotPicker.js';

const signedBytes = (n: number): string => (n > 0 ? `+${formatBytes(n)}` : formatBytes(n));
const cls = (n: number): string => (n > 0 ? 'up' : n < 0 ? 'down' : '');

/** Props of `Compare`: the two dumps, the snapshot positions compared (from the URL). */
export interface CompareProps {
  before: LoadedDump;
  after: LoadedDump;
  at: [before: number, after: number];
  go: (r: Route) => void;
}

/**
 * Two dumps side by side (before, after): the tracked and platform totals on top, a diverging
 * bar chart of the per-class byte changes, then the sortable per-class table. Figures are
 * StatsDiff's; a class links to its page in the after dump.
 */
export function Compare({ before, after, at: [bi, ai], go }: CompareProps) {
  const diff = useMemo(() => {
    const b = before.dump.snapshots[bi];
    const a = after.dump.snapshots[ai];
    return b === undefined || a === undefined ? undefined : new StatsDiff(b, a);
  }, [before, after, bi, ai]);
  if (diff === undefined) return <p class="empty" data-view="compare">One of the dumps has no snapshots: nothing to compare.</p>;
  const onClass = (name: string): void => go({ view: 'class', dump: 1, name });
  const tb = diff.before.total;
  const ta = diff.after.total;
  const platform = !(tb.source === 'none' && ta.source === 'none');
  const total = (key: string, label: string, b: number, a: number, note?: string) => (
    <div class="total" data-total={key}>
      <div class="meta">{label}</div>
      <div class={`big ${cls(a - b)}`} data-field="delta" data-v={a - b}>
        {signedBytes(a - b)}
      </div>
      <div>
        <span data-field="before" data-v={b}>{formatBytes(b)}</span> → <span data-field="after" data-v={a}>{formatBytes(a)}</span>{' '}
        <span class={cls(a - b)} data-field="change">{formatChange(b, a)}</span>
      </div>
      {note !== undefined && <div class="meta">{note}</div>}
    </div>
  );
  return (
    <div class="compare" data-view="compare">
      <h2>Compare</h2>
      <div class="sides">
        <div>
          <strong>before</strong> <span class="mono">{truncate(before.source, 80)}</span>:{' '}
          <SnapshotPicker snapshots={before.dump.snapshots} value={bi} onChange={(i) => go({ view: 'compare', before: i, after: ai })} label="before snapshot" /> at{' '}
          {formatTime(diff.before.time)}
        </div>
        <div>
          <strong>after</strong> <span class="mono">{truncate(after.source, 80)}</span>:{' '}
          <SnapshotPicker snapshots={after.dump.snapshots} value={ai} onChange={(i) => go({ view: 'compare', before: bi, after: i })} label="after snapshot" /> at{' '}
          {formatTime(diff.after.time)}
        </div>
      </div>
      <div class="totals">
        {total('tracked', 'tracked total', diff.before.trackedTotal, diff.after.trackedTotal)}
        {platform ? (
          total('platform', 'platform total', tb.bytes, ta.bytes, tb.source === ta.source ? tb.source : `${tb.source} → ${ta.source}`)
        ) : (
          <div class="total" data-total="platform">
            <div class="meta">platform total</div>
            <div>none available</div>
          </div>
        )}
      </div>
      <section>
        <h3>Bytes change per class</h3>
        <DeltaBars classes={diff.classes} onClass={onClass} />
      </section>
      <section>
        <h3>Per class</h3>
        <DiffTable classes={diff.classes} onClass={onClass} />
      </section>
    </div>
  );
}
