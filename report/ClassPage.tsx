import { useMemo, useState } from 'preact/hooks';
import { formatBytes, formatTime, truncate } from '../src/stats/format.js';
import { CountChart } from './CountChart.js';
import { InstanceDetail } from './InstanceDetail.js';
import { InstancesTable } from './InstancesTable.js';
import type { LoadedDump } from './LoadedDump.js';
import { RefTree } from './RefTree.js';
import { emptyRefsHint } from './refsHint.js';
import { ClassRetainers } from './Retainers.js';
import type { Route } from './route.js';
import { SnapshotPicker } from './SnapshotPicker.js';
import { TraceGroups } from './TraceGroups.js';

/** Props of `ClassPage`: the dump (and its position), the class, the selected instance's id (from the URL). */
export interface ClassPageProps {
  loaded: LoadedDump;
  dump: number;
  name: string;
  instance: number | undefined;
  go: (r: Route) => void;
}

/**
 * One class: count over time, the (virtualised) instances table with the selected instance's
 * sizes, tree and retainer path, the merged referent tree per snapshot, retainer paths and
 * creation traces by call site; a link to its lifetime view.
 */
export function ClassPage({ loaded, dump: at, name, instance, go }: ClassPageProps) {
  const { dump, reader } = loaded;
  const instances = useMemo(() => reader.rowsOf(name).map((r) => reader.instances[r]!), [reader, name]);
  const sizes = useMemo(() => reader.sizeColumns(instances.map((i) => i.row)), [reader, instances]);
  const [snap, setSnap] = useState(Math.max(0, dump.snapshots.length - 1));
  const merged = useMemo(() => (dump.snapshots.length > 0 ? reader.merged(snap, name) : undefined), [reader, snap, name, dump]);
  const history = Object.prototype.hasOwnProperty.call(dump.history, name) ? dump.history[name]! : [];
  const folded = Object.prototype.hasOwnProperty.call(dump.folded, name) ? dump.folded[name] : undefined;
  const alive = instances.reduce((n, i) => n + (i.death === undefined ? 1 : 0), 0);
  const found = instance === undefined ? undefined : reader.instance(instance);
  const sel = found !== undefined && found.name === name ? found : undefined;
  return (
    <div class="classpage" data-view="class" data-class={name}>
      <h2 class="mono" title={name}>{truncate(name, 120)}</h2>
      <p class="meta">
        <span data-field="instances">{instances.length}</span> instance records ({alive} alive at the dump, {instances.length - alive} dead)
        {folded !== undefined && folded.count > 0
          ? `; ${folded.count} older dead instances folded (lifetimes ${formatTime(folded.lifetimeMin)} to ${formatTime(folded.lifetimeMax)}, largest ${formatBytes(folded.maxSize)})`
          : ''}
        {' · '}
        <button type="button" class="link" data-nav="lifetime" onClick={() => go({ view: 'lifetime', dump: at, name })}>
          lifetimes of its instances
        </button>
      </p>
      <section>
        <h3>Instances alive over time</h3>
        <CountChart history={history} />
      </section>
      <section>
        <h3>Instances</h3>
        <div class="split">
          <InstancesTable instances={instances} sizes={sizes} selected={sel?.row} onSelect={(row) => go({ view: 'class', dump: at, name, instance: reader.instances[row]!.id })} />
          <div class="side">
            {sel === undefined ? (
              <p class="empty">Select an instance (click or Enter) to see its sizes across the snapshots, its referent tree and what retains it.</p>
            ) : (
              <InstanceDetail key={sel.row} reader={reader} inst={sel} />
            )}
          </div>
        </div>
      </section>
      <section>
        <h3>
          Merged referent tree in{' '}
          {dump.snapshots.length > 0 ? <SnapshotPicker snapshots={dump.snapshots} value={snap} onChange={setSnap} label="snapshot of the merged tree" /> : 'no snapshot'}
        </h3>
        {merged !== undefined && <RefTree key={`${snap}`} root={merged} />}
        {merged !== undefined && merged.refs.length === 0 && (
          <p class="meta" data-field="refs-hint">
            {emptyRefsHint(reader, instances, snap)}
          </p>
        )}
      </section>
      <section>
        <h3>Retainer paths</h3>
        <ClassRetainers reader={reader} instances={instances} />
      </section>
      <section>
        <h3>Creation traces by call site</h3>
        <TraceGroups instances={instances} />
      </section>
    </div>
  );
}
