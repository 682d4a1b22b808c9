import { useMemo, useState } from 'preact/hooks';
import { formatBytes, formatChange, formatDelta, truncate } from '../src/stats/format.js';
import type { ClassDiff } from '../src/stats/StatsDiff.js';
import { sortDiff, type DiffKey } from './sortDiff.js';
import { usePaging } from './usePaging.js';

const signedBytes = (n: number): string => (n > 0 ? `+${formatBytes(n)}` : formatBytes(n));
const cls = (n: number): string => (n > 0 ? 'up' : n < 0 ? 'down' : '');

/**
 * The compare table: per class count, bytes and average before and after with deltas and changes,
 * sortable by any column (click a heading; again to reverse), largest change first at the start,
 * each class a link to its page, a page of classes at a time.
 */
export function DiffTable({ classes, onClass }: { classes: readonly ClassDiff[]; onClass: (name: string) => void }) {
  const [sort, setSort] = useState<{ key: DiffKey; desc: boolean }>({ key: 'change', desc: true });
  const rows = useMemo(() => sortDiff(classes, sort.key, sort.desc), [classes, sort]);
  const paging = usePaging(rows.length, `${sort.key}:${sort.desc}:${classes.length}`);
  if (rows.length === 0) return <p class="empty">No classes in either snapshot.</p>;
  const head = (key: DiffKey, text: string, cl = '') => (
    <th class={cl} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        class={`sort${sort.key === key ? ' active' : ''}`}
        data-sort={key}
        onClick={() => setSort(sort.key === key ? { key, desc: !sort.desc } : { key, desc: key !== 'name' })}
      >
        {text}
        {sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <>
      <table class="figures diff">
        <thead>
          <tr>
            {head('name', 'class', 'name')}
            <th colSpan={3}>count</th>
            <th colSpan={4}>bytes</th>
            <th colSpan={4}>average</th>
          </tr>
          <tr>
            <th class="name">{sort.key !== 'change' && <button type="button" class="sort" data-sort="change" onClick={() => setSort({ key: 'change', desc: true })}>largest change first</button>}</th>
            {head('activeBefore', 'before')}
            {head('activeAfter', 'after')}
            {head('activeDelta', 'Δ')}
            {head('bytesBefore', 'before')}
            {head('bytesAfter', 'after')}
            {head('bytesDelta', 'Δ')}
            {head('bytesChange', 'Δ%')}
            {head('averageBefore', 'before')}
            {head('averageAfter', 'after')}
            {head('averageDelta', 'Δ')}
            {head('averageChange', 'Δ%')}
          </tr>
        </thead>
        <tbody>
          {rows.slice(paging.first, paging.last).map((c) => (
            <tr key={c.name} data-class={c.name}>
              <td class="name mono">
                <button type="button" class="link" title={c.name} onClick={() => onClass(c.name)}>
                  {truncate(c.name, 80)}
                </button>
              </td>
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
      {paging.controls}
    </>
  );
}
