import { useState } from 'preact/hooks';
import { formatTime, truncate } from '../src/stats/format.js';
import { GrowthHints } from './GrowthHints.js';
import { markText } from './marks.js';
import type { LoadedDump } from './LoadedDump.js';
import { SnapshotPicker } from './SnapshotPicker.js';
import { SnapshotTable } from './SnapshotTable.js';
import { TimeSpaceChart } from './TimeSpaceChart.js';
import { PAGE_ROWS } from './usePaging.js';

/** Marks listed under the chart; the chart draws them all. */
export const MARKS_SHOWN = 50;
/** Table rows the overview draws at most when it shows every snapshot's table (a table's heading counts as 5). */
const ALL_TABLES_ROWS = 300;

/**
 * The overview of one dump: time-space chart, marks, growth hints and the snapshot tables:
 * every snapshot's when they are few and small, else the picked snapshot's (the last at first).
 */
export function Overview({ loaded, onClass }: { loaded: LoadedDump; onClass: (name: string) => void }) {
  // The overview dump: the same object once the rows are checked (nothing here reads rows).
  const dump = loaded.overview;
  const classes = loaded.reader.classNames;
  const snaps = dump.snapshots;
  // The pick belongs to this dump: another dump starts again from its last snapshot.
  const [pick, setPick] = useState<{ of: LoadedDump; at: number }>({ of: loaded, at: snaps.length - 1 });
  // The whole dump replacing its overview (rows checked) is the same dump: the pick stays.
  const at = pick.of.opening === loaded.opening && pick.of.source === loaded.source ? Math.min(pick.at, snaps.length - 1) : snaps.length - 1;
  const all = snaps.length * (Math.min(classes.length, PAGE_ROWS) + 5) <= ALL_TABLES_ROWS;
  const shown = dump.marks.length > MARKS_SHOWN ? dump.marks.slice(0, MARKS_SHOWN) : dump.marks;
  const sel = snaps[at];
  return (
    <div class="overview" data-view="overview">
      <h2>Overview</h2>
      <p class="meta">
        {snaps.length} snapshot{snaps.length === 1 ? '' : 's'}, {classes.length} class{classes.length === 1 ? '' : 'es'}, {dump.platform.name}
        {dump.platform.runtime !== undefined ? ` (${truncate(dump.platform.runtime, 60)})` : ''}, made {truncate(dump.created, 40)}
      </p>
      <section>
        <h3>Bytes per class over time</h3>
        <TimeSpaceChart dump={dump} onClass={onClass} />
        {dump.marks.length > 0 && (
          <ul class="marks">
            {shown.map((m, i) => {
              const t = markText(m);
              return (
                <li key={i} data-mark={i}>
                  <span class="mark-name">{t.name}</span>
                  {t.value !== undefined && <span class="mark-value" data-field="value">{` ${t.value}`}</span>}
                  {t.rating !== undefined && ' '}
                  {t.rating !== undefined && <span class={`rating ${t.rating}`} data-field="rating">{t.rating}</span>}
                  <span class="meta"> at {formatTime(m.time)}</span>
                  {t.rest !== '' && <span class="meta">{` (${t.rest})`}</span>}
                </li>
              );
            })}
            {dump.marks.length > shown.length && <li class="meta">{`and ${dump.marks.length - shown.length} more marks (drawn on the chart)`}</li>}
          </ul>
        )}
      </section>
      <section>
        <h3>Growth hints</h3>
        <GrowthHints dump={dump} onClass={onClass} />
      </section>
      <section>
        <h3>
          Snapshots
          {!all && sel !== undefined && (
            <>
              {': '}
              <SnapshotPicker snapshots={snaps} value={at} onChange={(i) => setPick({ of: loaded, at: i })} label="snapshot of the table" />
            </>
          )}
        </h3>
        {snaps.length === 0 && <p class="empty">This dump has no snapshots.</p>}
        {all ? (
          snaps.map((s) => <SnapshotTable key={s.id} snapshot={s} classes={classes} onClass={onClass} />)
        ) : sel !== undefined ? (
          <SnapshotTable key={sel.id} snapshot={sel} classes={classes} onClass={onClass} />
        ) : null}
      </section>
    </div>
  );
}
