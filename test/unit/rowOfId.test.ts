import { describe, expect, test } from 'vitest';
import { dumpReader } from '../../src/dump/dumpReader.js';
import { rowOfId } from '../../src/dump/rowOfId.js';
import { validateDump } from '../../src/dump/validateDump.js';
import { makeDump } from './helpers/makeDump.js';

describe('rowOfId: the one look-up of per-instance sizes', () => {
  test('finds an id among ascending ids, within count only', () => {
    const ids = new Float64Array([2, 5, 9, 14, 0, 0]);
    expect([2, 5, 9, 14].map((id) => rowOfId(ids, 4, id))).toEqual([0, 1, 2, 3]);
    expect([0, 1, 6, 15].map((id) => rowOfId(ids, 4, id))).toEqual([-1, -1, -1, -1]);
    expect(rowOfId(ids, 0, 2)).toBe(-1);
  });

  test('the dump reader answers alike for a size table out of id order (a dump not written by the tracker)', () => {
    const instances = Array.from({ length: 12 }, (_, i) => ({ id: 2 * i + 1, name: 'A' }));
    const sizes: Record<number, number> = {};
    for (const inst of instances) sizes[inst.id] = 1000 + inst.id;
    const d = makeDump({ instances, snapshots: [{ sizes }] });
    // Rewrite the table in descending id order (negative id deltas): valid, but not what the tracker writes.
    const t = d.snapshots[0]!.sizes;
    const rows: Array<[number, number, number]> = [];
    let id = 0;
    for (let b = 0; b < t.rows.length; b += 3) rows.push([(id += t.rows[b] as number), t.rows[b + 1] as number, t.rows[b + 2] as number]);
    rows.reverse();
    let prev = 0;
    t.rows = rows.flatMap(([i, s, f]) => {
      const delta = i - prev;
      prev = i;
      return [delta, s, f];
    });
    const r = dumpReader(validateDump(JSON.parse(JSON.stringify(d))));
    instances.forEach((inst, row) => expect(r.sizeIn(0, row)).toEqual({ size: 1000 + inst.id, flat: 1000 + inst.id }));
  });
});
