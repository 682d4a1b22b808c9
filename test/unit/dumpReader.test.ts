import { describe, expect, test } from 'vitest';
import { dumpReader } from '../../src/dump/dumpReader.js';
import { makeDump } from './helpers/makeDump.js';

describe('dumpReader sizes', () => {
  // 40 instances; snapshot 0 sizes all of them (a dense index), snapshot 1 sizes 2 (a sparse one:
  // under an eighth), snapshot 2 sizes none. Both indexes must answer alike.
  const instances = Array.from({ length: 40 }, (_, i) => ({ id: 3 * i + 2, name: i % 2 === 0 ? 'A' : 'B' }));
  const all: Record<number, number> = {};
  for (const inst of instances) all[inst.id] = 100 + inst.id;
  const d = makeDump({ instances, snapshots: [{ sizes: all }, { sizes: { 5: 7, 110: 9 } }, { sizes: {} }] });

  test('sizeIn reads dense and sparse snapshots alike', () => {
    const r = dumpReader(d);
    instances.forEach((inst, row) => {
      expect(r.sizeIn(0, row)).toEqual({ size: 100 + inst.id, flat: 100 + inst.id });
      const sparse = inst.id === 5 ? 7 : inst.id === 110 ? 9 : undefined;
      expect(r.sizeIn(1, row)).toEqual(sparse === undefined ? undefined : { size: sparse, flat: sparse });
      expect(r.sizeIn(2, row)).toBeUndefined();
    });
    expect(r.sizeIn(3, 0)).toBeUndefined();
  });

  test('sizedCount and eachSize visit only the rows a snapshot holds', () => {
    const r = dumpReader(d);
    expect([0, 1, 2, 3].map((s) => r.sizedCount(s))).toEqual([40, 2, 0, 0]);
    const seen: Array<[number, number, number]> = [];
    r.eachSize(1, (row, size, flat) => seen.push([row, size, flat]));
    expect(seen).toEqual([
      [1, 7, 7],
      [36, 9, 9],
    ]);
    let calls = 0;
    r.eachSize(2, () => calls++);
    r.eachSize(9, () => calls++);
    expect(calls).toBe(0);
  });
});
