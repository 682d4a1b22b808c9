import { useMemo } from 'preact/hooks';
import type { DumpSnapshot } from '../src/dump/Dump.js';
import { formatBytes, formatPct, formatTime, truncate } from '../src/stats/format.js';
import { byCodeUnit } from '../src/stats/StatsDiff.js';
import { figuresOf } from '../src/dump/dumpReader.js';
import { PAGE_ROWS, usePaging } from './usePaging.js';

/** Props of `SnapshotTable`. */
export interface SnapshotTableProps {
  snapshot: DumpSnapshot;
  classes: readonly string[];
  onClass: (name: string) => void;
}

/**
 * The rows of a snapshot's table: every class by name (zeros where absent) when the dump has
 * one page of classes or fewer; otherwise only the classes in this snapshot, largest bytes first.
 */
export function tableRows(s: DumpSnapshot, classes: readonly string[]): string[] {
  if (classes.length <= PAGE_ROWS) return classes.slice();
  const own = Object.keys(s.classes);
  const bytes = (n: string): number => s.classes[n]!.bytes;
  return own.sort((a, b) => bytes(b) - bytes(a) || byCodeUnit(a, b));
}

/**
 * One snapshot as the summary shows it: label, time, platform total and its source, tracked
 * total, then per class active / bytes / average / pct (zeros for classes absent from it), a
 * page at a time (see `tableRows`). Raw figures sit in `data-v` for tests; the text uses the SDK's formatters.
 */
export function SnapshotTable({ snapshot: s, classes, onClass }: SnapshotTableProps) {
  const rows = useMemo(() => tableRows(s, classes), [s, classes]);
  const paging = usePaging(rows.length, s);
  const absent = classes.length - rows.length;
  return (
    <section class="snapshot" data-snapshot={s.id}>
      <h3>
        <span class="label">{s.label === '' ? `snapshot #${s.id}` : truncate(s.label, 120)}</span>
        <span class="meta">
          #{s.id} at <span data-field="time">{formatTime(s.time)}</span> · platform total{' '}
          <span data-field="total" data-v={s.total.bytes}>{s.total.source === 'none' ? 'none' : formatBytes(s.total.bytes)}</span>{' '}
          <span class="source" data-field="source">({s.total.source})</span> · tracked <span data-field="tracked" data-v={s.trackedTotal}>{formatBytes(s.trackedTotal)}</span>
          {s.sizing === 'exact' ? ' · exact sizes' : ''}
        </span>
      </h3>
      <table class="figures">
        <thead>
          <tr>
            <th class="name">class</th>
            <th>active</th>
            <th>bytes</th>
            <th>average</th>
            <th>pct</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(paging.first, paging.last).map((name) => {
            const c = figuresOf(s.classes, name);
            return (
              <tr key={name} data-class={name}>
                <td class="name">
                  <button type="button" class="link" title={name} onClick={() => onClass(name)}>
                    {truncate(name, 80)}
                  </button>
                </td>
                <td data-field="active" data-v={c.active}>{String(c.active)}</td>
                <td data-field="bytes" data-v={c.bytes}>{formatBytes(c.bytes)}</td>
                <td data-field="average" data-v={c.average}>{formatBytes(c.average)}</td>
                <td data-field="pct" data-v={c.pct}>{`${formatPct(c.pct)}%`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {paging.controls}
      {absent > 0 && <p class="meta" data-field="absent">{`${absent} class${absent === 1 ? '' : 'es'} with no instances in this snapshot ${absent === 1 ? 'is' : 'are'} not listed.`}</p>}
    </section>
  );
}
