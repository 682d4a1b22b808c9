import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../platform/node/cli.js';
import { ClassTracker } from '../../src/tracker/ClassTracker.js';
import type { Dump } from '../../src/dump/Dump.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { SdkError } from '../../src/SdkError.js';
import { Stats } from '../../src/stats/Stats.js';
import { validateDump } from '../../src/dump/validateDump.js';
import { collectGarbage, fakePlatform } from './helpers/fakePlatform.js';

/**
 * Random damage to real dumps, through loadDump and the CLI's main() in-process: every input
 * either loads as a whole, valid dump or fails with an SdkError whose code and message name the
 * problem — never another exception, never a hang, never a partial result (nothing on stdout).
 * Decorator mode plays no part: run in the legacy project only.
 */
const mode = process.env.HEAPCENSUS_DECORATORS;
const CODES = ['E_DUMP_FORMAT', 'E_DUMP_VERSION', 'E_DUMP_CORRUPT', 'E_DUMP_TRUNCATED'];
const RUNS = 150;
const gunzip = (b: Uint8Array): Uint8Array => new Uint8Array(gunzipSync(b));

type Outcome = { ok: true; dump: Dump } | { ok: false; error: SdkError };

/** Loads, checking the contract: a whole dump, or an SdkError with a dump code and a short message naming the problem. */
function load(input: string | Uint8Array): Outcome {
  let out: Outcome;
  try {
    out = { ok: true, dump: loadDump(input, { gunzip }) };
  } catch (e) {
    if (!(e instanceof SdkError)) throw new Error(`loadDump threw ${String(e)} instead of an SdkError`, { cause: e });
    out = { ok: false, error: e };
  }
  if (out.ok) {
    // Whole: it validates again and every reader works on it.
    expect(() => validateDump(out.ok ? out.dump : null)).not.toThrow();
    const stats = new Stats(out.dump);
    expect(typeof stats.summary()).toBe('string');
    expect(typeof stats.formatStats()).toBe('string');
  } else {
    expect(CODES).toContain(out.error.code);
    expect(out.error.message).toMatch(/heapcensus dump/);
    expect(out.error.message.length).toBeLessThan(400);
  }
  return out;
}

/** A path into a JSON value: keys and indices. */
type Path = Array<string | number>;

function paths(v: unknown, base: Path = [], out: Path[] = [], limit = 5000): Path[] {
  if (out.length >= limit) return out;
  out.push(base);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...base, i], out, limit));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...base, k], out, limit);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let o = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]!] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

function deleteAt(root: unknown, path: Path): void {
  let o = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]!] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (Array.isArray(o)) o.splice(last as number, 1);
  else delete o[last];
}

/** [offset, length] of every number token outside strings in a JSON text. */
function numberTokens(text: string): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  const num = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      num.lastIndex = i;
      const m = num.exec(text)!;
      out.push([i, m[0].length]);
      i += m[0].length - 1;
    }
  }
  return out;
}

let baseText = '';
let baseDump: Dump;
let basePaths: Path[] = [];
let dir = '';

/** A real dump: 4 classes (one non-ASCII), traces, referent trees, dead and folded records, coarsened history, marks. */
async function realDump(): Promise<Dump> {
  const platform = fakePlatform();
  const t = new ClassTracker({ platform, deadRecordLimit: 2, historyLimit: 4 });
  class Doc { title = 'dœc'; parts = [{ n: 1.5 }, { n: 2 }]; }
  class Part { text = 'x'.repeat(40); }
  const keep: object[] = [];
  for (let i = 0; i < 4; i++) keep.push(t.trackObject(new Doc(), { resolution: 2, trace: true }).deref()!);
  for (let i = 0; i < 3; i++) keep.push(t.trackObject(new Part(), { name: 'Ünïcødé ✓ "quoted"' }).deref()!);
  await t.snapshot('first');
  (() => {
    for (let i = 0; i < 8; i++) t.trackObject({ tmp: i }, { name: 'Temp' });
  })();
  await collectGarbage(3);
  t.mark('LCP', 1234.5, { element: 'img' });
  await t.snapshot('second');
  keep.push({ map: new Map([[1, keep[0]]]) });
  t.trackObject(keep.at(-1)!, { name: 'Holder', resolution: 3 });
  await t.snapshot('third');
  return t.toDump();
}

beforeAll(async () => {
  baseDump = await realDump();
  baseText = JSON.stringify(baseDump);
  basePaths = paths(JSON.parse(baseText));
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-fuzz-'));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const enc = new TextEncoder();
const pathArb = (): fc.Arbitrary<Path> => fc.nat().map((i) => basePaths[i % basePaths.length]!);
const jsonValueArb = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 1.5, 2 ** 53, 1e308, -1e308, 5e-324, true, false, null, [], {}, [[]], { a: 1 }, [1, 2, 3], ''),
);

describe.skipIf(mode === 'standard')('fuzz: loadDump on damaged dumps', () => {
  it('the undamaged dump loads (text, bytes and gzip)', () => {
    expect(load(baseText).ok).toBe(true);
    expect(load(enc.encode(baseText)).ok).toBe(true);
    expect(load(new Uint8Array(gzipSync(baseText))).ok).toBe(true);
    expect(baseDump.snapshots).toHaveLength(3);
    expect(Object.keys(baseDump.folded)).toContain('Temp');
  });

  it(`truncated at a random offset (text, UTF-8 bytes, gzip): always E_DUMP_TRUNCATED (${RUNS} x 3 cases)`, () => {
    const bytes = enc.encode(baseText);
    const gz = new Uint8Array(gzipSync(baseText));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (f) => {
        for (const input of [baseText.slice(0, Math.floor(f * baseText.length)), bytes.subarray(0, Math.floor(f * bytes.length)), gz.subarray(0, Math.floor(f * gz.length))]) {
          const r = load(input);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.code).toBe('E_DUMP_TRUNCATED');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('every prefix of the first 64 bytes or characters (text, UTF-8 bytes, gzip): E_DUMP_TRUNCATED', () => {
    const bytes = enc.encode(baseText);
    const gz = new Uint8Array(gzipSync(baseText));
    for (let n = 0; n <= 64; n++) {
      for (const input of [baseText.slice(0, n), bytes.subarray(0, n), gz.subarray(0, n)]) {
        const r = load(input);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code, `prefix of ${n}`).toBe('E_DUMP_TRUNCATED');
      }
    }
  });

  it(`1-4 random bit flips in the UTF-8 bytes and in the gzip bytes: a whole dump or a dump error (${RUNS} x 2 cases)`, () => {
    const bytes = enc.encode(baseText);
    const gz = new Uint8Array(gzipSync(baseText));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }), (flips) => {
        for (const src of [bytes, gz]) {
          const b = src.slice();
          for (const [at, bit] of flips) b[at % b.length] = b[at % b.length]! ^ (1 << bit);
          load(b);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`a wrong-typed value at a random path: a whole dump or an error naming a path (${RUNS * 2} cases)`, () => {
    fc.assert(
      fc.property(pathArb(), jsonValueArb, (path, value) => {
        if (path.length === 0) return;
        const d = JSON.parse(baseText) as unknown;
        setAt(d, path, value);
        const r = load(JSON.stringify(d));
        if (!r.ok && r.error.code === 'E_DUMP_CORRUPT') expect(r.error.message).toMatch(/^corrupt heapcensus dump: [A-Za-z]+[.[:]/);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it(`a missing field at a random path: a whole dump or a dump error (${RUNS} cases); each top-level field missing: an error naming it`, () => {
    fc.assert(
      fc.property(pathArb(), (path) => {
        if (path.length === 0) return;
        const d = JSON.parse(baseText) as unknown;
        deleteAt(d, path);
        load(JSON.stringify(d));
      }),
      { numRuns: RUNS },
    );
    for (const k of Object.keys(baseDump)) {
      const d = JSON.parse(baseText) as Record<string, unknown>;
      delete d[k];
      const r = load(JSON.stringify(d));
      expect(r.ok, k).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(k === 'format' ? '"format"' : k);
    }
  });

  it(`huge numbers, NaN, Infinity and overlong digits written into the raw text at random numbers (${RUNS} cases)`, () => {
    const numbers = numberTokens(baseText);
    expect(numbers.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('1e999', '-1e999', 'NaN', 'Infinity', '-Infinity', '1e308', '123456789012345678901234567890', '-0', '0.1e-400', '9007199254740993', '1.7976931348623157e308'), (i, raw) => {
        const [at, len] = numbers[i % numbers.length]!;
        const text = baseText.slice(0, at) + raw + baseText.slice(at + len);
        const r = load(text);
        if (raw === 'NaN' || raw.endsWith('Infinity')) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.code).toBe('E_DUMP_CORRUPT');
        }
        if (raw.endsWith('e999') && !r.ok) expect(r.error.code).toBe('E_DUMP_CORRUPT');
      }),
      { numRuns: RUNS },
    );
  });

  it('a future or bogus version: E_DUMP_VERSION for newer, E_DUMP_CORRUPT for nonsense; a foreign format: E_DUMP_FORMAT', () => {
    for (const v of [2, 3, 99, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const r = load(JSON.stringify({ ...baseDump, version: v }));
      expect(!r.ok && r.error.code).toBe('E_DUMP_VERSION');
      if (!r.ok) expect(r.error.message).toContain(String(v));
    }
    for (const v of [0, -1, 1.5, '1', null, 1e999, [1], { v: 1 }]) {
      const r = load(JSON.stringify({ ...baseDump, version: v }));
      expect(!r.ok && r.error.code).toBe('E_DUMP_CORRUPT');
      if (!r.ok) expect(r.error.message).toContain('version');
    }
    for (const f of ['heapcensus', 'HEAPCENSUS-DUMP', '', 1, null]) {
      const r = load(JSON.stringify({ ...baseDump, format: f }));
      expect(!r.ok && r.error.code).toBe('E_DUMP_FORMAT');
    }
    for (const text of ['[]', '"heapcensus-dump"', '1', 'null', 'true', '[{"format":"heapcensus-dump"}]']) {
      expect(!load(text).ok && (load(text) as { error: SdkError }).error.code).toBe('E_DUMP_FORMAT');
    }
  });

  it('100k nested arrays and objects, at random paths and at the top, complete or cut short: an error, no stack overflow', () => {
    const N = 100_000;
    const arrays = `${'['.repeat(N)}${']'.repeat(N)}`;
    const objects = `${'{"a":'.repeat(N)}1${'}'.repeat(N)}`;
    const r1 = load(arrays);
    expect(!r1.ok && r1.error.code).toBe('E_DUMP_FORMAT');
    expect(!load(objects).ok).toBe(true);
    const cut = load('['.repeat(N));
    expect(!cut.ok && cut.error.code).toBe('E_DUMP_TRUNCATED');
    const cutObj = load(`{"format":"heapcensus-dump","version":1,"x":${'{"a":'.repeat(N)}`);
    expect(!cutObj.ok && cutObj.error.code).toBe('E_DUMP_TRUNCATED');
    const broken = load(`${'['.repeat(N)}}`);
    expect(!broken.ok && broken.error.code).toBe('E_DUMP_CORRUPT');
    // Deep values where the format has arrays: refs trees, marks, names, history.
    let cases = 0;
    fc.assert(
      fc.property(pathArb(), (path) => {
        if (path.length === 0) return;
        const marker = '"__DEEP__"';
        const d = JSON.parse(baseText) as unknown;
        setAt(d, path, '__DEEP__');
        const text = JSON.stringify(d).replace(marker, arrays);
        const r = load(text);
        cases++;
        expect(r.ok).toBe(false);
      }),
      { numRuns: 20 },
    );
    expect(cases).toBeGreaterThan(10);
    // A referent tree 100k levels deep, well-formed otherwise.
    const d = JSON.parse(baseText) as Dump;
    const snap = d.snapshots.find((s) => s.refs !== undefined)!;
    const id = Object.keys(snap.refs!)[0]!;
    const tree = `${'[[".next",1,1,'.repeat(N)}[]${']]'.repeat(N)}`;
    const deep = load(JSON.stringify({ ...d, snapshots: d.snapshots.map((s) => (s === snap ? { ...s, refs: { [id]: '__TREE__' } } : s)) }).replace('"__TREE__"', tree));
    expect(!deep.ok && deep.error.message).toMatch(/deeper than \d+ levels/);
  });

  it('a 100 MB string where a short enum belongs: an error with a clipped message, in bounded time and memory (one case)', () => {
    const d = JSON.parse(baseText) as Dump;
    (d.platform as { name: unknown }).name = '__BIG__';
    const text = JSON.stringify(d).replace('"__BIG__"', `"${'x'.repeat(100 * 1024 * 1024)}"`);
    const bad = load(text);
    expect(!bad.ok && bad.error.message).toMatch(/^corrupt heapcensus dump: platform\.name: expected "node" or "browser", got "x{21}\.\.\."$/);
  });

  it('__proto__, constructor and prototype keys anywhere records are keyed by name: no pollution, own null-prototype records', () => {
    const hostile = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];
    for (const key of hostile) {
      const d = JSON.parse(baseText) as Dump;
      const snap = d.snapshots[0]!;
      const fig = Object.values(snap.classes)[0]!;
      const text = JSON.stringify({ ...d, snapshots: [{ ...snap, classes: { ...snap.classes, __K__: fig } }, ...d.snapshots.slice(1)], history: { ...d.history, __K__: [[1, 1]] }, folded: { ...d.folded, __K__: d.folded['Temp'] } })
        .replaceAll('"__K__"', JSON.stringify(key));
      const r = load(text);
      expect(r.ok, key).toBe(true);
      if (r.ok) {
        expect(Object.getPrototypeOf(r.dump.snapshots[0]!.classes)).toBe(null);
        expect(Object.hasOwn(r.dump.snapshots[0]!.classes, key)).toBe(true);
        expect(Object.hasOwn(r.dump.history, key)).toBe(true);
        expect(Object.hasOwn(r.dump.folded, key)).toBe(true);
      }
      // A hostile key whose value is wrong is reported with the key quoted.
      const wrong = load(text.replace(`${JSON.stringify(key)}:[[1,1]]`, `${JSON.stringify(key)}:{"polluted":true}`));
      expect(!wrong.ok && wrong.error.message).toContain('history');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
    // __proto__ at the top level and inside the platform record changes nothing.
    const top = load(baseText.replace('{', '{"__proto__":{"polluted":true},'));
    expect(top.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('non-JSON inputs: binary, other gzip content, BOMs, empty, whitespace, wrong argument types', () => {
    const cases: unknown[] = ['', '   \n', '\ufeff', new Uint8Array(0), new Uint8Array([0xff, 0xfe, 0x00]), new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      new Uint8Array(gzipSync('not json')), new Uint8Array(gzipSync('')), new Uint8Array([0x1f, 0x8b]), '\ufeff' + baseText.slice(0, 10), 'undefined', '<html>'];
    for (const c of cases) load(c as string);
    for (const c of [undefined, null, 42, {}, [], new Map()]) {
      let err: unknown;
      try {
        loadDump(c as string);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SdkError);
    }
  });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

describe.skipIf(mode === 'standard')('fuzz: the CLI on damaged dumps', () => {
  it(`summary / stats / diff on ${RUNS} randomly damaged files: exit 0 with output, or exit 1 with one clear line and nothing on stdout`, async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, baseText);
    const damage = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((f) => ({ kind: 'cut' as const, f })),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }).map((flips) => ({ kind: 'flip' as const, flips })),
      fc.tuple(pathArb(), jsonValueArb).map(([path, value]) => ({ kind: 'type' as const, path, value })),
      pathArb().map((path) => ({ kind: 'missing' as const, path })),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(damage, fc.boolean(), fc.constantFrom('summary', 'stats', 'diff'), async (dmg, gz, verb) => {
        let text = baseText;
        let bytes: Uint8Array;
        if (dmg.kind === 'cut') text = baseText.slice(0, Math.floor(dmg.f * baseText.length));
        if (dmg.kind === 'type' || dmg.kind === 'missing') {
          const d = JSON.parse(baseText) as unknown;
          if (dmg.path.length > 0) {
            if (dmg.kind === 'type') setAt(d, dmg.path, dmg.value);
            else deleteAt(d, dmg.path);
          }
          text = JSON.stringify(d);
        }
        bytes = gz ? new Uint8Array(gzipSync(text)) : enc.encode(text);
        if (dmg.kind === 'flip') {
          bytes = bytes.slice();
          for (const [at, bit] of dmg.flips) bytes[at % bytes.length] = bytes[at % bytes.length]! ^ (1 << bit);
        }
        const file = join(dir, `case${n++}.json${gz ? '.gz' : ''}`);
        writeFileSync(file, bytes);
        let loaded: boolean;
        try {
          loadDump(bytes, { gunzip });
          loaded = true;
        } catch (e) {
          expect(e).toBeInstanceOf(SdkError);
          loaded = false;
        }
        const r = verb === 'diff' ? await cli('diff', good, file) : await cli(verb, file);
        if (loaded) {
          expect(r.err).toBe('');
          expect(r.code).toBe(0);
          expect(r.out.length).toBeGreaterThan(0);
        } else {
          expect(r.code).toBe(1);
          expect(r.out).toBe('');
          expect(r.err.trimEnd().split('\n')).toHaveLength(1);
          expect(r.err).toMatch(/^heapcensus: .*case\d+\.json(\.gz)?: (truncated|corrupt|not a) heapcensus dump|^heapcensus: .*newer than this heapcensus/);
          expect(r.err).not.toMatch(/TypeError|RangeError|undefined|\bat \//);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('unreadable paths and hostile arguments: exit 1 or 2 with a message, never a throw', async () => {
    const cases: string[][] = [
      ['summary', dir], ['summary', join(dir, 'missing.json')], ['summary', join(dir, 'good.json', 'below')], ['summary', join(dir, 'x'.repeat(300))],
      ['summary', ''], ['stats', join(dir, 'good.json'), '--limit', 'NaN'], ['stats', join(dir, 'good.json'), '--limit', '1e999'],
      ['stats', join(dir, 'good.json'), '--sort', '__proto__'], ['stats', join(dir, 'good.json'), '--sort', 'constructor'],
      ['stats', join(dir, 'good.json'), '--class', '__proto__'], ['diff', join(dir, 'good.json'), join(dir, 'good.json'), '--label', 'constructor'],
      ['__proto__'], ['constructor', 'x'], ['summary', '--', '--help'],
    ];
    for (const argv of cases) {
      const r = await cli(...argv);
      if (r.code !== 0) {
        expect([1, 2], argv.join(' ')).toContain(r.code);
        expect(r.err, argv.join(' ')).toMatch(/^heapcensus: \S/);
        expect(r.err).not.toMatch(/TypeError|Cannot read/);
      }
    }
  });
});
