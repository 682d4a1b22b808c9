import type { DumpSnapshot } from '../src/Dump.js';
import { formatBytes, formatPct, formatTime, truncate } from '../src/format.js';
import type { ClassFigures } from '../src/types.js';

const ZERO: ClassFigures = { active: 0, bytes: 0, average: 0, pct: 0 };

/** Props of `SnapshotTable`. */
export interface SnapshotTableProps {
  snapshot: DumpSnapshot;
  classes: readonly string[];
  onClass: (name: string) => void;
}

/**
 * One snapshot as the summary shows it: label, time, platform total and its source, tracked
 * total, then per class active / bytes / average / pct (zeros for classes absent from it).
 * Raw figures sit in `data-v` for tests; the text uses the SDK's formatters.
 */
export function SnapshotTable({ snapshot: s, classes, onClass }: SnapshotTableProps) {
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
          {classes.map((name) => {
            const c = Object.prototype.hasOwnProperty.call(s.classes, name) ? s.classes[name]! : ZERO;
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
    </section>
  );
}
