import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { DUMP_VERSION, type Dump } from '../../src/dump/Dump.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { SdkError, type SdkErrorCode } from '../../src/SdkError.js';
import { Stats } from '../../src/stats/Stats.js';
import { MAX_REF_DEPTH } from '../../src/dump/validateDump.js';
import { makeDump } from './helpers/makeDump.js';

const gunzip = (b: Uint8Array): Uint8Array => gunzipSync(b);

function sample(): Dump {
  return makeDump({
    instances: [
      { name: 'Foo', preview: '<Foo>', resolution: 2, trace: [{ fn: 'main', file: 'app.ts', line: 3, column: 5 }] },
      { name: 'Bar', preview: '<Bar>', death: 1500 },
      { name: 'Foo', birth: 1200, preview: 'Foo {a: 1}' },
    ],
    snapshots: [
      { label: 'one', sizes: { 1: { size: 5000, flat: 100, refs: [['.a', 4000, 50, [['[0]', 1000]], 'Array(1000)'], ['.b', 900]] }, 2: 300 } },
      { label: 'two', sizes: { 1: 5100, 2: 0, 3: 700 } },
    ],
    history: { Foo: [[0, 1], [1200, 2]], Bar: [[0, 1], [1500, 0]] },
    folded: { Bar: { count: 2, lifetimeTotal: 30, lifetimeMin: 10, lifetimeMax: 20, maxSize: 64, firstBirth: 1, lastDeath: 40 } },
    marks: [{ name: 'LCP', time: 900, value: 812.5, detail: { rating: 'good' } }],
  });
}

/** Runs `fn` and returns the SdkError it throws; fails on success or on any other error. */
function sdkError(fn: () => unknown): SdkError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SdkError) return e;
    throw new Error(`expected an SdkError, got ${String(e)}`);
  }
  throw new Error('expected an SdkError, but it loaded');
}

function expectCode(fn: () => unknown, code: SdkErrorCode, message?: RegExp | string): SdkError {
  const e = sdkError(fn);
  expect(e.code, e.message).toBe(code);
  if (message !== undefined) expect(e.message).toMatch(message);
  return e;
}

/** A JSON copy of the sample with `edit` applied to it. */
function edited(edit: (d: Record<string, any>) => void): string {
  const d = JSON.parse(JSON.stringify(sample())) as Record<string, any>;
  edit(d);
  return JSON.stringify(d);
}

describe('loadDump: valid input', () => {
  test('round-trips a dump from text, Uint8Array and ArrayBuffer', () => {
    const d = sample();
    const text = JSON.stringify(d);
    const bytes = new TextEncoder().encode(text);
    for (const input of [text, bytes, bytes.buffer.slice(0)]) {
      const loaded = loadDump(input);
      expect(JSON.parse(JSON.stringify(loaded))).toEqual(JSON.parse(text));
    }
  });

  test('accepts a UTF-8 BOM and non-ASCII names', () => {
    const d = makeDump({ instances: [{ name: 'Ünïcødé 😀', preview: '→' }], snapshots: [{ sizes: { 1: 10 } }] });
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(d))]);
    expect(loadDump(bytes).names).toEqual(['Ünïcødé 😀']);
  });

  test('gzip: decompressed with the gunzip option, a clear error without it', () => {
    const gz = gzipSync(JSON.stringify(sample()));
    expect(loadDump(gz, { gunzip }).snapshots).toHaveLength(2);
    expectCode(() => loadDump(gz), 'E_DUMP_FORMAT', /gzip.*gunzip/);
  });

  test('ignores unknown extra columns and top-level fields', () => {
    const text = edited((d) => {
      d.instances.fields.push('extra');
      const rows = d.instances.rows as unknown[];
      const out: unknown[] = [];
      for (let i = 0; i < rows.length; i += 7) out.push(...rows.slice(i, i + 7), 'x');
      d.instances.rows = out;
      d.futureField = { anything: [1, 2] };
    });
    const loaded = loadDump(text);
    expect(Stats.from(loaded).formatStats()).toBe(Stats.from(sample()).formatStats());
  });

  test('__proto__ keys are plain data and pollute nothing', () => {
    const text = JSON.stringify(sample())
      .replace('"classes":{', '"classes":{"__proto__":{"active":1,"bytes":2,"average":2,"pct":0},')
      .replace('"history":{', '"history":{"__proto__":[[0,1]],')
      .replace('"rating":"good"', '"rating":"good","__proto__":"x"');
    const d = loadDump(text);
    expect(Object.keys(d.snapshots[0]!.classes)).toContain('__proto__');
    expect(d.snapshots[0]!.classes['__proto__']!.bytes).toBe(2);
    expect(Object.getPrototypeOf(d.snapshots[0]!.classes)).toBeNull();
    expect(({} as Record<string, unknown>)['active']).toBeUndefined();
    expect(Stats.from(d).summary()).toContain('__proto__');
  });
});

describe('loadDump: rejected input', () => {
  test('newer version names both versions', () => {
    expectCode(() => loadDump(edited((d) => (d.version = DUMP_VERSION + 1))), 'E_DUMP_VERSION', new RegExp(`version ${DUMP_VERSION + 1}.*version ${DUMP_VERSION}`));
  });

  test('foreign JSON and non-JSON are "not a heapcensus dump"', () => {
    for (const text of ['{"name":"heapcensus","version":"0.1.0"}', '[1,2,3]', '"x"', 'null', '42', 'hello world', '<html></html>', '{"format":"other"}']) {
      expectCode(() => loadDump(text), 'E_DUMP_FORMAT', /not a heapcensus dump/);
    }
    expectCode(() => loadDump(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), 'E_DUMP_FORMAT');
    expectCode(() => loadDump(42 as unknown as string), 'E_DUMP_FORMAT');
  });

  test('empty input is truncated', () => {
    expectCode(() => loadDump(''), 'E_DUMP_TRUNCATED');
    expectCode(() => loadDump(new Uint8Array(0)), 'E_DUMP_TRUNCATED');
  });

  test('text cut at every offset is reported as truncated', () => {
    const text = JSON.stringify(sample());
    for (let k = 1; k < text.length; k++) {
      const e = sdkError(() => loadDump(text.slice(0, k)));
      expect(e.code, `cut at ${k}: ${e.message}`).toBe('E_DUMP_TRUNCATED');
    }
  });

  test('gzip cut at many offsets is truncated, never a crash', () => {
    const gz = gzipSync(JSON.stringify(sample()));
    for (let k = 2; k < gz.length; k += 3) {
      const e = sdkError(() => loadDump(gz.subarray(0, k), { gunzip }));
      expect(['E_DUMP_TRUNCATED', 'E_DUMP_CORRUPT']).toContain(e.code);
    }
    expectCode(() => loadDump(gz.subarray(0, gz.length - 20), { gunzip }), 'E_DUMP_TRUNCATED');
  });

  test('a UTF-8 character cut at the end is truncated; invalid UTF-8 is corrupt', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(makeDump({ instances: [{ name: 'é' }] })));
    const i = bytes.indexOf(0xc3);
    expectCode(() => loadDump(bytes.subarray(0, i + 1)), 'E_DUMP_TRUNCATED');
    const bad = bytes.slice();
    bad[i + 1] = 0x41;
    expectCode(() => loadDump(bad), 'E_DUMP_CORRUPT', /UTF-8 at byte/);
  });

  test('bit flips anywhere: loads or throws an SdkError, never anything else', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(sample()));
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let rejected = 0;
    for (let t = 0; t < 1500; t++) {
      const b = bytes.slice();
      const flips = 1 + rnd(3);
      for (let f = 0; f < flips; f++) {
        const at = rnd(b.length);
        b[at] = b[at]! ^ (1 << rnd(8));
      }
      try {
        const d = loadDump(b);
        // Whatever loads must also print without errors.
        const s = Stats.from(d);
        s.summary();
        s.formatStats();
      } catch (e) {
        expect(e).toBeInstanceOf(SdkError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(500);
  });

  test('structural problems are corrupt, with the path named', () => {
    const cases: Array<[string, (d: Record<string, any>) => void, RegExp]> = [
      ['missing names', (d) => delete d.names, /names: expected an array, got missing/],
      ['missing platform', (d) => delete d.platform, /platform: expected an object/],
      ['bad taggedSize', (d) => (d.platform.taggedSize = 6), /platform\.taggedSize/],
      ['missing snapshots', (d) => delete d.snapshots, /snapshots: expected an array/],
      ['missing history', (d) => delete d.history, /history/],
      ['missing folded', (d) => delete d.folded, /folded/],
      ['missing marks', (d) => delete d.marks, /marks/],
      ['missing created', (d) => delete d.created, /created/],
      ['version string', (d) => (d.version = '1'), /version: expected a positive integer/],
      ['rows not whole', (d) => d.instances.rows.push(1), /instances\.rows: .*whole number of rows of 7 columns/],
      ['missing column', (d) => (d.instances.fields[1] = 'nom'), /instances\.fields: missing the required column "name"/],
      ['duplicate column', (d) => (d.snapshots[0].sizes.fields = ['id', 'size', 'size']), /duplicate column/],
      ['name index out of range', (d) => (d.instances.rows[1] = 99), /instances\.rows\[1\]: name of instance row 0/],
      ['trace index out of range', (d) => (d.instances.rows[5] = 7), /instances\.rows\[5\].*traces/],
      ['duplicate instance id', (d) => (d.instances.rows[7] = 1), /duplicate instance id 1/],
      ['death before birth', (d) => (d.instances.rows[10] = -5), /death/],
      ['unknown size id', (d) => (d.snapshots[1].sizes.rows[6] = 40), /snapshots\[1\]\.sizes\.rows\[6\]: .*instance id 42.*not in the instance table/],
      ['size string', (d) => (d.snapshots[0].sizes.rows[4] = 'big'), /snapshots\[0\]\.sizes\.rows\[4\]: expected a byte count, got "big"/],
      ['negative size', (d) => (d.snapshots[0].sizes.rows[1] = -1), /snapshots\[0\]\.sizes\.rows\[1\]: expected a byte count, got -1/],
      ['huge size', (d) => (d.snapshots[0].sizes.rows[1] = 1e300), /expected a byte count/],
      ['two rows for one id', (d) => (d.snapshots[1].sizes.rows[3] = 0), /two rows/],
      ['snapshot label number', (d) => (d.snapshots[0].label = 5), /snapshots\[0\]\.label: expected a string/],
      ['bad sizing', (d) => (d.snapshots[0].sizing = 'guess'), /sizing/],
      ['bad source', (d) => (d.snapshots[0].total.source = 'rss'), /total\.source/],
      ['class figures', (d) => (d.snapshots[0].classes.Foo.active = -1), /snapshots\[0\]\.classes\.Foo\.active/],
      ['class odd key', (d) => (d.snapshots[0].classes['a b'] = 3), /classes\["a b"\]: expected an object/],
      ['refs key not an id', (d) => (d.snapshots[0].refs['x'] = []), /refs\.x: expected an instance id/],
      ['refs for unsized id', (d) => (d.snapshots[0].refs['3'] = []), /refs\["3"\]: instance id 3 has no size row/],
      ['ref tuple shape', (d) => (d.snapshots[0].refs['1'][0] = ['.a', 1]), /refs\["1"\]\[0\]: expected a referent/],
      ['ref preview type', (d) => (d.snapshots[0].refs['1'][0][4] = 5), /refs\["1"\]\[0\]\[4\]/],
      ['history point', (d) => (d.history.Foo[0] = [0, -1]), /history\.Foo\[0\]\[1\]/],
      ['folded field', (d) => delete d.folded.Bar.maxSize, /folded\.Bar\.maxSize/],
      ['mark detail', (d) => (d.marks[0].detail.rating = 1), /marks\[0\]\.detail\.rating/],
      ['trace frame', (d) => (d.traces[0][0] = ['main', 'app.ts', '3', 5]), /traces\[0\]\[0\]\[2\]/],
      ['duplicate snapshot id', (d) => (d.snapshots[1].id = 1), /duplicate snapshot id/],
    ];
    for (const [what, edit, msg] of cases) {
      const e = expectCode(() => loadDump(edited(edit)), 'E_DUMP_CORRUPT');
      expect(e.message, what).toMatch(msg);
    }
  });

  test('non-finite numbers (1e400) are corrupt', () => {
    const text = JSON.stringify(sample()).replace('"time":1000', '"time":1e400');
    expectCode(() => loadDump(text), 'E_DUMP_CORRUPT', /snapshots\[0\]\.time: expected a number, got Infinity/);
  });

  test('referent trees deeper than the limit are corrupt', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < MAX_REF_DEPTH + 5; i++) deep = [['.n', 1, 1, deep]];
    const text = edited((d) => (d.snapshots[0].refs['1'] = deep));
    expectCode(() => loadDump(text), 'E_DUMP_CORRUPT', /deeper than/);
  });

  test('very deep JSON nesting is rejected without a stack overflow', () => {
    const n = 200_000;
    expectCode(() => loadDump('['.repeat(n) + ']'.repeat(n)), 'E_DUMP_FORMAT');
    expectCode(() => loadDump(`{"format":"heapcensus-dump","version":1,"x":${'['.repeat(n)}`), 'E_DUMP_TRUNCATED');
  });

  test('invalid JSON in the middle is corrupt, not truncated', () => {
    const text = JSON.stringify(sample());
    expectCode(() => loadDump(text.replace('"names":', '"names"=')), 'E_DUMP_CORRUPT', /invalid JSON at character/);
    expectCode(() => loadDump(`${text}x`), 'E_DUMP_CORRUPT');
  });

  test('a non-gzip damaged stream with the gzip magic is corrupt', () => {
    const gz = gzipSync(JSON.stringify(sample()));
    const bad = gz.slice();
    for (let i = 12; i < 40; i++) bad[i] = 0xff;
    const e = sdkError(() => loadDump(bad, { gunzip }));
    expect(['E_DUMP_CORRUPT', 'E_DUMP_TRUNCATED']).toContain(e.code);
  });
});

describe('retainers: the optional leak-check field', () => {
  test('round-trips; __proto__ as a step is plain data', () => {
    const dump = { ...sample(), retainers: { '1': ['(global)', 'holder.cache', 'Array[41]', 'Foo'], '3': ['__proto__', 'Foo'] } };
    const back = loadDump(JSON.stringify(dump));
    expect(back.retainers).toEqual(dump.retainers);
    expect(Object.getPrototypeOf(back.retainers)).toBe(null);
    expect(loadDump(JSON.stringify(sample())).retainers).toBeUndefined();
  });

  test.each([
    ['an unknown instance id', { '99': ['x'] }, /retainers\["?99"?\].*not in the instance table/],
    ['a key that is no id', { abc: ['x'] }, /retainers.*expected an instance id/],
    ['an empty path', { '1': [] }, /at least one step/],
    ['a step that is no string', { '1': ['(global)', 7] }, /retainers.*\[1\].*expected a string/],
    ['not an object', ['x'], /retainers.*expected an object/],
  ])('rejects %s, naming the place', (_, retainers, message) => {
    expectCode(() => loadDump(JSON.stringify({ ...sample(), retainers })), 'E_DUMP_CORRUPT', message);
  });
});
