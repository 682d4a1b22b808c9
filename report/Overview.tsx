import { formatTime, truncate } from '../src/format.js';
import { GrowthHints } from './GrowthHints.js';
import type { LoadedDump } from './LoadedDump.js';
import { SnapshotTable } from './SnapshotTable.js';
import { TimeSpaceChart } from './TimeSpaceChart.js';

/** The overview of one dump: time-space chart, marks, growth hints and the per-snapshot tables. */
export function Overview({ loaded, onClass }: { loaded: LoadedDump; onClass: (name: string) => void }) {
  const { dump, classes } = loaded;
  return (
    <div class="overview" data-view="overview">
      <h2>Overview</h2>
      <p class="meta">
        {dump.snapshots.length} snapshot{dump.snapshots.length === 1 ? '' : 's'}, {classes.length} class{classes.length === 1 ? '' : 'es'}, {dump.platform.name}
        {dump.platform.runtime !== undefined ? ` (${truncate(dump.platform.runtime, 60)})` : ''}, made {truncate(dump.created, 40)}
      </p>
      <section>
        <h3>Bytes per class over time</h3>
        <TimeSpaceChart dump={dump} classes={classes} />
        {dump.marks.length > 0 && (
          <ul class="marks">
            {dump.marks.map((m, i) => (
              <li key={i} data-mark={i}>
                <span class="mark-name">{truncate(m.name, 60)}</span> at {formatTime(m.time)}
                {m.value !== undefined ? ` = ${+m.value.toFixed(3)}` : ''}
                {m.detail !== undefined ? ` ${Object.entries(m.detail).map(([k, v]) => `${truncate(k, 20)}: ${truncate(v, 40)}`).join(', ')}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3>Growth hints</h3>
        <GrowthHints dump={dump} classes={classes} onClass={onClass} />
      </section>
      <section>
        <h3>Snapshots</h3>
        {dump.snapshots.length === 0 && <p class="empty">This dump has no snapshots.</p>}
        {dump.snapshots.map((s) => (
          <SnapshotTable key={s.id} snapshot={s} classes={classes} onClass={onClass} />
        ))}
      </section>
    </div>
  );
}
