/**
 * The dump checked in two stages (the report's progressive open): the overview is checked and
 * usable before the rows, the rows are checked in slices with the same messages as loadDump,
 * and the long row tables of a JSON text are parsed when checked (parseDeferred).
 */
import { describe, expect, test } from 'vitest';
import { bigDump } from '../../bench/bigDump.js';
import type { Dump } from '../../src/dump/Dump.js';
import { DEFER_MIN_CHARS, LazyRows, parseDeferred, rowSpans } from '../../src/dump/deferRows.js';
import { loadDump, loadDumpInStages, loadEmbeddedDumps, loadEmbeddedDumpsInStages } from '../../src/dump/loadDump.js';
import { validateDump, validateDumpInStages, type DumpStages } from '../../src/dump/validateDump.js';
import { SdkError } from '../../src/SdkError.js';
import { makeDump } from './helpers/makeDump.js';

/** Steps `budget` rows at a time to the end; returns the dump and how many steps it took. */
function finish(stages: DumpStages, budget: number): { dump: Dump; steps: number } {
  for (let steps = 1; ; steps++) {
    const d = stages.step(budget);
    if (d !== undefined) return { dump: d, steps };
  }
}

function sdkError(fn: () => unknown): SdkError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SdkError) return e;
    throw new Error(`expected an SdkError, got ${String(e)}`);
  }
  throw new Error('expected an SdkError, but it passed');
}

/** A dump with instances, sizes, refs and retainers (every part the rows stage checks). */
function sample(): Dump {
  const d = makeDump({
    instances: Array.from({ length: 30 }, (_, i) => ({ name: i % 2 === 0 ? 'A' : 'B', preview: `p${i}`, resolution: i === 0 ? 1 : 0 })),
    snapshots: [{ label: 'one', sizes: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i + 1, i === 0 ? { size: 500, flat: 50, refs: [['.x', 400, 40, []]] } : 100 + i])) }, { label: 'two', sizes: { 1: 510, 3: 90 } }],
  });
  d.retainers = { '1': ['(global)', 'holder', 'A'] };
  return d;
}

describe('validateDumpInStages', () => {
  test('the overview holds everything but the rows, is a valid dump itself, and the steps end in what validateDump returns', () => {
    const d = sample();
    const whole = validateDump(structuredClone(d));
    const stages = validateDumpInStages(structuredClone(d));
    const o = stages.overview;
    expect(o.instances.rows).toEqual([]);
    expect(o.snapshots.map((s) => s.sizes.rows)).toEqual([[], []]);
    expect(o.snapshots.some((s) => s.refs !== undefined)).toBe(false);
    expect(o.retainers).toBeUndefined();
    expect(o.snapshots.map((s) => s.classes)).toEqual(whole.snapshots.map((s) => s.classes));
    expect(o.names).toEqual(whole.names);
    expect(() => validateDump(JSON.parse(JSON.stringify(o)))).not.toThrow();
    const { dump, steps } = finish(stages, 8);
    expect(steps).toBeGreaterThan(1);
    expect(dump).toEqual(whole);
    expect(stages.step(8)).toBe(dump);
  });

  test('a bad instance row: the overview is there, a step names the row, and every later step throws it again', () => {
    const d = sample();
    d.instances.rows[7 * 20 + 2] = 'soon'; // birth of row 20
    const stages = validateDumpInStages(d);
    expect(stages.overview.snapshots).toHaveLength(2);
    const e = sdkError(() => finish(stages, 4));
    expect(e.code).toBe('E_DUMP_CORRUPT');
    expect(e.message).toMatch(/instances\.rows\[142\]: birth of instance row 20: expected a number, got "soon"/);
    expect(sdkError(() => stages.step(4))).toBe(e);
    // loadDump says the same of the same dump.
    expect(sdkError(() => loadDump(JSON.stringify(d))).message).toBe(e.message);
  });

  test('a size row for an unknown instance, a duplicate id and a referent tree of an unsized instance are found by the steps', () => {
    const unknown = sample();
    unknown.snapshots[1]!.sizes.rows[3] = 40;
    expect(sdkError(() => finish(validateDumpInStages(unknown), 4)).message).toMatch(/snapshots\[1\]\.sizes\.rows\[3\].*not in the instance table/);
    const twice = sample();
    twice.instances.rows[7 * 5] = 3; // row 5 takes row 2's id
    expect(sdkError(() => finish(validateDumpInStages(twice), 4)).message).toMatch(/duplicate instance id 3/);
    const refs = sample();
    refs.snapshots[1]!.refs = { '2': [] };
    expect(sdkError(() => finish(validateDumpInStages(refs), 4)).message).toMatch(/snapshots\[1\]\.refs.*no size row in this snapshot/);
  });

  test('a problem outside the rows throws at once: there is no overview to show', () => {
    const d = sample();
    (d.snapshots[1]!.classes['A'] as { bytes: unknown }).bytes = -1;
    expect(sdkError(() => validateDumpInStages(d)).message).toMatch(/snapshots\[1\]\.classes\.A\.bytes/);
  });

  test('instance ids out of order: found through a map, duplicates still caught', () => {
    const d = makeDump({ instances: [{ id: 9, name: 'A' }, { id: 4, name: 'A' }, { id: 6, name: 'A' }], snapshots: [{ sizes: { 4: 1, 6: 2, 9: 3 } }] });
    expect(finish(validateDumpInStages(structuredClone(d)), 1).dump.snapshots[0]!.sizes.rows).toEqual(d.snapshots[0]!.sizes.rows);
    d.instances.rows[14] = 4;
    expect(sdkError(() => finish(validateDumpInStages(d), 1)).message).toMatch(/duplicate instance id 4/);
  });
});

describe('parseDeferred: long "rows" arrays parsed when asked', () => {
  const tricky = {
    a: { rows: [1, 'x"],"rows":[9]', null, 2.5, '\\', '\\"', ']['] },
    rows: [[1, [2]], { rows: [3] }],
    s: '"rows":[1,2,3]',
    b: [{ fields: ['id'], rows: [7, 8, 9] }],
  };

  test('gives JSON.parse\'s value, strings holding brackets, quotes and "rows" included', () => {
    const text = JSON.stringify(tricky, null, 1);
    const { value, lazy } = parseDeferred(text, (t) => JSON.parse(t), 1);
    // The rows nested in a deferred array go with it: three arrays deferred.
    expect(lazy).toHaveLength(3);
    const resolved = JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof LazyRows ? v.parse() : v)));
    expect(resolved).toEqual(tricky);
    expect(rowSpans(text, 1)!.map(([a, b]) => JSON.parse(text.slice(a, b)))).toEqual([tricky.a.rows, tricky.rows, tricky.rows[1]!.rows, tricky.b[0]!.rows].filter((_, i) => i !== 2));
  });

  test('parsed piece by piece, cut at commas between values: the same array; nested values, holes and a trailing comma as JSON.parse has them', () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `s,${i}"],[` : i % 3 === 1 ? i / 7 : null));
    const text = `{"rows":${JSON.stringify(values)}}`;
    const fail = (): never => {
      throw new Error('not JSON');
    };
    const [[a, b]] = rowSpans(text, 1)!;
    const lazy = new LazyRows(text, a!, b!, fail);
    let pieces = 1;
    while (!lazy.parseSome(100)) pieces++;
    expect(pieces).toBeGreaterThan(100);
    expect(lazy.parse()).toEqual(values);
    const nested = `{"rows":${JSON.stringify(Array.from({ length: 200 }, (_, i) => [i, [i, 'x']]))}}`;
    const [[c, d]] = rowSpans(nested, 1)!;
    const n = new LazyRows(nested, c!, d!, fail);
    while (!n.parseSome(50));
    expect(n.parse()).toEqual(JSON.parse(nested).rows);
    for (const bad of ['{"rows":[1,2,,3,4,5,6]}', '{"rows":[1,2,3,4,5,6,]}', '{"rows":[,1,2,3,4,5,6]}', '{"rows":[1,2,3 4,5,6]}']) {
      const [[e, f]] = rowSpans(bad, 1)!;
      const l = new LazyRows(bad, e!, f!, fail);
      expect(() => {
        while (!l.parseSome(2));
      }, bad).toThrow('not JSON');
    }
  });

  test('a text that does not scan or whose skeleton is not JSON is parsed whole: the usual error', () => {
    const parseAll = (t: string): unknown => {
      throw new Error(`whole: ${t.length}`);
    };
    expect(() => parseDeferred('{"rows":[1,2', parseAll, 1)).toThrow('whole: 12');
    expect(() => parseDeferred('{"rows":[1,2],}', parseAll, 1)).toThrow('whole: 15');
    expect(() => parseDeferred('{"x":"abc', parseAll, 1)).toThrow('whole: 9');
  });

  test('loadDumpInStages on a large dump: the rows stay text until checked, and the dump equals loadDump\'s', () => {
    const d = bigDump(4000, 3, 2);
    const text = JSON.stringify(d);
    expect(rowSpans(text, DEFER_MIN_CHARS)!.length).toBeGreaterThan(0);
    const stages = loadDumpInStages(text);
    expect(stages.overview.snapshots).toHaveLength(3);
    const { dump, steps } = finish(stages, 1000);
    expect(steps).toBeGreaterThan(4);
    expect(dump).toEqual(loadDump(text));
  });

  test('invalid JSON inside a long rows array: the overview passes, a step gives loadDump\'s JSON error', () => {
    // 10,000 size rows: a table long enough to be deferred.
    const text = JSON.stringify(bigDump(10_000, 2, 1)).replace('"sizes":{"fields":["id","size","flat"],"rows":[1,', '"sizes":{"fields":["id","size","flat"],"rows":[1,,');
    const expected = sdkError(() => loadDump(text));
    expect(expected.message).toMatch(/invalid JSON at character/);
    const stages = loadDumpInStages(text);
    expect(stages.overview.snapshots).toHaveLength(2);
    expect(sdkError(() => finish(stages, 1000)).message).toBe(expected.message);
  });

  test('invalid JSON in the rows and a bad figure elsewhere: the JSON error, as loadDump gives', () => {
    const d = bigDump(4000, 2, 1) as unknown as { snapshots: Array<{ trackedTotal: unknown }> };
    d.snapshots[0]!.trackedTotal = 'lots';
    const text = JSON.stringify(d).replace('"rows":[1,', '"rows":[1,]');
    const expected = sdkError(() => loadDump(text));
    expect(expected.message).toMatch(/invalid JSON/);
    expect(sdkError(() => loadDumpInStages(text)).message).toBe(expected.message);
  });

  test('embedded dumps: each step names its dump; the sync reader returns the same dumps', () => {
    const good = bigDump(3000, 2, 1);
    const bad = bigDump(3000, 2, 1);
    bad.snapshots[1]!.sizes.rows[3 * 2000 + 1] = -5;
    const text = JSON.stringify({ names: ['before.json', 'after.json'], dumps: [good, bad] });
    const { stages, names } = loadEmbeddedDumpsInStages(text);
    expect(names).toEqual(['before.json', 'after.json']);
    expect(finish(stages[0]!, 500).dump).toEqual(loadDump(JSON.stringify(good)));
    expect(sdkError(() => finish(stages[1]!, 500)).message).toMatch(/^after\.json: corrupt heapcensus dump: snapshots\[1\]\.sizes\.rows\[6001\]: expected a byte count, got -5/);
    expect(loadEmbeddedDumps(JSON.stringify([good])).dumps[0]).toEqual(loadDump(JSON.stringify(good)));
  });
});
