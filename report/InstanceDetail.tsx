import { useMemo, useState } from 'preact/hooks';
import type { DumpReader, InstanceView } from '../src/dump/dumpReader.js';
import { formatBytes, formatTime, truncate } from '../src/stats/format.js';
import { RefTree } from './RefTree.js';
import { RetainerChain } from './Retainers.js';
import { SnapshotPicker } from './SnapshotPicker.js';
import { LazyDetails, StackFrames } from './StackFrames.js';
import { usePaging } from './usePaging.js';

/** The last snapshot that sized instance `row` (the first when none did): searched from the end. */
function lastSized(reader: DumpReader, row: number): number {
  for (let i = reader.dump.snapshots.length - 1; i >= 0; i--) if (reader.sizeIn(i, row) !== undefined) return i;
  return 0;
}

/** One instance: its sizes in every snapshot (a page at a time), its creation stack and its referent tree per snapshot. */
export function InstanceDetail({ reader, inst }: { reader: DumpReader; inst: InstanceView }) {
  const snaps = reader.dump.snapshots;
  const [pick, setPick] = useState(() => lastSized(reader, inst.row));
  // Snapshots whose per-instance sizes were dropped (snapshotLimit) get one line, not a row each.
  const kept = useMemo(() => snaps.flatMap((s, i) => (s.sizesDropped === true ? [] : [i])), [snaps]);
  const dropped = snaps.length - kept.length;
  const paging = usePaging(kept.length, inst.row);
  const refs = reader.refsIn(pick, inst.id);
  const retainers = reader.retainersOf(inst.id);
  return (
    <div class="detail" data-instance={inst.id}>
      <h4>
        Instance #{inst.id} <span class="mono preview">{inst.preview === undefined ? '' : truncate(inst.preview, 120)}</span>
      </h4>
      <p class="meta">
        born {formatTime(inst.birth)}, {inst.death === undefined ? 'alive at the dump' : `died ${formatTime(inst.death)}`}, resolution {inst.resolution}
      </p>
      <table class="figures sizes">
        <thead>
          <tr>
            <th class="name">snapshot</th>
            <th>size</th>
            <th>flat</th>
          </tr>
        </thead>
        <tbody>
          {dropped > 0 && (
            <tr class="dropped">
              <td class="name" colSpan={3}>{`${dropped} older snapshot${dropped === 1 ? '' : 's'} without per-instance sizes (snapshotLimit)`}</td>
            </tr>
          )}
          {kept.slice(paging.first, paging.last).map((i) => {
            const s = snaps[i]!;
            const v = reader.sizeIn(i, inst.row);
            return (
              <tr key={s.id} data-snapshot={s.id}>
                <td class="name">{`#${s.id} ${truncate(s.label, 60)}`}</td>
                <td data-field="size" data-v={v?.size ?? ''}>{v === undefined ? '—' : formatBytes(v.size)}</td>
                <td data-field="flat" data-v={v?.flat ?? ''}>{v === undefined ? '—' : formatBytes(v.flat)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {paging.controls}
      {retainers !== undefined && (
        <div class="retained" data-field="retainers">
          <p>Retained by (shortest path from a GC root):</p>
          <RetainerChain steps={retainers} />
        </div>
      )}
      {inst.trace.length > 0 && <LazyDetails summary="creation stack (innermost first)">{() => <StackFrames frames={inst.trace} />}</LazyDetails>}
      {inst.resolution > 0 && snaps.length > 0 && (
        <div>
          <p>
            Referent tree in <SnapshotPicker snapshots={snaps} value={pick} onChange={setPick} label="snapshot of the instance's referent tree" />
          </p>
          {refs === undefined ? (
            <p class="empty">No referent tree recorded in this snapshot.</p>
          ) : (
            <RefTree key={pick} root={{ name: `#${inst.id}`, size: reader.sizeIn(pick, inst.row)?.size ?? 0, flat: reader.sizeIn(pick, inst.row)?.flat ?? 0, refs }} />
          )}
        </div>
      )}
    </div>
  );
}
