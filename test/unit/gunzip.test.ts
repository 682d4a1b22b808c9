/**
 * The browser's synchronous inflater (platform/browser/gunzip.ts) against node:zlib: random inputs of many
 * shapes, compressed with every block kind (stored, fixed and dynamic Huffman), must come
 * back byte for byte; damaged input must throw a clear Error, never hang or return garbage.
 */
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/rng.js';
import { gunzip } from '../../platform/browser/gunzip.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { SdkError } from '../../src/SdkError.js';
import { makeDump } from './helpers/makeDump.js';

/** Random bytes of one of several shapes: noise, a few symbols, runs, repeated phrases, JSON-like text. */
function sample(seed: number): Uint8Array {
  const r = rng(seed);
  const n = Math.floor(r() ** 3 * 200_000);
  const out = new Uint8Array(n);
  const shape = seed % 5;
  const alphabet = 1 + Math.floor(r() * 40);
  const phrase = Array.from({ length: 3 + Math.floor(r() * 60) }, () => 32 + Math.floor(r() * 90));
  for (let i = 0; i < n; ) {
    if (shape === 0) out[i++] = Math.floor(r() * 256);
    else if (shape === 1) out[i++] = 97 + Math.floor(r() * alphabet);
    else if (shape === 2) {
      const run = 1 + Math.floor(r() * 300);
      const b = Math.floor(r() * 4);
      for (let k = 0; k < run && i < n; k++) out[i++] = b;
    } else if (shape === 3) {
      if (r() < 0.3) out[i++] = Math.floor(r() * 256);
      else for (const b of phrase) if (i < n) out[i++] = b;
    } else {
      const s = `{"id":${Math.floor(r() * 1e6)},"name":"Row${Math.floor(r() * alphabet)}","size":${(r() * 1e4).toFixed(1)}},`;
      for (let k = 0; k < s.length && i < n; k++) out[i++] = s.charCodeAt(k);
    }
  }
  return out;
}

const STRATEGIES = [
  { name: 'stored (level 0)', opts: { level: 0 } },
  { name: 'fixed Huffman', opts: { level: 6, strategy: constants.Z_FIXED } },
  { name: 'dynamic, level 1', opts: { level: 1 } },
  { name: 'dynamic, level 9', opts: { level: 9, memLevel: 9 } },
  { name: 'Huffman only', opts: { level: 6, strategy: constants.Z_HUFFMAN_ONLY } },
  { name: 'RLE', opts: { level: 6, strategy: constants.Z_RLE } },
  { name: 'small window', opts: { level: 9, windowBits: 9 } },
] as const;

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

describe('gunzip (synchronous, platform-free)', () => {
  for (const { name, opts } of STRATEGIES) {
    it(`round-trips random inputs: ${name}`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const input = sample(seed * 7919 + name.length);
        const got = gunzip(gzipSync(input, opts));
        if (!same(got, input)) throw new Error(`mismatch for seed ${seed} (${input.length} bytes)`);
      }
    });
  }

  it('decodes empty input, one byte, and a stream whose blocks mix all three kinds', () => {
    expect(gunzip(gzipSync(new Uint8Array(0)))).toEqual(new Uint8Array(0));
    expect(Array.from(gunzip(gzipSync(Uint8Array.of(42))))).toEqual([42]);
    // Compressing noise then text makes zlib choose stored blocks for one and Huffman for the other.
    const mixed = new Uint8Array([...sample(5), ...sample(4), ...sample(10), ...sample(2)]);
    expect(same(gunzip(gzipSync(mixed, { level: 6 })), mixed)).toBe(true);
  });

  it('a length-258 copy at distance 1, and matches reaching back 32 KiB', () => {
    const runs = new Uint8Array(100_000).fill(7);
    expect(same(gunzip(gzipSync(runs)), runs)).toBe(true);
    const far = new Uint8Array(70_000);
    const r = rng(3);
    for (let i = 0; i < 32_760; i++) far[i] = Math.floor(r() * 256);
    far.set(far.subarray(0, 32_760), 32_760);
    expect(same(gunzip(gzipSync(far, { level: 9 })), far)).toBe(true);
  });

  it('reads header fields (name, comment, extra, header CRC) and concatenated members', () => {
    const a = new TextEncoder().encode('first member ');
    const b = new TextEncoder().encode('second member');
    const body = deflateRawSync(a);
    const crc = gzipSync(a).subarray(-8);
    // FEXTRA | FNAME | FCOMMENT, no FHCRC: built by hand, since zlib never writes these.
    const head = [0x1f, 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 255, 3, 0, 1, 2, 3, ...Buffer.from('dump.json\0'), ...Buffer.from('a comment\0')];
    const member = new Uint8Array([...head, ...body, ...crc]);
    const both = new Uint8Array([...member, ...gzipSync(b), 0, 0]);
    expect(new TextDecoder().decode(gunzip(both))).toBe('first member second member');
  });

  it('names the damage: truncation, bad CRC, bad length, foreign data, corrupt blocks', () => {
    const gz = gzipSync(sample(4));
    for (const cut of [0, 5, 12, 20, gz.length >> 1, gz.length - 9, gz.length - 1]) {
      expect(() => gunzip(gz.subarray(0, cut)), `cut at ${cut}`).toThrow(/unexpected end of file/);
    }
    const badCrc = Uint8Array.from(gz);
    badCrc[gz.length - 6] ^= 0xff;
    expect(() => gunzip(badCrc)).toThrow(/CRC-32 mismatch/);
    const badLen = Uint8Array.from(gz);
    badLen[gz.length - 1] ^= 1;
    expect(() => gunzip(badLen)).toThrow(/length check/);
    expect(() => gunzip(new TextEncoder().encode('{"format":"heapcensus-dump"}'))).toThrow(/not gzip data/);
    const reserved = Uint8Array.from(gz);
    reserved[10] |= 6; // BTYPE 3 in the first block header
    expect(() => gunzip(reserved)).toThrow(/^gunzip: /);
  });

  it('random corruption never hangs, crashes or yields wrong bytes silently', () => {
    const r = rng(99);
    for (let k = 0; k < 300; k++) {
      const input = sample(k);
      const gz = Uint8Array.from(gzipSync(input, k % 3 === 0 ? { strategy: constants.Z_FIXED } : {}));
      const flips = 1 + Math.floor(r() * 4);
      for (let f = 0; f < flips; f++) gz[10 + Math.floor(r() * Math.max(1, gz.length - 18))] ^= 1 << Math.floor(r() * 8);
      let out: Uint8Array | undefined;
      try {
        out = gunzip(gz);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^gunzip: /);
        continue;
      }
      // Flips that land in unused bits decode fine; then the bytes must be right (the CRC saw to it).
      expect(same(out, input)).toBe(true);
    }
  });

  it('serves loadDump: gzip dumps load, damaged ones get E_DUMP_TRUNCATED / E_DUMP_CORRUPT', () => {
    const dump = makeDump({ instances: [{ name: 'Foo' }, { name: 'Bar' }], snapshots: [{ label: 'one', sizes: { 1: 100, 2: 50 } }] });
    const gz = gzipSync(JSON.stringify(dump));
    expect(loadDump(gz, { gunzip })).toEqual(loadDump(JSON.stringify(dump)));
    const code = (input: Uint8Array): string | undefined => {
      try {
        loadDump(input, { gunzip });
      } catch (e) {
        return e instanceof SdkError ? e.code : 'not an SdkError';
      }
      return undefined;
    };
    expect(code(gz.subarray(0, gz.length - 20))).toBe('E_DUMP_TRUNCATED');
    const bad = Uint8Array.from(gz);
    bad[gz.length - 7] ^= 0x55;
    expect(code(bad)).toBe('E_DUMP_CORRUPT');
  });

  it('inflates a 4 MB input exactly (its speed is benchmarked in bench/dump.bench.ts)', () => {
    const input = new Uint8Array(4_000_000);
    const text = sample(4);
    for (let i = 0; i < input.length; i++) input[i] = text[i % text.length]!;
    const gz = gzipSync(input);
    const out = gunzip(gz);
    expect(same(out, input)).toBe(true);
  });
});
