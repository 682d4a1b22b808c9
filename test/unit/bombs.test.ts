/**
 * Decompression bombs and oversized dumps (issue 16, round two): loadDump / readDump in Node,
 * the browser's synchronous inflater (platform/browser/gunzip.ts) and the CLI stop at the size limit with
 * E_DUMP_TOO_LARGE naming it, never inflate what they will refuse, and `maxBytes` raises it.
 * Bombs are built at test time (helpers/gzipBomb.ts); nothing here depends on timing.
 * Decorator mode plays no part: run in the legacy project only.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_MAX_DUMP_BYTES, loadDump, readDump } from '../../platform/node/index.js';
import { gunzip } from '../../platform/browser/gunzip.js';
import { loadDump as coreLoadDump } from '../../src/dump/loadDump.js';
import { SdkError } from '../../src/SdkError.js';
import { gzipBomb } from './helpers/gzipBomb.js';
import { runCli } from './helpers/runCli.js';
import { makeDump } from './helpers/makeDump.js';

const mode = process.env.HEAPCENSUS_DECORATORS;
const MIB = 2 ** 20;
let dir = '';
const file = (name: string): string => join(dir, name);
const dumpText = JSON.stringify(makeDump({ instances: [{ name: 'Foo' }], snapshots: [{ label: 's', sizes: { 1: 10 } }] }));
/** A real dump padded with 2 MiB of whitespace: valid JSON, about 2 KB of gzip. */
const padded = `${dumpText}${' '.repeat(2 * MIB)}`;

/** The SdkError `fn` throws (anything else, or nothing, fails the test). */
function sdkError(fn: () => unknown): SdkError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SdkError) return e;
    throw e;
  }
  throw new Error('expected an SdkError, nothing was thrown');
}

const cli = runCli;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heapcensus-bombs-'));
  writeFileSync(file('bomb.json.gz'), gzipBomb(3 * 1024, { fill: 0 }));
  writeFileSync(file('padded.json.gz'), gzipSync(padded));
  writeFileSync(file('padded.json'), padded);
});

describe.skipIf(mode === 'standard')('Node: loadDump and readDump', () => {
  test('the default limit is 256 MiB', () => {
    expect(DEFAULT_MAX_DUMP_BYTES).toBe(256 * MIB);
  });

  test('a 3 GiB bomb of zeros stops at the default limit; a 1 GiB bomb of JSON whitespace at maxBytes', () => {
    // Refused with the limit named; not inflated to the end (their CRC would fail), not "not UTF-8".
    const e = sdkError(() => loadDump(gzipBomb(3 * 1024, { fill: 0 })));
    expect(e.code).toBe('E_DUMP_TOO_LARGE');
    expect(e.message).toBe('heapcensus dump too large: the gzip data inflates to more than 256.00 MB, the limit (maxBytes 268435456)');
    const ws = sdkError(() => loadDump(gzipBomb(1024, { prefix: dumpText }), { maxBytes: 16 * MIB }));
    expect(ws.code).toBe('E_DUMP_TOO_LARGE');
    expect(ws.message).toContain('more than 16.00 MB');
  });

  test('maxBytes lowers or raises the limit, for gzip, bytes and text alike; the limit itself is allowed', () => {
    const gz = gzipSync(padded);
    expect(loadDump(gz).names).toEqual(['Foo']);
    for (const input of [gz, Buffer.from(padded), padded]) {
      const e = sdkError(() => loadDump(input, { maxBytes: MIB }));
      expect(e.code).toBe('E_DUMP_TOO_LARGE');
      expect(e.message).toContain('more than 1.00 MB, the limit (maxBytes 1048576)');
      expect(loadDump(input, { maxBytes: 3 * MIB }).names).toEqual(['Foo']);
      expect(loadDump(input, { maxBytes: padded.length }).names).toEqual(['Foo']);
      expect(sdkError(() => loadDump(input, { maxBytes: padded.length - 1 })).code).toBe('E_DUMP_TOO_LARGE');
    }
  });

  test('bad maxBytes values are refused at the call', () => {
    for (const bad of [0, -1, 1.5, NaN]) expect(() => loadDump(dumpText, { maxBytes: bad })).toThrow(RangeError);
    expect(() => loadDump(dumpText, { maxBytes: '9' as unknown as number })).toThrow(TypeError);
    expect(loadDump(dumpText, { maxBytes: Infinity }).names).toEqual(['Foo']);
  });

  test('a gunzip option that ignores the limit still has its output refused', () => {
    const e = sdkError(() => coreLoadDump(gzipSync(padded), { gunzip: (b) => new Uint8Array(gunzipSync(b)), maxBytes: MIB }));
    expect(e.code).toBe('E_DUMP_TOO_LARGE');
  });

  test('readDump: a bomb file, a file larger than the limit, and the limit raised', () => {
    expect(sdkError(() => readDump(file('bomb.json.gz'), { maxBytes: 16 * MIB })).code).toBe('E_DUMP_TOO_LARGE');
    const big = sdkError(() => readDump(file('padded.json'), { maxBytes: MIB }));
    expect(big.code).toBe('E_DUMP_TOO_LARGE');
    expect(big.message).toContain(`the file is ${padded.length} bytes, more than 1.00 MB`);
    expect(sdkError(() => readDump(file('padded.json.gz'), { maxBytes: MIB })).code).toBe('E_DUMP_TOO_LARGE');
    expect(readDump(file('padded.json.gz'), { maxBytes: 4 * MIB }).names).toEqual(['Foo']);
    expect(readDump(file('padded.json')).names).toEqual(['Foo']);
  });
});

describe.skipIf(mode === 'standard')('the browser inflater (platform/browser/gunzip.ts)', () => {
  test('stops a 3 GiB bomb at its limit, across gzip members too', () => {
    const e = sdkError(() => gunzip(gzipBomb(3 * 1024, { fill: 0 }), 8 * MIB));
    expect(e.code).toBe('E_DUMP_TOO_LARGE');
    expect(e.message).toContain('more than 8.00 MB');
    // Two valid members of 5 MiB: 10 MiB in all is over 8 MiB, under 16.
    const half = gzipSync(Buffer.alloc(5 * MIB, 0x20));
    const two = Buffer.concat([half, half]);
    expect(sdkError(() => gunzip(two, 8 * MIB)).code).toBe('E_DUMP_TOO_LARGE');
    expect(gunzip(two, 16 * MIB).length).toBe(10 * MIB);
    // Exactly the limit is allowed; one byte more is not, whatever the block kind.
    for (const level of [0, 1, 9]) {
      const gz = gzipSync(padded, { level });
      expect(gunzip(gz, padded.length).length).toBe(padded.length);
      expect(sdkError(() => gunzip(gz, padded.length - 1)).code).toBe('E_DUMP_TOO_LARGE');
    }
  });

  test("loadDump with it (the browser entry's path) refuses a bomb at maxBytes", () => {
    const e = sdkError(() => coreLoadDump(gzipBomb(1024, { prefix: dumpText }), { gunzip, maxBytes: 4 * MIB }));
    expect(e.code).toBe('E_DUMP_TOO_LARGE');
    expect(coreLoadDump(gzipSync(padded), { gunzip, maxBytes: 4 * MIB }).names).toEqual(['Foo']);
  });
});

describe.skipIf(mode === 'standard')('the CLI', () => {
  test('a bomb: exit 1, one line naming the file, the limit and the flag; no crash', async () => {
    const r = await cli('summary', file('bomb.json.gz'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain('bomb.json.gz: heapcensus dump too large: the gzip data inflates to more than 256.00 MB, the limit (maxBytes 268435456) (raise it with --max-size)');
    // Every verb that reads dumps (a lower limit keeps the test light).
    for (const verb of [['stats'], ['diff', file('padded.json')], ['report', '-o', file('bomb.html')]]) {
      const [v, ...rest] = verb;
      const o = await cli(v!, file('bomb.json.gz'), ...rest, '--max-size', '16M');
      expect(o.code, v).toBe(1);
      expect(o.out, v).toBe('');
      expect(o.err.trimEnd().split('\n'), v).toHaveLength(1);
      expect(o.err, v).toContain('bomb.json.gz: heapcensus dump too large: the gzip data inflates to more than 16.00 MB');
    }
    expect(existsSync(file('bomb.html'))).toBe(false);
  });

  test('--max-size lowers or raises the limit; a bad value is a usage error', async () => {
    const low = await cli('summary', file('padded.json.gz'), '--max-size', '1M');
    expect(low.code).toBe(1);
    expect(low.err).toContain('more than 1.00 MB');
    expect((await cli('summary', file('padded.json'), '--max-size', '1048576')).code).toBe(1);
    expect((await cli('summary', file('padded.json.gz'), '--max-size', '4M')).code).toBe(0);
    expect((await cli('summary', file('padded.json.gz'), '--max-size', '0.01g')).code).toBe(0);
    expect((await cli('summary', file('bomb.json.gz'), '--max-size', '16m')).err).toContain('more than 16.00 MB');
    for (const bad of ['lots', '0', '-5', '1T', '']) {
      const r = await cli('summary', file('padded.json'), `--max-size=${bad}`);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toMatch(/--max-size must be a size/);
    }
  });
});
