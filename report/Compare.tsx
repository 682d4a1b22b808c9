import { useMemo, useState } from 'preact/hooks';
import { formatBytes, formatChange, formatDelta, formatTime, truncate } from '../src/stats/format.js';
import { StatsDiff } from '../src/stats/StatsDiff.js';
import type { LoadedDump } from './LoadedDump.js';
import { SnapshotPicker } from './SnapshotPicker.js';
import { sortDiff } from './sortDiff.js';
import { usePaging } from './usePaging.js';

const signedBytes = (n: number): string => (n > 0 ? `+${formatBytes(n)}` : formatBytes(n));
const cls = (n: number): string => (n > 0 ? 'up' : n < 0 ? 'down' : '');

/**
 * Two dumps side by side (before, after): per class count, bytes and average with deltas and
 * percentages, the tracked and platform totals, largest change first, a page of classes at a
 * time. Figures are StatsDiff's.
 */
export function Compare({ before, after }: { before: LoadedDump; after: LoadedDump }) {
  const [bi, setBi] = useState(before.dump.snapshots.length - 1);
  const [ai, setAi] = useState(after.dump.snapshots.length - 1);
  const diff = useMemo(() => {
    const b = before.dump.snapshots[bi];
    const a = after.dump.snapshots[ai];
    return b === undefined || a === undefined ? undefined : new StatsDiff(b, a);
  }, [before, after, bi, ai]);
  const rows = useMemo(() => (diff === undefined ? [] : sortDiff(diff.classes)), [diff]);
  const paging = usePaging(rows.length, diff);
  if (diff === undefined) return <p class="empty" data-view="compare">One of the dumps has no snapshots: nothing to compare.</p>;
  const tb = diff.before.total;
  const ta = diff.after.total;
  return (
    <div class="compare" data-view="compare">
      <h2>Compare</h2>
      <div class="sides">
        <div>
          <strong>before</strong> <span class="mono">{truncate(before.source, 80)}</span>:{' '}
          <SnapshotPicker snapshots={before.dump.snapshots} value={bi} onChange={setBi} label="before snapshot" /> at {formatTime(diff.before.time)}
        </div>
        <div>
          <strong>after</strong> <span class="mono">{truncate(after.source, 80)}</span>:{' '}
          <SnapshotPicker snapshots={after.dump.snapshots} value={ai} onChange={setAi} label="after snapshot" /> at {formatTime(diff.after.time)}
        </div>
      </div>
      <table class="figures totals">
        <tbody>
          <tr data-total="tracked">
            <th class="name">tracked total</th>
            <td data-field="before" data-v={diff.before.trackedTotal}>{formatBytes(diff.before.trackedTotal)}</td>
            <td>→</td>
            <td data-field="after" data-v={diff.after.trackedTotal}>{formatBytes(diff.after.trackedTotal)}</td>
            <td class={cls(diff.trackedDelta)} data-field="delta" data-v={diff.trackedDelta}>{signedBytes(diff.trackedDelta)}</td>
            <td class={cls(diff.trackedDelta)} data-field="change">{formatChange(diff.before.trackedTotal, diff.after.trackedTotal)}</td>
          </tr>
          <tr data-total="platform">
            <th class="name">platform total</th>
            {tb.source === 'none' && ta.source === 'none' ? (
              <td colSpan={5}>none available</td>
            ) : (
              <>
                <td data-field="before" data-v={tb.bytes}>{formatBytes(tb.bytes)}</td>
                <td>→</td>
                <td data-field="after" data-v={ta.bytes}>{formatBytes(ta.bytes)}</td>
                <td class={cls(ta.bytes - tb.bytes)} data-field="delta" data-v={ta.bytes - tb.bytes}>{signedBytes(ta.bytes - tb.bytes)}</td>
                <td class={cls(ta.bytes - tb.bytes)} data-field="change">
                  {formatChange(tb.bytes, ta.bytes)} <span class="meta">[{tb.source === ta.source ? tb.source : `${tb.source} → ${ta.source}`}]</span>
                </td>
              </>
            )}
          </tr>
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p class="empty">No classes in either snapshot.</p>
      ) : (
        <table class="figures diff">
          <thead>
            <tr>
              <th class="name" rowSpan={2}>class</th>
              <th colSpan={3}>count</th>
              <th colSpan={4}>bytes</th>
              <th colSpan={4}>average</th>
            </tr>
            <tr>
              <th>before</th>
              <th>after</th>
              <th>Δ</th>
              <th>before</th>
              <th>after</th>
              <th>Δ</th>
              <th>Δ%</th>
              <th>before</th>
              <th>after</th>
              <th>Δ</th>
              <th>Δ%</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(paging.first, paging.last).map((c) => (
              <tr key={c.name} data-class={c.name}>
                <td class="name mono" title={c.name}>{truncate(c.name, 80)}</td>
                <td data-field="activeBefore" data-v={c.before.active}>{String(c.before.active)}</td>
                <td data-field="activeAfter" data-v={c.after.active}>{String(c.after.active)}</td>
                <td class={cls(c.activeDelta)} data-field="activeDelta" data-v={c.activeDelta}>{formatDelta(c.activeDelta)}</td>
                <td data-field="bytesBefore" data-v={c.before.bytes}>{formatBytes(c.before.bytes)}</td>
                <td data-field="bytesAfter" data-v={c.after.bytes}>{formatBytes(c.after.bytes)}</td>
                <td class={cls(c.bytesDelta)} data-field="bytesDelta" data-v={c.bytesDelta}>{signedBytes(c.bytesDelta)}</td>
                <td class={cls(c.bytesDelta)} data-field="bytesChange">{formatChange(c.before.bytes, c.after.bytes)}</td>
                <td data-field="averageBefore" data-v={c.before.average}>{formatBytes(c.before.average)}</td>
                <td data-field="averageAfter" data-v={c.after.average}>{formatBytes(c.after.average)}</td>
                <td class={cls(c.averageDelta)} data-field="averageDelta" data-v={c.averageDelta}>{signedBytes(c.averageDelta)}</td>
                <td class={cls(c.averageDelta)} data-field="averageChange">{formatChange(c.before.average, c.after.average)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paging.controls}
    </div>
  );
}
