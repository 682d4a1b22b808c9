import v8 from 'node:v8';
import { parseHeapGraph, type HeapGraph, type RawSnapshot } from '../../../platform/node/exactSizes.js';

/**
 * The calibration's reference: what each root owns in a V8 heap snapshot, computed here
 * independently of platform/node/exactSizes.ts `ownedSizes` (only the parser, which turns
 * V8's flat arrays into columns, is shared). test/unit/exactCalibration.test.ts checks that
 * the two agree to the byte; sharing the walk or its rules would make that check compare
 * the code with itself. See docs/sizing.md, "Exact mode and the reference count".
 */

/** The class whose instance holds the roots while a snapshot is taken (Node and Chromium pages). */
export const PROBE_CLASS = 'HeapcensusCalibrationProbe';
/** The probe's property holding the roots, in order. */
export const PROBE_FIELD = 'roots';

/** Holds the calibration roots while a heap snapshot is taken; found in it by class name. */
class HeapcensusCalibrationProbe {
  constructor(readonly roots: object[]) {}
}

/** What one root owns in a V8 heap snapshot: total bytes and a breakdown by node type/name. */
export interface Owned {
  bytes: number;
  parts: Map<string, number>;
}

/** Takes a heap snapshot of this process and returns what each of `roots` owns in it. */
export async function ownedInSnapshot(roots: object[]): Promise<Owned[]> {
  const probe = new HeapcensusCalibrationProbe(roots);
  if (probe.constructor.name !== PROBE_CLASS) throw new Error('probe class renamed');
  const chunks: string[] = [];
  for await (const c of v8.getHeapSnapshot()) chunks.push(String(c));
  void probe.roots.length; // keep the probe alive until the snapshot is taken
  return ownedInGraph(parseHeapGraph(JSON.parse(chunks.join('')) as RawSnapshot), roots.length);
}

/**
 * For each root held by the (single) `HeapcensusCalibrationProbe` in `g`, in order, the bytes
 * it owns: the objects reachable from it that the rest of the heap cannot reach without
 * passing through one of the roots; what several roots reach goes to the first. Never owned
 * nor followed: hidden classes and descriptor arrays (`object shape` nodes, `system / Map`),
 * code, synthetic nodes, weak and shortcut edges.
 */
export function ownedInGraph(g: HeapGraph, count: number): Owned[] {
  const type = (n: number) => g.nodeTypes[g.type[n]!]!;
  const name = (n: number) => g.strings[g.name[n]!]!;
  const edgeType = (e: number) => g.edgeTypes[g.edgeType[e]!]!;
  const skipEdge = (e: number) => {
    const t = edgeType(e);
    return t === 'weak' || t === 'shortcut';
  };
  const never = (n: number) => {
    const t = type(n);
    return t === 'object shape' || t === 'code' || t === 'synthetic' || name(n) === 'system / Map';
  };

  // Find the probe and its roots array.
  let rootNodes: number[] | undefined;
  for (let n = 0; n < g.nodeCount && !rootNodes; n++) {
    if (type(n) !== 'object' || name(n) !== PROBE_CLASS) continue;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      if (edgeType(e) !== 'property' || g.strings[g.edgeName[e]!] !== PROBE_FIELD) continue;
      const list = g.edgeTo[e]!;
      const found: number[] = [];
      for (let k = g.firstEdge[list]!; k < g.firstEdge[list + 1]!; k++) {
        if (edgeType(k) === 'element') found[g.edgeName[k]!] = g.edgeTo[k]!;
      }
      if (found.length === count && !found.includes(undefined as unknown as number)) rootNodes = found;
    }
  }
  if (!rootNodes) throw new Error(`calibration probe with ${count} roots not found in the heap snapshot`);

  // Shared with the rest of the program: reachable from the snapshot root avoiding the roots.
  const rootSet = new Set(rootNodes);
  const rest = new Uint8Array(g.nodeCount);
  const stack = [0];
  rest[0] = 1;
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
      const t = g.edgeTo[e]!;
      if (skipEdge(e) || rest[t] === 1 || rootSet.has(t)) continue;
      rest[t] = 1;
      stack.push(t);
    }
  }
  const taken = new Set<number>(); // owned by an earlier root
  return rootNodes.map((r) => {
    const parts = new Map<string, number>();
    let bytes = 0;
    if (taken.has(r)) return { bytes, parts };
    taken.add(r);
    const todo = [r];
    while (todo.length > 0) {
      const n = todo.pop()!;
      if (never(n)) continue;
      bytes += g.selfSize[n]!;
      const key = `${type(n)}:${type(n) === 'string' || type(n) === 'number' ? '' : name(n).slice(0, 30)}`;
      parts.set(key, (parts.get(key) ?? 0) + g.selfSize[n]!);
      for (let e = g.firstEdge[n]!; e < g.firstEdge[n + 1]!; e++) {
        if (skipEdge(e)) continue;
        const t = g.edgeTo[e]!;
        if (rest[t] === 1 || rootSet.has(t) || taken.has(t)) continue;
        taken.add(t);
        todo.push(t);
      }
    }
    return { bytes, parts };
  });
}
