import v8 from 'node:v8';
import type { SnapshotProgress } from '../../src/platform.js';
import { HeapSnapshotParser } from './heapSnapshotParser.js';

/**
 * Holds the roots while the heap snapshot is taken. The snapshot names objects after their
 * constructor, so this class's name lets the parser find the roots, in order, in its `list`.
 */
class HeapcensusExactRoots {
  constructor(readonly list: object[]) {}
}

/** A parsed V8 heap snapshot, reduced to what ownership needs. */
export interface HeapGraph {
  nodeCount: number;
  /** Per node: self size, type index, name string index, first edge index. */
  selfSize: Float64Array;
  type: Uint8Array;
  name: Uint32Array;
  firstEdge: Uint32Array;
  /** Per edge: target node, edge type index, name-or-index. */
  edgeTo: Uint32Array;
  edgeType: Uint8Array;
  edgeName: Uint32Array;
  strings: string[];
  nodeTypes: string[];
  edgeTypes: string[];
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
 * never held whole, and the numbers go straight into typed arrays, so it needs about the
 * heap's size again rather than ~30 times it. `onProgress` hears of each chunk parsed.
 */
export async function takeHeapGraph(onProgress?: SnapshotProgress): Promise<HeapGraph> {
  // Sizing reads three names only: the heap's copy of every string is not kept (issue 16).
  const parser = new HeapSnapshotParser({ keepString: (s) => NAMES_USED.has(s) });
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
  // The parser hands its arrays over: the graph's builder drops each once read.
  return consumeHeapGraph(parser.end());
}

/** The strings `findRoots` and `ownedSizes` look up; exact mode keeps no other. */
const NAMES_USED = new Set([HeapcensusExactRoots.name, 'list', 'system / Map']);

/** Converts V8's flat snapshot arrays into typed columns. */
export function parseHeapGraph(raw: RawSnapshot): HeapGraph {
  return consumeHeapGraph({ ...raw });
}

/** A snapshot whose `nodes` and `edges` `consumeHeapGraph` may drop once read. */
type Consumable = { -readonly [K in keyof RawSnapshot]: RawSnapshot[K] };
const NONE = new Uint32Array(0);

/**
 * `parseHeapGraph` that empties `raw.nodes` once the node columns are made and `raw.edges`
 * once the edge columns are: when nothing else holds them, the raw numbers (28 bytes a
 * node, 12 an edge) and the graph's columns never all coexist (issue 16: the peak).
 */
function consumeHeapGraph(raw: Consumable): HeapGraph {
  const g = nodeColumns(raw);
  edgeColumns(raw, g);
  return g;
}

/** The graph with its node columns (edge columns empty); drops `raw.nodes`. */
function nodeColumns(raw: Consumable): HeapGraph {
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const nodes = raw.nodes;
  raw.nodes = NONE;
  const nodeCount = nodes.length / nf;
  const g: HeapGraph = {
    nodeCount,
    selfSize: new Float64Array(nodeCount),
    type: new Uint8Array(nodeCount),
    name: new Uint32Array(nodeCount),
    firstEdge: new Uint32Array(nodeCount + 1),
    edgeTo: NONE,
    edgeType: new Uint8Array(0),
    edgeName: NONE,
    strings: raw.strings,
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
  };
  let edge = 0;
  for (let n = 0; n < nodeCount; n++) {
    const base = n * nf;
    g.selfSize[n] = nodes[base + nSize]!;
    g.type[n] = nodes[base + nType]!;
    g.name[n] = nodes[base + nName]!;
    g.firstEdge[n] = edge;
    edge += nodes[base + nEdges]!;
  }
  g.firstEdge[nodeCount] = edge;
  return g;
}

/** Fills the graph's edge columns; drops `raw.edges`. */
function edgeColumns(raw: Consumable, g: HeapGraph): void {
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const edges = raw.edges;
  raw.edges = NONE;
  const edgeCount = edges.length / ef;
  g.edgeTo = new Uint32Array(edgeCount);
  g.edgeType = new Uint8Array(edgeCount);
  g.edgeName = new Uint32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const base = e * ef;
    g.edgeType[e] = edges[base + eType]!;
    g.edgeName[e] = edges[base + eName]!;
    g.edgeTo[e] = edges[base + eTo]! / nf;
  }
}

/** The snapshot nodes of the marker's `list` elements, in order. */
function findRoots(g: HeapGraph, count: number): Uint32Array {
  const objectType = g.nodeTypes.indexOf('object');
  const property = g.edgeTypes.indexOf('property');
  const element = g.edgeTypes.indexOf('element');
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.type[n] !== objectType || g.strings[g.name[n]!] !== HeapcensusExactRoots.name) continue;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (g.edgeType[e] !== property || g.strings[g.edgeName[e]!] !== 'list') continue;
      const list = g.edgeTo[e]!;
      const roots = new Uint32Array(count);
      let found = 0;
      for (let k = g.firstEdge[list]!; k < g.firstEdge[list + 1]!; k++) {
        const i = g.edgeName[k]!;
        if (g.edgeType[k] === element && i < count) {
          roots[i] = g.edgeTo[k]!;
          found++;
        }
      }
      if (found === count) return roots;
    }
  }
  throw new Error(`exact sizing: the ${count} tracked roots were not found in the heap snapshot`);
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
