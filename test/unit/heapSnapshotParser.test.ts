import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { HeapSnapshotParser } from '../../platform/node/heapSnapshotParser.js';
import { parseHeapGraph, takeHeapGraph, type RawSnapshot } from '../../platform/node/exactSizes.js';
import { collectGarbage } from './helpers/fakePlatform.js';
import { nodePlatform } from '../../platform/node/nodePlatform.js';

/**
 * Exact mode parses V8's heap snapshot as it streams in: chunks may split the text anywhere
 * (inside a number, a key, a string or an escape), and the result must equal JSON.parse of
 * the whole text. The arrays come out as typed arrays sized from the header, never as one
 * string (a 213 MB heap made a string past V8's limit).
 */
const seed = Number(process.env['HEAPCENSUS_FUZZ_SEED'] ?? 20261207);

interface Parsed {
  snapshot: { meta: { node_fields: string[] }; node_count: number; edge_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** This process's heap snapshot text, as V8 streams it (the chunks kept separate). */
async function realChunks(): Promise<string[]> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for await (const c of v8.getHeapSnapshot()) chunks.push(decoder.decode(c as Uint8Array, { stream: true }));
  chunks.push(decoder.decode());
  return chunks;
}

/** The first position where two number lists differ, or -1 (faster than toEqual on millions). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

let realText: Promise<string[]> | undefined;
/** The process's heap snapshot chunks, taken once for this file. */
const real = (): Promise<string[]> => (realText ??= realChunks());

function parse(chunks: Iterable<string>): ReturnType<HeapSnapshotParser['end']> {
  const p = new HeapSnapshotParser();
  for (const c of chunks) p.write(c);
  return p.end();
}

/** Splits `text` at the given positions (any order, duplicates allowed). */
function splitAt(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

/** A small snapshot in V8's layout (a row per line), cut from a real one, plus strings and values that are hard to split. */
function smallSnapshot(real: Parsed): string {
  const nf = real.snapshot.meta.node_fields.length;
  const nodes = real.nodes.slice(0, 400 * nf);
  const edges = real.edges.slice(0, 900);
  const strings = [...real.strings.slice(0, 300), 'quote " and backslash \\', 'line\nbreak\ttab', 'unicode é 漢字 🧪', '\\u0041 literal', '', '\u0000\u001f'];
  const header = { ...real.snapshot, node_count: 400, edge_count: edges.length / 3 };
  const rows = (a: number[], w: number): string => {
    const lines: string[] = [];
    for (let i = 0; i < a.length; i += w) lines.push(a.slice(i, i + w).join(','));
    return lines.join(',\n');
  };
  return (
    `{"snapshot":${JSON.stringify(header)},\n"nodes":[${rows(nodes, nf)}],\n"edges":[${rows(edges, 3)}],\n` +
    `"trace_function_infos":[],\n"trace_tree":[1,[2,"x]\\"[",[]]],\n"samples":[],\n"locations":[1,2,3,4],\n"extra": "a,}b", "n": -1.5e3,\n` +
    `"strings":[${strings.map((s) => JSON.stringify(s)).join(',\n')}]}\n`
  );
}

describe('HeapSnapshotParser', () => {
  it("parses this process's heap snapshot, streamed in V8's chunks, exactly as JSON.parse does", async () => {
    const chunks = await real();
    const expected = JSON.parse(chunks.join('')) as Parsed;
    const got = parse(chunks);
    expect(got.snapshot).toEqual(expected.snapshot);
    expect(got.nodes).toBeInstanceOf(Uint32Array);
    expect(got.nodes.length).toBe(expected.snapshot.node_count * expected.snapshot.meta.node_fields.length);
    expect(firstDifference(got.nodes, expected.nodes)).toBe(-1);
    expect(firstDifference(got.edges, expected.edges)).toBe(-1);
    expect(got.strings.length).toBe(expected.strings.length);
    expect(got.strings.findIndex((s, i) => s !== expected.strings[i])).toBe(-1);
  }, 120_000);

  it('gives the same result wherever the chunks split the text (property)', async () => {
    const text = smallSnapshot(JSON.parse((await real()).join('')) as Parsed);
    const expected = JSON.parse(text) as Parsed;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 400 }), (cuts) => {
        const got = parse(splitAt(text, cuts));
        expect(got.snapshot).toEqual(expected.snapshot);
        expect(Array.from(got.nodes)).toEqual(expected.nodes);
        expect(Array.from(got.edges)).toEqual(expected.edges);
        expect(got.strings).toEqual(expected.strings);
      }),
      { seed, numRuns: 60 },
    );
    // One character per chunk: every boundary at once.
    const got = parse(text);
    expect(got.strings).toEqual(expected.strings);
    expect(Array.from(got.edges)).toEqual(expected.edges);
  }, 120_000);

  it('widens a column to 8-byte numbers only when a value needs it, at any split', () => {
    const text = '{"snapshot":{"meta":{"node_fields":["a"],"node_types":[[]],"edge_fields":["b"],"edge_types":[[]]}},"nodes":[1,4294967295,4294967296,2.5,-3,1e2,7],"edges":[0],"strings":[]}';
    const expected = JSON.parse(text) as Parsed;
    for (let cut = 0; cut <= text.length; cut++) {
      const got = parse([text.slice(0, cut), text.slice(cut)]);
      expect(Array.from(got.nodes)).toEqual(expected.nodes);
      expect(got.nodes).toBeInstanceOf(Float64Array);
      expect(got.edges).toBeInstanceOf(Uint32Array);
    }
  });

  it('reads a large nodes array from chunks into one typed array sized by the header, 4 bytes a number', () => {
    const ROWS = 700_000; // 4.9 million numbers: ~30 MB of text, never held as one string
    const fields = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'];
    const header = { meta: { node_fields: fields, node_types: [[]], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [[]] }, node_count: ROWS, edge_count: 0 };
    const p = new HeapSnapshotParser();
    p.write(`{"snapshot":${JSON.stringify(header)},\n"nodes":[`);
    expect(p.numbersTotal).toBe(ROWS * fields.length);
    let sum = 0;
    let row = 0;
    let progress = 0;
    while (row < ROWS) {
      const lines: string[] = [];
      for (let k = 0; k < 5_000 && row < ROWS; k++, row++) {
        const v = [3, row % 1000, row * 2 + 1, 16 + (row % 97), row % 5, 0, 0];
        for (const x of v) sum += x;
        lines.push(v.join(','));
      }
      p.write((row > 5_000 ? ',\n' : '') + lines.join(',\n'));
      expect(p.numbersDone).toBeGreaterThan(progress);
      progress = p.numbersDone;
    }
    p.write('],\n"edges":[],\n"strings":["<dummy>"]}');
    const got = p.end();
    expect(got.nodes.length).toBe(ROWS * fields.length);
    expect(got.nodes.BYTES_PER_ELEMENT).toBe(4);
    expect(got.nodes.buffer.byteLength).toBe(ROWS * fields.length * 4); // allocated once, no spare
    let gotSum = 0;
    for (const x of got.nodes) gotSum += x;
    expect(gotSum).toBe(sum);
    expect(got.nodes[2 + 7 * 123_456]).toBe(123_456 * 2 + 1);
  }, 120_000);

  it('keeps only the strings asked for: the others become empty, every index stays valid', async () => {
    const text = smallSnapshot(JSON.parse((await real()).join('')) as Parsed);
    const expected = JSON.parse(text) as Parsed;
    const wanted = new Set(['quote " and backslash \\', expected.strings[7]!]);
    for (const cuts of [[], [text.length >> 1], [...Array(40).keys()].map((k) => k * 997)]) {
      const p = new HeapSnapshotParser({ keepString: (s) => wanted.has(s) });
      for (const c of splitAt(text, cuts)) p.write(c);
      const got = p.end();
      expect(got.strings).toEqual(expected.strings.map((s) => (wanted.has(s) ? s : '')));
      expect(Array.from(got.nodes)).toEqual(expected.nodes);
    }
  }, 120_000);

  it('hands its arrays over at end(): a parser still referenced holds none of them (issue 16: the peak)', async () => {
    const text = smallSnapshot(JSON.parse((await real()).join('')) as Parsed);
    const p = new HeapSnapshotParser();
    p.write(text);
    const refs = ((r) => [new WeakRef(r.nodes), new WeakRef(r.edges)])(p.end());
    await collectGarbage();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined]);
    expect(p.numbersDone).toBeGreaterThan(0); // the parser itself is alive
  });

  it("exact mode's graph keeps only the names sizing looks up, not the heap's copy of every string", async () => {
    const g = await takeHeapGraph();
    const kept = g.strings.filter((s) => s !== '');
    for (const s of kept) expect(['HeapcensusExactRoots', 'list', 'system / Map']).toContain(s);
    expect(g.strings.length).toBeGreaterThan(1000); // indices of every string, as V8 numbered them
  }, 120_000);

  it('parseHeapGraph leaves the snapshot it is given intact', async () => {
    const raw = JSON.parse(smallSnapshot(JSON.parse((await real()).join('')) as Parsed)) as RawSnapshot;
    const nodes = raw.nodes;
    const g = parseHeapGraph(raw);
    expect(raw.nodes).toBe(nodes);
    expect(raw.edges.length).toBe(900);
    expect(g.nodeCount).toBe(400);
    expect(g.edgeTo.length).toBe(300);
  });

  it('names the offset when the text is not a heap snapshot or ends early', () => {
    expect(() => parse(['[1,2]'])).toThrow(/heap snapshot: expected "\{" at offset 0/);
    expect(() => parse(['{"snapshot":{"meta":{"node_fields":[],"edge_fields":[]}},"nodes":[1,x]}'])).toThrow(/unexpected character in "nodes" at offset 68/);
    expect(() => parse(['{"snapshot":{"meta":{"node_fields":[],"edge_fields":[]}},"nodes":[1,2'])).toThrow(/ended early/);
    expect(() => parse(['{"nodes":[],"edges":[],"strings":[]}'])).toThrow(/no "snapshot" header/);
    expect(() => parse(['{"snapshot":{"meta":{}},"nodes":[]}'])).toThrow(/meta\.node_fields/);
  });

  it('exact snapshots report their progress: heap snapshot numbers parsed, then instances sized', async () => {
    const tracker = new ClassTracker({ platform: nodePlatform() });
    class Item {
      v = [1, 2, 3];
    }
    const T = tracker.trackClass(Item);
    const items = [new T(), new T(), new T()];
    const seen: Array<[string, number, number]> = [];
    const snap = await tracker.snapshot('exact', { sizing: 'exact', onProgress: (phase, done, total) => void seen.push([phase, done, total]) });
    expect(snap.classes['Item']!.active).toBe(3);
    const parsing = seen.filter((s) => s[0] === 'parse');
    expect(parsing.length).toBeGreaterThanOrEqual(1); // once per chunk the stream hands over
    const last = parsing.at(-1)!;
    expect(last[2]).toBeGreaterThan(0);
    expect(last[1]).toBe(last[2]); // every number of nodes and edges parsed
    for (let k = 1; k < parsing.length; k++) expect(parsing[k]![1]).toBeGreaterThanOrEqual(parsing[k - 1]![1]);
    expect(seen.at(-1)).toEqual(['size', 3, 3]);
    expect(items).toHaveLength(3);
    tracker.clear();
  }, 120_000);
});
