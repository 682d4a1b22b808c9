import type { DumpReader, InstanceView } from '../src/dump/dumpReader.js';

/**
 * Why a class's merged referent tree in snapshot `snap` is empty, in the dump's own terms: the
 * resolution its instances were tracked with, a snapshot whose per-instance data was dropped, or
 * a snapshot that sized none of them.
 */
export function emptyRefsHint(reader: DumpReader, instances: readonly InstanceView[], snap: number): string {
  let res = 0;
  for (const i of instances) if (i.resolution > res) res = i.resolution;
  if (instances.length === 0) return 'No instance records of this class in the dump.';
  if (res === 0) return 'Its instances were tracked with resolution 0: track the class with a resolution above 0 to record referent trees.';
  const s = reader.dump.snapshots[snap];
  if (s?.sizesDropped === true) return `This snapshot's per-instance sizes and trees were dropped (older than the tracker's snapshotLimit): pick a later snapshot.`;
  const sized = instances.some((i) => reader.sizeIn(snap, i.row) !== undefined);
  if (!sized) return `No instance of this class was sized in this snapshot (tracked with resolution up to ${res}): pick another snapshot.`;
  return `Tracked with resolution up to ${res}, but its instances held no referents (objects or arrays) in this snapshot.`;
}
