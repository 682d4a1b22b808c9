import { takeHeapGraph } from './exactSizes.js';
import { findHeldNodes, NO_NODE } from './heapGraphParser.js';
import { RETAINER_FIELD, retainerPaths } from './retainerPaths.js';

/**
 * Holds the objects to explain while the heap snapshot is taken: found in it by class name
 * (RETAINER_MARKER), and never entered by the path search.
 */
class HeapcensusRetainerTargets {
  constructor(readonly list: object[]) {}
}

/** The objects yielded by `objects()`, moved into a marker (a plain function: no local outlives it). */
function mark(objects: () => Iterable<object | undefined>): { marker: HeapcensusRetainerTargets; held: boolean[] } {
  const list: object[] = [];
  const held: boolean[] = [];
  for (const o of objects()) {
    held.push(o !== undefined);
    if (o !== undefined) list.push(o);
  }
  return { marker: new HeapcensusRetainerTargets(list), held };
}

/**
 * Retainer paths of objects in this process, from a fresh V8 heap snapshot (slow: seconds per
 * 100 MB of heap): one list of steps per object `objects()` yields (undefined for an undefined
 * one, or when no path was found). `objects` is called once and its objects are held only by a
 * marker heapcensus skips, so the caller's own references never show up in a path.
 */
export async function explainRetainers(objects: () => Iterable<object | undefined>, labels?: ReadonlyArray<string | undefined>): Promise<Array<string[] | undefined>> {
  const { marker, held } = mark(objects);
  // A WeakRef read keeps its target alive (as a root) until the task ends: snapshot in a later one.
  await new Promise<void>((resolve) => setImmediate(resolve));
  // Paths are named from the snapshot's strings: keep them all.
  const graph = await takeHeapGraph(undefined, () => true);
  const count = marker.list.length;
  const nodes = count === 0 ? new Uint32Array(0) : (findHeldNodes(graph, HeapcensusRetainerTargets.name, RETAINER_FIELD, count) ?? new Uint32Array(count).fill(NO_NODE));
  marker.list.length = 0;
  const targets: number[] = [];
  const targetLabels: Array<string | undefined> = [];
  let k = 0;
  held.forEach((h, i) => {
    targets.push(h ? nodes[k++]! : NO_NODE);
    targetLabels.push(labels?.[i]);
  });
  return retainerPaths(graph, targets, { labels: targetLabels });
}
