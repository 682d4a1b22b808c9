import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/dump/jsonChunks.js';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import { fakePlatform } from './helpers/fakePlatform.js';

const mode = process.env.HEAPCENSUS_DECORATORS;
const joined = (v: unknown, chunk?: number): string | undefined => {
  const parts = [...jsonChunks(v, chunk)];
  return parts.length === 0 ? undefined : parts.join('');
};

/** A tracker's dump with traces, referent trees, dead records and several snapshots. */
function trackerDump(n: number) {
  const t = new ClassTracker({ platform: fakePlatform() });
  const keep: object[] = [];
  for (let i = 0; i < n; i++) keep.push(t.trackObject({ i, s: 'é'.repeat(i % 7), a: [i, 'x'] }, { name: i % 2 ? 'Odd' : 'Even', resolution: i % 3, trace: i % 5 === 0 }));
  t.snapshotSync('one');
  t.marks.push({ name: 'half', time: 1, value: 0.5, detail: { note: 'a "quoted" \u2028 note' } });
  keep.length = n >> 1;
  t.snapshotSync('two');
  return { dump: t.toDump(), keep };
}

describe(`jsonChunks: JSON.stringify in pieces (${mode} decorators)`, () => {
  it('joins to exactly JSON.stringify of odd values: undefined, functions, symbols, holes, toJSON, non-finite numbers, lone surrogates, null prototypes', () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { __proto__x: 1, b: undefined, c: [undefined, () => 1, Symbol('s')] });
    const holey = [1, , 3];
    class Point {
      constructor(readonly x: number) {}
    }
    const values: unknown[] = [
      0, -0, 1.5e300, NaN, -Infinity, 'a\u0000b"\\\ud800', true, null, undefined, () => 1, Symbol('x'),
      [], {}, [[]], [{}], { a: undefined, b: () => 1, c: Symbol('y'), d: 1 }, [undefined, () => 1, Symbol('z')],
      holey, nullProto, new Date(0), { when: new Date(1), toJSONLater: { toJSON: () => 'custom' } },
      { gone: { toJSON: () => undefined }, list: [{ toJSON: () => undefined }] },
      [new Point(1), new Number(2), new String('s'), new Boolean(false)], { nested: [[1, [2, [3, { deep: [4] }]]]] },
      Array.from({ length: 20_000 }, (_, i) => (i % 1000 === 0 ? { at: i } : i % 3 ? i / 7 : `s${i}`)),
      Array.from({ length: 20_000 }, (_, i) => i),
    ];
    for (const v of values) {
      for (const chunk of [1, 64, 1 << 20]) expect(joined(v, chunk)).toBe(JSON.stringify(v));
    }
  });

  it('joins to exactly JSON.stringify of a tracker dump, in chunks of about the size asked', () => {
    const { dump, keep } = trackerDump(3000);
    const text = JSON.stringify(dump);
    expect(joined(dump)).toBe(text);
    const parts = [...jsonChunks(dump, 4096)];
    expect(parts.join('')).toBe(text);
    expect(parts.length).toBeGreaterThan(text.length / 8192);
    // A chunk runs over by at most one array slice of primitives (8,192 of them) or one leaf value.
    for (const p of parts.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(4096);
    expect(keep.length).toBe(1500);
  });

  it('throws on a cycle and on a BigInt, as JSON.stringify does', () => {
    const a: unknown[] = [1];
    a.push({ back: a });
    expect(() => [...jsonChunks(a)]).toThrow(TypeError);
    expect(() => JSON.stringify(a)).toThrow(TypeError);
    expect(() => [...jsonChunks({ n: 1n })]).toThrow(TypeError);
    // A value seen twice but not inside itself is no cycle.
    const shared = { s: 1 };
    expect(joined([shared, { shared }])).toBe(JSON.stringify([shared, { shared }]));
  });
});
