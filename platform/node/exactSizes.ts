import v8 from 'node:v8';
import type { SnapshotProgress } from '../../src/platform.js';
import { findHeldNodes, type HeapGraph, heapGraphFromRaw, HeapGraphParser, NO_NODE } from './heapGraphParser.js';

export type { HeapGraph } from './heapGraphParser.js';

/**
 * Holds the roots while the heap snapshot is taken. The snapshot names objects after their
 * constructor, so this class's name lets the parser find the roots, in order, in its `list`.
 */
class HeapcensusExactRoots {
  constructor(readonly list: object[]) {}
}

/**
 * V8's heap snapshot (`.heapsnapshot`, Node's `v8.getHeapSnapshot()` or DevTools'
 * `HeapProfiler.takeHeapSnapshot`): parsed JSON, or the typed arrays of `HeapSnapshotParser`.
 */
export interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: ArrayLike<number>;
  edges: ArrayLike<number>;
  strings: string[];
}

/**
 * Takes a V8 heap snapshot of this process and parses it as it streams in (slow): the text is
 * never held whole, and the numbers go straight into the graph's typed columns, so it needs
 * less than the heap's size again rather than ~30 times it. `onProgress` hears of each chunk parsed;
 * `keepString` tells which of the snapshot's strings to keep (default: the names sizing reads).
 */
export async function takeHeapGraph(onProgress?: SnapshotProgress, keepString: (s: string) => boolean = sizingNames): Promise<HeapGraph> {
  const parser = new HeapGraphParser({ keepString });
  const decoder = new TextDecoder();
  const stream = v8.getHeapSnapshot();
  // 'data' events hand over V8's chunks (64 KB) one by one; an async iterator would read
  // everything buffered so far as one Buffer, and decode it into one huge string.
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer | string) => {
      try {
        parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
        onProgress?.('parse', parser.numbersDone, parser.numbersTotal);
      } catch (e) {
        stream.destroy();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  parser.write(decoder.decode());
  return parser.end();
}

/** The strings `findRoots` and `ownedSizes` look up; exact mode keeps no other. */
const NAMES_USED = new Set([HeapcensusExactRoots.name, 'list', 'system / Map']);
/** Sizing reads three names only: the heap's copy of every string is not kept (issue 16). */
function sizingNames(s: string): boolean {
  return NAMES_USED.has(s);
}

/** Converts V8's flat snapshot arrays (parsed JSON, DevTools' snapshot) into typed columns. */
export function parseHeapGraph(raw: RawSnapshot): HeapGraph {
  return heapGraphFromRaw(raw);
}

/** The snapshot nodes of the marker's `list` elements, in order; all of them, or an error. */
function findRoots(g: HeapGraph, count: number): Uint32Array {
  const held = findHeldNodes(g, HeapcensusExactRoots.name, 'list', count);
  if (held === undefined || held.includes(NO_NODE)) throw new Error(`exact sizing: the ${count} tracked roots were not found in the heap snapshot`);
  return held;
}

/**
 * Sizes `roots` from a heap snapshot with the model's ownership rules (docs/sizing.md): each
 * root owns what it reaches that the rest of the program cannot reach without passing through
 * a root; what several roots reach goes to the first root in order; other roots are never
 * entered. Never charged nor followed: hidden classes (every node of type `object shape`, and
 * `system / Map` nodes whatever their type: V8 11 types maps `object shape`, older V8
 * `hidden`), code, synthetic nodes, and weak and shortcut edges (V8: "must not be followed
 * during sizes calculation"). `flat` is the root plus its private backing stores.
 */
export function ownedSizes(g: HeapGraph, rootNodes: Uint32Array): Array<{ size: number; flat: number }> {
  const skipEdge = new Uint8Array(g.edgeTypes.length);
  for (const t of ['weak', 'shortcut']) if (g.edgeTypes.includes(t)) skipEdge[g.edgeTypes.indexOf(t)] = 1;
  const internal = g.edgeTypes.indexOf('internal');
  const skipType = new Uint8Array(g.nodeTypes.length);
  for (const t of ['object shape', 'code', 'synthetic']) if (g.nodeTypes.includes(t)) skipType[g.nodeTypes.indexOf(t)] = 1;
  const hidden = g.nodeTypes.indexOf('hidden');
  const arrayType = g.nodeTypes.indexOf('array');
  const mapName = g.strings.indexOf('system / Map');
  const never = (n: number) => skipType[g.type[n]!] === 1 || g.name[n] === mapName;
  const ROOT = 1;
  const REST = 2;
  const OWNED = 4;
  const mark = new Uint8Array(g.nodeCount);
  for (const r of rootNodes) mark[r] |= ROOT;

  // Everything the program reaches without passing through a root is shared with it.
  const stack: number[] = [0];
  mark[0] |= REST;
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (skipEdge[g.edgeType[e]!] === 1) continue;
      const to = g.edgeTo[e]!;
      if ((mark[to]! & (REST | ROOT)) !== 0) continue;
      mark[to] |= REST;
      stack.push(to);
    }
  }

  return Array.from(rootNodes, (root) => {
    if ((mark[root]! & OWNED) !== 0) return { size: 0, flat: 0 };
    let size = g.selfSize[root]!;
    let flat = size;
    mark[root] |= OWNED;
    stack.push(root);
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
        if (skipEdge[g.edgeType[e]!] === 1) continue;
        const to = g.edgeTo[e]!;
        if ((mark[to]! & (REST | ROOT | OWNED)) !== 0 || never(to)) continue;
        mark[to] |= OWNED;
        size += g.selfSize[to]!;
        if (n === root && g.edgeType[e] === internal && (g.type[to] === arrayType || g.type[to] === hidden)) flat += g.selfSize[to]!;
        stack.push(to);
      }
    }
    return { size, flat };
  });
}

/** Exact sizes of `roots` (in birth order) from a fresh V8 heap snapshot of this process; `onProgress` hears how far it got. */
export async function exactSizes(roots: readonly object[], onProgress?: SnapshotProgress): Promise<Array<{ size: number; flat: number }>> {
  if (roots.length === 0) return [];
  const marker = new HeapcensusExactRoots(roots.slice());
  const graph = await takeHeapGraph(onProgress);
  const sizes = ownedSizes(graph, findRoots(graph, marker.list.length));
  marker.list.length = 0;
  return sizes;
}
