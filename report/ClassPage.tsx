import { useMemo, useState } from 'preact/hooks';
import { formatBytes, formatTime, truncate } from '../src/stats/format.js';
import { CountChart } from './CountChart.js';
import { InstanceDetail } from './InstanceDetail.js';
import { instanceSizes } from './instanceSizes.js';
import { InstancesTable } from './InstancesTable.js';
import type { LoadedDump } from './LoadedDump.js';
import { RefTree } from './RefTree.js';
import { SnapshotPicker } from './SnapshotPicker.js';
import { TraceGroups } from './TraceGroups.js';

/**
 * One class: count over time, the (virtualised) instances table with the selected instance's
 * sizes and tree, the merged referent tree per snapshot, and creation traces by call site.
 */
export function ClassPage({ loaded, name }: { loaded: LoadedDump; name: string }) {
  const { dump, reader } = loaded;
  const instances = useMemo(() => reader.rowsOf(name).map((r) => reader.instances[r]!), [reader, name]);
  const sizes = useMemo(() => instanceSizes(reader, instances.map((i) => i.row)), [reader, instances]);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [snap, setSnap] = useState(Math.max(0, dump.snapshots.length - 1));
  const merged = useMemo(() => (dump.snapshots.length > 0 ? reader.merged(snap, name) : undefined), [reader, snap, name, dump]);
  const history = Object.prototype.hasOwnProperty.call(dump.history, name) ? dump.history[name]! : [];
  const folded = Object.prototype.hasOwnProperty.call(dump.folded, name) ? dump.folded[name] : undefined;
  const alive = instances.reduce((n, i) => n + (i.death === undefined ? 1 : 0), 0);
  const sel = selected === undefined ? undefined : reader.instances[selected];
  return (
    <div class="classpage" data-view="class" data-class={name}>
      <h2 class="mono" title={name}>{truncate(name, 120)}</h2>
      <p class="meta">
        <span data-field="instances">{instances.length}</span> instance records ({alive} alive at the dump, {instances.length - alive} dead)
        {folded !== undefined && folded.count > 0
          ? `; ${folded.count} older dead instances folded (lifetimes ${formatTime(folded.lifetimeMin)} to ${formatTime(folded.lifetimeMax)}, largest ${formatBytes(folded.maxSize)})`
          : ''}
      </p>
      <section>
        <h3>Instances alive over time</h3>
        <CountChart history={history} />
      </section>
      <section>
        <h3>Instances</h3>
        <div class="split">
          <InstancesTable instances={instances} sizes={sizes} selected={selected} onSelect={setSelected} />
          <div class="side">{sel === undefined ? <p class="empty">Select an instance to see its sizes across the snapshots and its referent tree.</p> : <InstanceDetail key={sel.row} reader={reader} inst={sel} />}</div>
        </div>
      </section>
      <section>
        <h3>
          Merged referent tree in{' '}
          {dump.snapshots.length > 0 ? <SnapshotPicker snapshots={dump.snapshots} value={snap} onChange={setSnap} label="snapshot of the merged tree" /> : 'no snapshot'}
        </h3>
        {merged !== undefined && <RefTree key={`${snap}`} root={merged} />}
        {merged !== undefined && merged.refs.length === 0 && <p class="meta">Track the class with a <code>resolution</code> above 0 to record referent trees.</p>}
      </section>
      <section>
        <h3>Creation traces by call site</h3>
        <TraceGroups instances={instances} />
      </section>
    </div>
  );
}
