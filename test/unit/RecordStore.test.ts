import { describe, expect, it } from 'vitest';
import { RecordStore } from '../../src/tracker/RecordStore.js';

/** The columnar record store: chunks of 4,096 slots, narrow columns that widen when needed. */
const at = (t: number): Float64Array => Float64Array.of(t);

function filled(n: number, firstId = 1): { store: RecordStore; objs: object[] } {
  const store = new RecordStore();
  const objs: object[] = [];
  const slots = [store.slot('A'), store.slot('B')];
  for (let i = 0; i < n; i++) {
    const o = { i };
    objs.push(o);
    store.push(o, firstId + i * 3, at(i / 4), slots[i % 2]!, i % 5, i % 7 === 0, i % 11 === 0 ? [{ fn: `f${i}`, file: 'x.js', line: i, column: 1 }] : undefined);
  }
  return { store, objs };
}

describe('RecordStore', () => {
  it('keeps every field across chunk boundaries (10,000 records)', () => {
    const { store, objs } = filled(10_000);
    expect(store.length).toBe(10_000);
    for (const i of [0, 63, 64, 4095, 4096, 8191, 8192, 9999]) {
      expect(store.id(i)).toBe(1 + i * 3);
      expect(store.birth(i)).toBe(i / 4);
      expect(store.name(i)).toBe(i % 2 === 0 ? 'A' : 'B');
      expect(store.resolution(i)).toBe(i % 5);
      expect(store.deref(i)).toBe(objs[i]);
      expect(store.weak(i)).toBe(i % 7 !== 0);
      expect(store.indexOf(1 + i * 3)).toBe(i);
      expect(store.trace(1 + i * 3)?.[0]?.fn).toBe(i % 11 === 0 ? `f${i}` : undefined);
    }
    expect(store.indexOf(2)).toBe(-1);
    expect(store.indexOf(1 + 10_000 * 3)).toBe(-1);
  });

  it('compacts across chunks in order, drops the maps of removed records and releases emptied chunks', () => {
    const { store, objs } = filled(10_000);
    for (let i = 0; i < 10_000; i += 2) store.die(i, 99);
    store.compact((i) => store.live(i) || store.id(i) % 4 === 1);
    const ids: number[] = [];
    for (let i = 0; i < store.length; i++) ids.push(store.id(i));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const expected = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 2 === 1 || (1 + i * 3) % 4 === 1);
    expect(ids).toEqual(expected.map((i) => 1 + i * 3));
    for (let k = 0; k < store.length; k++) {
      const i = expected[k]!;
      expect(store.birth(k)).toBe(i / 4);
      expect(store.deref(k)).toBe(i % 2 === 1 ? objs[i] : undefined);
      expect(store.death(1 + i * 3)).toBe(i % 2 === 0 ? 99 : undefined);
    }
    expect(store.death(1 + 2 * 3)).toBeUndefined(); // removed: its death is gone too
    const chunks = (store as unknown as { _chunks: Array<{ refs: unknown[] }> })._chunks;
    expect(chunks).toHaveLength(Math.ceil(store.length / 4096));
    // No slot past the end still holds an instance.
    const lastChunk = chunks.at(-1)!;
    expect(lastChunk.refs.slice(store.length % 4096).every((r) => r === undefined)).toBe(true);
  });

  it('compacts in steps as at once: deaths and resolutions set meanwhile reach the copies, births meanwhile are kept', () => {
    const keepOf = (store: RecordStore) => (i: number) => store.live(i) || store.id(i) % 4 === 1;
    const a = filled(10_000);
    const b = filled(10_000);
    for (const { store } of [a, b]) for (let i = 0; i < 10_000; i += 2) store.die(i, 99);
    a.store.compact(keepOf(a.store));
    const keep = keepOf(b.store);
    b.store.beginCompact(keep);
    expect(b.store.compacting).toBe(true);
    let steps = 0;
    while (!b.store.compactStep(1000)) {
      steps++;
      // Until the swap the records stay where they are.
      expect(b.store.length).toBe(10_000);
      expect(b.store.id(9_999)).toBe(1 + 9_999 * 3);
    }
    expect(steps).toBeGreaterThanOrEqual(9);
    // After the last step, before the swap: a death on a copied slot, a resolution, a birth.
    b.store.die(9_999, 123);
    b.store.setResolution(9_997, 3);
    b.store.push({ late: true }, 40_000, at(7), 0, 2, false, undefined);
    b.store.finishCompact();
    expect(b.store.compacting).toBe(false);
    a.store.die(a.store.indexOf(1 + 9_999 * 3), 123);
    a.store.setResolution(a.store.indexOf(1 + 9_997 * 3), 3);
    a.store.push({ late: true }, 40_000, at(7), 0, 2, false, undefined);
    expect(b.store.length).toBe(a.store.length);
    for (let i = 0; i < a.store.length; i++) expect(b.store.row(i)).toEqual(a.store.row(i));
    // The same instances where alive (two fills: equal objects, not the same ones).
    for (let i = 0; i < a.store.length; i++) expect(b.store.deref(i)).toEqual(a.store.deref(i));
  });

  it('a compaction in steps is finished first by compact() and dropped by clear()', () => {
    const { store } = filled(9_000);
    for (let i = 0; i < 9_000; i += 3) store.die(i, 5);
    store.beginCompact((i) => store.live(i));
    store.compactStep(4_000);
    const epoch = store.epoch;
    store.compact(() => true);
    expect(store.compacting).toBe(false);
    expect(store.length).toBe(6_000);
    expect(store.epoch).toBe(epoch + 2);
    for (let i = 0; i < store.length; i++) expect(store.live(i)).toBe(true);
    store.beginCompact(() => false);
    store.clear();
    expect(store.compacting).toBe(false);
    expect(store.length).toBe(0);
  });

  it('widens ids past 2^32 and name slots past 65,535, per chunk, without losing values', () => {
    const store = new RecordStore();
    const keep: object[] = [];
    const slot = store.slot('A');
    store.push((keep[0] = {}), 7, at(1), slot, 0, true, undefined);
    store.push((keep[1] = {}), 2 ** 40 + 3, at(2), slot, 0, true, undefined);
    expect(store.id(0)).toBe(7);
    expect(store.id(1)).toBe(2 ** 40 + 3);
    expect(store.indexOf(2 ** 40 + 3)).toBe(1);
    for (let n = 0; n < 70_000; n++) store.slot(`N${n}`);
    const wide = store.slot('N69999');
    expect(wide).toBeGreaterThan(0xffff);
    store.push((keep[2] = {}), 2 ** 40 + 9, at(3), wide, 0, true, undefined);
    expect(store.name(2)).toBe('N69999');
    expect(store.name(0)).toBe('A');
  });

  it('clear() forgets everything; the store refills from a small first chunk', () => {
    const { store } = filled(5_000);
    store.clear();
    expect(store.cleared).toBe(true);
    expect(store.length).toBe(0);
    expect(store.indexOf(1)).toBe(-1);
    const o = {};
    store.push(o, 1, at(0), store.slot('A'), 3, false, undefined);
    expect(store.deref(0)).toBe(o);
    expect(store.resolution(0)).toBe(3);
  });
});
