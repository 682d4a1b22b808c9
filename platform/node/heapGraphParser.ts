import { type HeapSnapshotHeader, HeapSnapshotParser, type NumberSink } from './heapSnapshotParser.js';

/** A parsed V8 heap snapshot as typed columns: what ownership (exact mode) and retainer paths need. */
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

/** Typed arrays grown by doubling (they are sized once from the header's counts when V8 gives them). */
function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(min, a.length * 2, 1024));
  next.set(a);
  return next;
}

/**
 * Takes V8's rows of numbers (`width` fields each) one number at a time: `field[i]` stores field
 * i of row `row` (or is undefined: dropped); `room(rows)` grows the columns first.
 */
class RowSink implements NumberSink {
  rows = 0;
  private _field = 0;

  constructor(
    private readonly _width: number,
    private readonly _store: Array<((row: number, v: number) => void) | undefined>,
    private readonly _room: (rows: number) => void,
  ) {}

  reserve(n: number): void {
    this._room(Math.ceil(n / this._width));
  }

  push(v: number): void {
    if (this._field === 0) this._room(this.rows + 1);
    this._store[this._field]?.(this.rows, v);
    if (++this._field === this._width) {
      this._field = 0;
      this.rows++;
    }
  }
}

/** Where each named field goes; throws naming the fields the header lacks. */
function storeFields(fields: string[], want: Record<string, (row: number, v: number) => void>, what: string): Array<((row: number, v: number) => void) | undefined> {
  const missing = Object.keys(want).filter((f) => !fields.includes(f));
  if (missing.length > 0) throw new Error(`heap snapshot: meta.${what} lacks ${missing.join(', ')}`);
  return fields.map((f) => want[f]);
}

/** The node columns: type, name, self size, and firstEdge (node n's edges start at firstEdge[n]; firstEdge[count] is the edge total). */
class NodeColumns {
  selfSize = new Float64Array(0);
  type = new Uint8Array(0);
  name = new Uint32Array(0);
  firstEdge = new Uint32Array(1);
  readonly sink: RowSink;

  constructor(fields: string[]) {
    const store = storeFields(fields, {
      type: (n, v) => void (this.type[n] = v),
      name: (n, v) => void (this.name[n] = v),
      self_size: (n, v) => void (this.selfSize[n] = v),
      edge_count: (n, v) => void (this.firstEdge[n + 1] = this.firstEdge[n]! + v),
    }, 'node_fields');
    this.sink = new RowSink(fields.length, store, (nodes) => {
      this.selfSize = grow(this.selfSize, nodes);
      this.type = grow(this.type, nodes);
      this.name = grow(this.name, nodes);
      this.firstEdge = grow(this.firstEdge, nodes + 1);
    });
  }
}

/** The edge columns: target node (index, not V8's offset), type, name or index. */
class EdgeColumns {
  edgeTo = new Uint32Array(0);
  edgeType = new Uint8Array(0);
  edgeName = new Uint32Array(0);
  readonly sink: RowSink;

  constructor(fields: string[], nodeWidth: number) {
    const store = storeFields(fields, {
      type: (e, v) => void (this.edgeType[e] = v),
      name_or_index: (e, v) => void (this.edgeName[e] = v),
      to_node: (e, v) => void (this.edgeTo[e] = v / nodeWidth),
    }, 'edge_fields');
    this.sink = new RowSink(fields.length, store, (edges) => {
      this.edgeTo = grow(this.edgeTo, edges);
      this.edgeType = grow(this.edgeType, edges);
      this.edgeName = grow(this.edgeName, edges);
    });
  }
}

/**
 * Parses heap snapshot text (chunks split anywhere) straight into a HeapGraph's columns: V8's
 * `nodes` and `edges` arrays never exist whole, so the graph costs about 17 bytes per node and 9
 * per edge beyond the strings. Feed with `write(chunk)`, take the graph with `end()`.
 */
export class HeapGraphParser {
  private _nodes: NodeColumns | undefined;
  private _edges: EdgeColumns | undefined;
  private readonly _parser: HeapSnapshotParser;

  /** `keepString`: which snapshot strings to keep (the others become `''`), as HeapSnapshotParser's option. */
  constructor(options: { keepString?: (s: string) => boolean } = {}) {
    this._parser = new HeapSnapshotParser({
      ...options,
      sinks: (h: HeapSnapshotHeader) => {
        this._nodes = new NodeColumns(h.meta.node_fields);
        this._edges = new EdgeColumns(h.meta.edge_fields, h.meta.node_fields.length);
        return { nodes: this._nodes.sink, edges: this._edges.sink };
      },
    });
  }

  /** Numbers parsed so far, and in all (0 until the header told). */
  get numbersDone(): number {
    return this._parser.numbersDone;
  }
  get numbersTotal(): number {
    return this._parser.numbersTotal;
  }

  /** Parses one more piece of the text. */
  write(chunk: string): void {
    this._parser.write(chunk);
  }

  /** The graph; throws when the text ended early or its edges do not add up. */
  end(): HeapGraph {
    const raw = this._parser.end();
    return assemble(this._nodes!, this._edges!, raw.snapshot, raw.strings, true);
  }
}

/** The graph from filled columns; with `check` (text from outside), throws when the edges do not add up. */
function assemble(nodes: NodeColumns, edges: EdgeColumns, header: HeapSnapshotHeader, strings: string[], check: boolean): HeapGraph {
  const n = nodes.sink.rows;
  const edgeCount = edges.sink.rows;
  if (check) {
    if (nodes.firstEdge[n] !== edgeCount) throw new Error(`heap snapshot: the nodes' edge counts add up to ${nodes.firstEdge[n]}, but there are ${edgeCount} edges`);
    for (let e = 0; e < edgeCount; e++) if (edges.edgeTo[e]! >= n) throw new Error(`heap snapshot: edge ${e} points past the last node`);
  }
  return {
    nodeCount: n,
    selfSize: nodes.selfSize.subarray(0, n),
    type: nodes.type.subarray(0, n),
    name: nodes.name.subarray(0, n),
    firstEdge: nodes.firstEdge.subarray(0, n + 1),
    edgeTo: edges.edgeTo.subarray(0, edgeCount),
    edgeType: edges.edgeType.subarray(0, edgeCount),
    edgeName: edges.edgeName.subarray(0, edgeCount),
    strings,
    nodeTypes: header.meta.node_types[0],
    edgeTypes: header.meta.edge_types[0],
  };
}

/** The graph of a heap snapshot whose flat arrays are at hand (parsed JSON, trusted): the same columns as HeapGraphParser's. */
export function heapGraphFromRaw(raw: { snapshot: HeapSnapshotHeader; nodes: ArrayLike<number>; edges: ArrayLike<number>; strings: string[] }): HeapGraph {
  const meta = raw.snapshot.meta;
  const nodes = new NodeColumns(meta.node_fields);
  const edges = new EdgeColumns(meta.edge_fields, meta.node_fields.length);
  nodes.sink.reserve(raw.nodes.length);
  edges.sink.reserve(raw.edges.length);
  for (let i = 0; i < raw.nodes.length; i++) nodes.sink.push(raw.nodes[i]!);
  for (let i = 0; i < raw.edges.length; i++) edges.sink.push(raw.edges[i]!);
  return assemble(nodes, edges, raw.snapshot, raw.strings, false);
}

/** Parses a heap snapshot given as text chunks (sync or async: DevTools `addHeapSnapshotChunk` texts, a file's pieces). */
export async function heapGraphFromChunks(chunks: Iterable<string> | AsyncIterable<string>): Promise<HeapGraph> {
  const p = new HeapGraphParser();
  for await (const c of chunks) p.write(c);
  return p.end();
}

/** Marks a missing node in a Uint32Array of node indices. */
export const NO_NODE = 0xffffffff;

/**
 * The nodes held in the array property `field` of the object of class `holderClass` (a marker an
 * app makes just before the snapshot, to find objects in it): element i's node at index i, NO_NODE
 * where the element was not found (of several holders, the one with the most found). Undefined
 * when the snapshot has no such holder.
 */
export function findHeldNodes(g: HeapGraph, holderClass: string, field: string, count: number): Uint32Array | undefined {
  const objectType = g.nodeTypes.indexOf('object');
  const property = g.edgeTypes.indexOf('property');
  const element = g.edgeTypes.indexOf('element');
  let best: Uint32Array | undefined;
  let bestFound = -1;
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.type[n] !== objectType || g.strings[g.name[n]!] !== holderClass) continue;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (g.edgeType[e] !== property || g.strings[g.edgeName[e]!] !== field) continue;
      const list = g.edgeTo[e]!;
      const held = new Uint32Array(count).fill(NO_NODE);
      let found = 0;
      for (let k = g.firstEdge[list]!; k < g.firstEdge[list + 1]!; k++) {
        const i = g.edgeName[k]!;
        if (g.edgeType[k] === element && i < count && held[i] === NO_NODE) {
          held[i] = g.edgeTo[k]!;
          found++;
        }
      }
      if (found === count) return held;
      if (found > bestFound) [best, bestFound] = [held, found];
    }
  }
  return best;
}
