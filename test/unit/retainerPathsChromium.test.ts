import { describe, expect, it } from 'vitest';
import { heapGraphFromChunks } from '../../platform/node/heapGraphParser.js';
import { retainerPaths } from '../../platform/node/retainerPaths.js';

/**
 * Retainer paths on the shape of a Chromium heap snapshot (what heapcensus/playwright parses):
 * the root has no shortcut edges to the global objects (each native context's `global_object`
 * is one), and scopes are named `system / Context / scope @id`. A small hand-made snapshot, so
 * the test runs without a browser; test/browser/pageLeaks.test.ts checks the same on real pages.
 */
const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

/** Builds a snapshot's text: nodes `[type, name, edges: [edgeType, nameOrIndex, toNode][]]`. */
function snapshotText(nodes: Array<[string, string, Array<[string, string | number, number]>]>): string {
  const strings: string[] = [];
  const str = (s: string): number => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const nodeNumbers: number[] = [];
  const edgeNumbers: number[] = [];
  nodes.forEach(([type, name, edges], id) => {
    nodeNumbers.push(NODE_TYPES.indexOf(type), str(name), id * 2 + 1, 16, edges.length);
    for (const [et, n, to] of edges) edgeNumbers.push(EDGE_TYPES.indexOf(et), typeof n === 'number' ? n : str(n), to * 5);
  });
  const meta = { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [NODE_TYPES], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [EDGE_TYPES] };
  return JSON.stringify({ snapshot: { meta, node_count: nodes.length, edge_count: edgeNumbers.length / 3 }, nodes: nodeNumbers, edges: edgeNumbers, strings });
}

describe('retainer paths in a Chromium-shaped heap snapshot', () => {
  it('starts at the global object a native context holds, and follows closures through named scopes', async () => {
    const text = snapshotText([
      /* 0 */ ['synthetic', '', [['element', 1, 1]]],
      /* 1 */ ['synthetic', '(GC roots)', [['element', 1, 2]]],
      /* 2 */ ['synthetic', '(Global handles)', [['internal', 'V8PerContextData::context_', 3]]],
      /* 3 */ ['native', 'system / NativeContext / https://app.example/', [['internal', 'global_object', 4]]],
      /* 4 */ ['object', 'Window [JSGlobalObject] / https://app.example/', [['property', 'holder', 5], ['property', 'onKey', 8]]],
      /* 5 */ ['object', 'Object', [['property', 'cache', 6]]],
      /* 6 */ ['object', 'Array', [['element', 0, 7]]],
      /* 7 */ ['object', 'Leaky', []],
      /* 8 */ ['closure', 'onKey', [['internal', 'context', 9]]],
      /* 9 */ ['object', 'system / Context / scope @12', [['context', 'l', 10]]],
      /* 10 */ ['object', 'Listened', []],
    ]);
    const graph = await heapGraphFromChunks([text.slice(0, 100), text.slice(100)]);
    const paths = retainerPaths(graph, [7, 10], { labels: ['Leaky', 'Listened'] });
    expect(paths.map((p) => p?.join(' → '))).toEqual(['(global) → holder.cache → Array[0] → Leaky', '(global) → onKey → onKey() → context variable l → Listened']);
  });
});
