import v8 from 'node:v8';

/** Holds the calibration roots while a heap snapshot is taken; found in it by class name. */
class HeapcensusCalibrationProbe {
  constructor(readonly roots: object[]) {}
}

/** What one root owns in a V8 heap snapshot: total bytes and a breakdown by node type/name. */
export interface Owned {
  bytes: number;
  parts: Map<string, number>;
}

/**
 * Takes a heap snapshot and returns, for each root, the bytes it owns: the objects reachable
 * from it that the rest of the heap cannot reach without passing through one of the roots.
 * Hidden classes (maps, descriptor arrays), code and weak edges are never owned.
 */
export async function ownedInSnapshot(roots: object[]): Promise<Owned[]> {
  const probe = new HeapcensusCalibrationProbe(roots);
  const chunks: string[] = [];
  for await (const c of v8.getHeapSnapshot()) chunks.push(String(c));
  const raw = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[]; edges: number[]; strings: string[];
  };
  void probe.roots.length; // keep the probe alive until the snapshot is taken
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [nType, nName, nSize, nEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const N = raw.nodes.length / nf;
  const first = new Uint32Array(N + 1);
  for (let n = 0, e = 0; n < N; n++) {
    first[n] = e;
    e += raw.nodes[n * nf + nEdges!]!;
    first[n + 1] = e;
  }
  const type = (n: number) => nodeTypes[raw.nodes[n * nf + nType!]!]!;
  const name = (n: number) => raw.strings[raw.nodes[n * nf + nName!]!]!;
  const size = (n: number) => raw.nodes[n * nf + nSize!]!;
  const to = (e: number) => raw.edges[e * ef + eTo!]! / nf;
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  const skipEdge = (e: number) => {
    const t = raw.edges[e * ef + eType!];
    return t === weak || t === shortcut;
  };
  const never = (n: number) => {
    const t = type(n);
    return t === 'object shape' || t === 'code' || t === 'synthetic' || name(n) === 'system / Map';
  };

  // Find the probe and its roots array.
  let rootNodes: number[] | undefined;
  for (let n = 0; n < N && !rootNodes; n++) {
    if (type(n) !== 'object' || name(n) !== HeapcensusCalibrationProbe.name) continue;
    for (let e = first[n]!; e < first[n + 1]!; e++) {
      if (raw.strings[raw.edges[e * ef + eName!]!] !== 'roots') continue;
      const list = to(e);
      const found: number[] = [];
      for (let k = first[list]!; k < first[list + 1]!; k++) {
        if (edgeTypes[raw.edges[k * ef + eType!]!] === 'element') found[raw.edges[k * ef + eName!]!] = to(k);
      }
      if (found.length === roots.length) rootNodes = found;
    }
  }
  if (!rootNodes) throw new Error('calibration probe not found in the heap snapshot');

  const ROOT = 1, REST = 2;
  const mark = new Uint8Array(N);
  for (const r of rootNodes) mark[r] = ROOT;
  const stack = [0];
  mark[0] = REST;
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (let e = first[n]!; e < first[n + 1]!; e++) {
      if (skipEdge(e)) continue;
      const t = to(e);
      if (mark[t] !== 0) continue;
      mark[t] = REST;
      stack.push(t);
    }
  }
  return rootNodes.map((r) => {
    const seen = new Set<number>([r]);
    const todo = [r];
    const parts = new Map<string, number>();
    let bytes = 0;
    while (todo.length > 0) {
      const n = todo.pop()!;
      if (never(n)) continue;
      bytes += size(n);
      const key = `${type(n)}:${type(n) === 'string' || type(n) === 'number' ? '' : name(n).slice(0, 30)}`;
      parts.set(key, (parts.get(key) ?? 0) + size(n));
      for (let e = first[n]!; e < first[n + 1]!; e++) {
        if (skipEdge(e)) continue;
        const t = to(e);
        if (mark[t] !== 0 || seen.has(t)) continue;
        seen.add(t);
        todo.push(t);
      }
    }
    return { bytes, parts };
  });
}
